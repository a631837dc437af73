import { RateLimitedLogger } from '@lamplight/core/internal';

/**
 * The package's component logger on OTel `diag`. Internal failures are logged once per
 * key and minute: a broken assumption about the SDK repeats on every call.
 */
export const log = new RateLimitedLogger('@lamplight/openai');

/** Runs `fn`, logging (once per key) instead of throwing. Returns undefined on failure. */
export function safely<T>(key: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    internalError(key, error);
    return undefined;
  }
}

/** Logs (once per key) an internal failure caught on the call path; what `safely` does on a throw. */
export function internalError(key: string, error: unknown): void {
  log.warn(key, `internal error (${key}); the OpenAI call is unaffected`, error);
}
