import type { Random } from '../random.js';

// Shared word lists so the generated records read like one company's systems.
export const ORGS = ['acme', 'northwind', 'globex', 'initech', 'umbrella-labs', 'hooli'];
export const REPOS = ['payments', 'checkout-web', 'auth-service', 'inventory', 'platform-sdk', 'search-api', 'notifications', 'data-pipeline', 'admin-console', 'mobile-bff'];
export const SERVICES = ['checkout-api', 'payments-worker', 'auth-service', 'inventory-sync', 'search-api', 'notification-dispatcher', 'cart-service', 'gateway'];
export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1'];
export const DIRS = ['src', 'src/api', 'src/core', 'src/db', 'src/middleware', 'src/handlers', 'lib', 'internal/service', 'pkg/client', 'app/models', 'test'];
export const NOUNS = ['order', 'cart', 'session', 'invoice', 'customer', 'payment', 'refund', 'shipment', 'token', 'webhook', 'account', 'price', 'coupon', 'report'];
export const VERBS = ['get', 'create', 'update', 'delete', 'list', 'sync', 'validate', 'parse', 'build', 'resolve', 'fetch', 'apply'];
export const EXTENSIONS = ['.ts', '.ts', '.ts', '.js', '.py', '.go', '.tsx'];
export const FIRST_NAMES = ['ava', 'liam', 'noah', 'mia', 'zoe', 'omar', 'lena', 'kai', 'ines', 'ravi', 'yuki', 'sam', 'eli', 'tara', 'jon'];
export const LAST_NAMES = ['chen', 'garcia', 'smith', 'novak', 'okafor', 'patel', 'silva', 'kim', 'muller', 'rossi', 'haddad', 'berg'];
export const COUNTRIES = ['US', 'US', 'US', 'DE', 'GB', 'FR', 'BR', 'IN', 'JP', 'CA'];

export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** e.g. `updateInvoice` */
export function identifier(random: Random): string {
  return `${random.pick(VERBS)}${capitalize(random.pick(NOUNS))}`;
}

/** e.g. `src/db/invoice_sync.ts` */
export function sourcePath(random: Random): string {
  const noun = random.pick(NOUNS);
  const suffix = random.pick(['', '_service', '_handler', '_repository', '.controller', '_utils', '_client']);
  return `${random.pick(DIRS)}/${noun}${suffix}${random.pick(EXTENSIONS)}`;
}

/** ISO timestamp `minutes` after a fixed epoch, with milliseconds. */
export function timestamp(baseMs: number, offsetMs: number): string {
  return new Date(baseMs + offsetMs).toISOString();
}

/** A line of code that mentions `name`, in a handful of plausible shapes. */
export function codeLine(random: Random, name: string): string {
  const other = identifier(random);
  return random.pick([
    `export async function ${name}(input: ${capitalize(random.pick(NOUNS))}Input): Promise<void> {`,
    `  const result = await ${name}(ctx, { retries: ${random.int(1, 5)} });`,
    `  if (!${name}(payload)) throw new ValidationError('${random.pick(NOUNS)} is invalid');`,
    `import { ${name}, ${other} } from '../${random.pick(NOUNS)}/${random.pick(NOUNS)}';`,
    `  return ${name}(${random.pick(NOUNS)}Id).then((row) => ${other}(row));`,
    `  logger.debug('${name} finished', { elapsedMs: Date.now() - started });`,
    `def ${name}(self, ${random.pick(NOUNS)}_id: str) -> dict:`,
    `func (s *${capitalize(random.pick(NOUNS))}Service) ${capitalize(name)}(ctx context.Context) error {`,
  ]);
}
