import { analyzeItems, type ItemFacts, type Reason } from './importance.js';
import { type Container, entriesOf, isScalar, type Json, type JsonObject } from './values.js';

/** What the lossy stage keeps: which items of which collections, and how long a string may be. */
export interface Plan {
  /**
   * Kept positions (ascending) of collections that lost items: array indexes, or entry
   * positions of objects used as maps. Collections not listed keep everything.
   */
  kept: Map<Container, readonly number[]>;
  /** Strings longer than this keep a head and a tail around a marker. */
  maxString: number;
}

export const LOSSLESS_PLAN: Plan = { kept: new Map(), maxString: Number.POSITIVE_INFINITY };

/** Objects with at least this many entries of one kind are maps (versions, dependencies) whose entries may be cut. */
export const MIN_MAP_ENTRIES = 8;

const DIGITS = /\d+|[0-9a-f]{8,}/gi;

/**
 * Reasons deep down that keep the path to them. Query matches do not: the item's own BM25
 * score already counts its nested text. First and last are only positional.
 */
const BUBBLES: ReadonlySet<Reason> = new Set<Reason>(['error', 'rare', 'outlier', 'change', 'nested']);

/**
 * Facts and sizes about one value, computed once and shared by every planning pass.
 * Sizes are compact-JSON characters: a stable, cheap yardstick whose ratio to tokens is
 * calibrated by the caller.
 */
export interface Planner {
  plan(budgetUnits: number): Plan;
  size(node: Json): number;
}

/** The items of a collection, and for maps their keys. */
interface Collection {
  items: readonly Json[];
  keys: readonly string[] | undefined;
}

