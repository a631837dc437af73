import { RateLimitedLogger } from '../diag-logger.js';
import type { ObservationOptions } from './observation-handle.js';

const log = new RateLimitedLogger('@lamplight/core');

/** Every option `startObservation` and `observe` read. */
const OPTION_KEYS: ReadonlyArray<keyof ObservationOptions> = [
  'kind',
  'captureContent',
  'parentContext',
  'startTime',
  'input',
  'output',
  'model',
  'provider',
  'modelParameters',
  'usage',
  'cost',
  'level',
  'statusMessage',
  'metadata',
  'prompt',
  'completionStartTime',
];

/**
 * The caller's options as a plain object, each option read once inside its own try: `null`,
 * a number, a Proxy whose traps throw, a revoked Proxy or a throwing getter cost at most
 * that option (one rate-limited diagnostic), never an exception before `fn` runs.
 */
export function readObservationOptions(options: unknown): ObservationOptions {
  if (options === undefined) return {};
  if (options === null || (typeof options !== 'object' && typeof options !== 'function')) {
    log.warn('options', `observation options must be an object, got ${options === null ? 'null' : typeof options}; ignored`);
    return {};
  }
  const out: Record<string, unknown> = {};
  let failed = 0;
  for (const key of OPTION_KEYS) {
    try {
      const value = (options as Record<string, unknown>)[key];
      if (value !== undefined) out[key] = value;
    } catch {
      failed++;
    }
  }
  if (failed > 0) log.warn('options', `${failed} observation option(s) could not be read; ignored`);
  return out as ObservationOptions;
}

/** A span name: the string given, else a placeholder (one rate-limited diagnostic). */
export function observationName(name: unknown): string {
  if (typeof name === 'string') return name;
  log.warn('name', `observation name must be a string, got ${name === null ? 'null' : typeof name}`);
  return 'observation';
}
