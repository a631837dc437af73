import { RateLimitedLogger } from '@lamplight/core/internal';

const log = new RateLimitedLogger('@lamplight/register');

/** Environment as a plain record (tests pass their own). */
export type Env = Record<string, string | undefined>;

/**
 * Reads a boolean variable. A value that is neither true-ish nor false-ish warns once and
 * falls back (DESIGN §6 rule 7: a bad environment value never throws).
 */
export function envBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  log.warn(`env:${name}`, `${name}="${env[name]}" is not a boolean; using ${String(fallback)}`);
  return fallback;
}

/**
 * Parses a boolean the way `envBoolean` does, without a fallback: undefined when unset or
 * empty, `'invalid'` when it is neither true-ish nor false-ish.
 */
export function parseBoolean(value: string | undefined): boolean | undefined | 'invalid' {
  const raw = value?.trim().toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  return 'invalid';
}

/** Reads a number within [min, max]; anything else warns once and falls back. */
export function envNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (Number.isFinite(n) && n >= min && n <= max) return n;
  log.warn(`env:${name}`, `${name}="${raw}" is not a number in [${min}, ${max}]; using ${fallback}`);
  return fallback;
}

/** Reads one of a fixed set of values (case-insensitive); anything else warns once and falls back. */
export function envChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  const hit = choices.find((c) => c === raw);
  if (hit) return hit;
  log.warn(`env:${name}`, `${name}="${env[name]}" is not one of ${choices.join(', ')}; using ${fallback}`);
  return fallback;
}

/** A non-empty string or undefined. */
export function envString(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}
