import { context, trace } from '@opentelemetry/api';
import { isNativePromise } from './brand-checks.js';
import type { LamplightObservation, ObservationOptions } from './observation-handle.js';
import { readObservationOptions } from './observation-options.js';
import { startObservation } from './start-observation.js';

/**
 * Runs `fn` inside a new observation that is active for everything `fn` starts (also
 * across `await`), and ends it when `fn` returns, throws, or — when `fn` returns a native
 * `Promise` (an `async` function, or a subclass such as an SDK's API promise) — when that
 * promise resolves or rejects. The return value and any error pass through unchanged
 * (the very same object); an error is also recorded on the observation (status ERROR,
 * exception event).
 *
 * Other thenables are returned untouched and the observation ends when `fn` returns:
 * `observe` never calls `then` on them, because a lazy thenable (a Knex query builder, a
 * Mongoose query) runs again on every `then`. To time such a query, await it inside:
 * `observe('load user', {}, async () => await db('users').where({ id }))`.
 * Options that are not an object, or cannot be read, are ignored (one diagnostic).
 */
export function observe<T>(name: string, options: ObservationOptions, fn: (observation: LamplightObservation) => T): T {
  // Any garbage as options (null, a throwing Proxy) is ignored: `fn` always runs.
  const opts = readObservationOptions(options);
  const observation = startObservation(name, opts);
  let ctx = context.active();
  try {
    ctx = trace.setSpan(opts.parentContext ?? ctx, observation.span);
  } catch {
    // A parent context that is not a Context: run in the active one.
  }
  let result: T;
  try {
    result = context.with(ctx, fn, undefined, observation);
  } catch (error) {
    observation.recordError(error);
    observation.end();
    throw error;
  }
  // `isPromise` checks the internal slot: it reads no property and runs no Proxy trap.
  if (isNativePromise(result)) {
    try {
      // Observe settlement without replacing the caller's promise: the same object is returned.
      void (result as Promise<unknown>).then(
        () => observation.end(),
        (error: unknown) => {
          observation.recordError(error);
          observation.end();
        },
      );
      return result;
    } catch {
      // A promise subclass whose `then` throws: the caller's value still comes back as is.
    }
  }
  observation.end();
  return result;
}
