import { context, trace } from '@opentelemetry/api';
import type { LamplightObservation, ObservationOptions } from './observation-handle.js';
import { startObservation } from './start-observation.js';

/**
 * Runs `fn` inside a new observation that is active for everything `fn` starts (also
 * across `await`), and ends it when `fn` returns, resolves, throws or rejects. The
 * return value and any error pass through unchanged; an error is also recorded on the
 * observation (status ERROR, exception event).
 */
export function observe<T>(name: string, options: ObservationOptions, fn: (observation: LamplightObservation) => T): T {
  const observation = startObservation(name, options);
  const ctx = trace.setSpan(options.parentContext ?? context.active(), observation.span);
  let result: T;
  try {
    result = context.with(ctx, fn, undefined, observation);
  } catch (error) {
    observation.recordError(error);
    observation.end();
    throw error;
  }
  if (isPromiseLike(result)) {
    // Observe settlement without replacing the caller's promise: the same object is returned.
    result.then(
      () => observation.end(),
      (error: unknown) => {
        observation.recordError(error);
        observation.end();
      },
    );
    return result;
  }
  observation.end();
  return result;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as PromiseLike<unknown>).then === 'function';
}