export function createPlanner(root: Json, query: string | undefined): Planner {
  const sizes = new WeakMap<Container, number>();
  const facts = new WeakMap<Container, ItemFacts>();
  const signals = new WeakMap<Container, boolean>();
  const collections = new WeakMap<Container, Collection | null>();

  const size = (node: Json): number => {
    if (node === null) return 4;
    if (typeof node === 'string') return node.length + 2;
    if (typeof node !== 'object') return String(node).length;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    let total = 2;
    if (Array.isArray(node)) for (const item of node) total += size(item) + 1;
    else for (const key in node) total += key.length + 4 + size(node[key] as Json);
    sizes.set(node, total);
    return total;
  };

  /** An array, or an object big enough to be cut like one; undefined for small objects. */
  const collectionOf = (node: Container): Collection | undefined => {
    if (Array.isArray(node)) return { items: node, keys: undefined };
    let known = collections.get(node);
    if (known === undefined) {
      // Most objects are records far smaller than a map: no need to list their entries.
      let entries = 0;
      for (const _ in node) if (++entries >= MIN_MAP_ENTRIES) break;
      if (entries < MIN_MAP_ENTRIES) return undefined;
      const { keys, values } = entriesOf(node);
      // A map holds one kind of value under many keys (version -> date, name -> package);
      // a record mixes scalars and containers, and keeps every field.
      const uniform = values.every(isScalar) || values.every((value) => !isScalar(value));
      known = keys.length >= MIN_MAP_ENTRIES && uniform ? { items: values, keys } : null;
      collections.set(node, known);
    }
    return known ?? undefined;
  };

  const factsOf = (node: Container, collection: Collection, key: string): ItemFacts => {
    let known = facts.get(node);
    if (known === undefined) {
      known = analyzeItems(collection.items, key, query, hasSignal, collection.keys);
      facts.set(node, known);
    }
    return known;
  };

  // Whether something below `node` must stay: its path has to stay with it.
  function hasSignal(node: Json, key = ''): boolean {
    if (isScalar(node)) return false;
    const known = signals.get(node);
    if (known !== undefined) return known;
    signals.set(node, false);
    let found = false;
    const collection = collectionOf(node);
    if (collection !== undefined) {
      for (const reason of factsOf(node, collection, key).keep.values()) if (BUBBLES.has(reason)) found = true;
    } else {
      for (const child in node) {
        const value = (node as JsonObject)[child] as Json;
        if (!isScalar(value) && hasSignal(value, child)) found = true;
      }
    }
    signals.set(node, found);
    return found;
  }

  return {
    size,
    plan(budgetUnits) {
      const plan: Plan = { kept: new Map(), maxString: Math.round(Math.min(4000, Math.max(160, budgetUnits / 25))) };
      allocate(root, '', budgetUnits, plan);
      return plan;
    },
  };

  function allocate(node: Json, key: string, budget: number, plan: Plan): void {
    if (isScalar(node) || size(node) <= budget) return;
    const collection = collectionOf(node);
    if (collection !== undefined) allocateCollection(node, collection, key, budget, plan);
    else allocateObject(node as JsonObject, budget, plan);
  }

  // Water-filling: small children stay whole, the big ones share what is left equally.
  function allocateObject(node: JsonObject, budget: number, plan: Plan): void {
    let remaining = budget;
    const containers: Array<[string, Json]> = [];
    for (const [key, value] of Object.entries(node)) {
      remaining -= key.length + 4;
      if (isScalar(value)) remaining -= Math.min(size(value), plan.maxString);
      else containers.push([key, value]);
    }
    containers.sort((a, b) => size(a[1]) - size(b[1]));
    containers.forEach(([key, value], index) => {
      const share = Math.max(0, remaining) / (containers.length - index);
      const need = size(value);
      if (need <= share) {
        remaining -= need;
      } else {
        allocate(value, key, share, plan);
        remaining -= share;
      }
    });
  }

  function allocateCollection(node: Container, collection: Collection, key: string, budget: number, plan: Plan): void {
    const { items } = collection;
    const { keep, queryScores } = factsOf(node, collection, key);
    const average = size(node) / Math.max(1, items.length);
    const must = [...keep.keys()].sort((a, b) => a - b);
    const mustCost = must.reduce((sum, index) => sum + Math.min(size(items[index] as Json), Math.max(average, budget / must.length)), 0);
    const fillCount = Math.max(0, Math.min(items.length - must.length, Math.floor((budget - mustCost) / average)));
    const chosen = new Set(must);
    for (const index of fill(items, chosen, fillCount, queryScores)) chosen.add(index);
    const kept = [...chosen].sort((a, b) => a - b);
    if (kept.length < items.length) plan.kept.set(node, kept);
    const share = budget / Math.max(1, kept.length);
    for (const index of kept) {
      const item = items[index] as Json;
      if (!isScalar(item) && size(item) > share) allocate(item, collection.keys?.[index] ?? key, share, plan);
    }
  }

  /** `count` more items spread evenly over the rest, skipping exact and near repeats of chosen ones. */
  function fill(items: readonly Json[], chosen: ReadonlySet<number>, count: number, queryScores: number[] | undefined): number[] {
    if (count <= 0) return [];
    const shapes = new Set<string>();
    const shapeOf = (index: number) => JSON.stringify(items[index]).replace(DIGITS, '#');
    for (const index of chosen) shapes.add(shapeOf(index));
    const candidates: number[] = [];
    for (let index = 0; index < items.length; index++) if (!chosen.has(index)) candidates.push(index);
    // Query matches first, best first; then evenly spaced, preferring shapes not yet shown.
    const picked: number[] = [];
    if (queryScores !== undefined) {
      const matching = candidates.filter((index) => (queryScores[index] ?? 0) > 0).sort((a, b) => (queryScores[b] ?? 0) - (queryScores[a] ?? 0) || a - b);
      for (const index of matching.slice(0, Math.ceil(count / 2))) picked.push(index);
    }
    const taken = new Set(picked);
    const rest = candidates.filter((index) => !taken.has(index));
    const wanted = count - picked.length;
    if (wanted <= 0 || rest.length === 0) return picked;
    const stride = rest.length / wanted;
    // A slot whose whole stretch repeats shapes already shown stays empty: repeats tell nothing new.
    for (let slot = 0; slot < wanted && slot * stride < rest.length; slot++) {
      const start = Math.floor(slot * stride);
      const end = Math.min(rest.length, Math.floor((slot + 1) * stride));
      for (let at = start; at < Math.max(end, start + 1); at++) {
        const shape = shapeOf(rest[at] as number);
        if (!shapes.has(shape)) {
          shapes.add(shape);
          picked.push(rest[at] as number);
          break;
        }
      }
    }
    return picked;
  }
}
