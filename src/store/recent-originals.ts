/**
 * The originals this process read or wrote last, decoded, up to a number of characters:
 * following the pages of a 20 MB original reads it once, not once a page. Ids name their
 * content, so an entry is never stale; whether it is still live is the store's to say.
 */
export interface RecentOriginals {
  get(id: string): string | undefined;
  set(id: string, content: string): void;
  delete(id: string): void;
  clear(): void;
}

export function createRecentOriginals(maxChars: number): RecentOriginals {
  const entries = new Map<string, string>();
  let chars = 0;
  const drop = (id: string) => {
    const content = entries.get(id);
    if (content === undefined) return;
    entries.delete(id);
    chars -= content.length;
  };
  return {
    get(id) {
      const content = entries.get(id);
      if (content !== undefined) {
        // Most recently used last, so the first entry is the one to evict.
        entries.delete(id);
        entries.set(id, content);
      }
      return content;
    },
    set(id, content) {
      drop(id);
      if (content.length > maxChars) return;
      entries.set(id, content);
      chars += content.length;
      for (const oldest of entries.keys()) {
        if (chars <= maxChars) break;
        drop(oldest);
      }
    },
    delete: drop,
    clear() {
      entries.clear();
      chars = 0;
    },
  };
}
