import { hasOwn, rec } from '../values.js';

/** Callbacks of `hookApiPromise`. They run inside the caller's promise chain and must not throw. */
export interface ApiPromiseObserver {
  /** Someone started consuming the promise (so it is not abandoned). */
  onConsumer(): void;
  /** The HTTP response arrived. */
  onResponse(): void;
  /** The request or the parsing failed; the same error reaches the caller. */
  onError(error: unknown): void;
  /** The SDK parsed the body into `value` (a result object or a `Stream`); the caller gets the same value. */
  onParsed(value: unknown): void;
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/** Where a hooked `APIPromise` keeps its request and observer (not enumerable, not a string key). */
const HOOK_STATE = Symbol('lamplight.apiPromiseHook');

interface HookState {
  readonly request: PromiseLike<unknown>;
  readonly observer: ApiPromiseObserver;
  /** The observed request, derived on the first read. */
  observed: PromiseLike<unknown> | undefined;
}

/**
 * The `responsePromise` accessor of every hooked `APIPromise`: the first read derives the
 * observed request, so only a consumer attaching makes one — an unconsumed failing request
 * stays exactly as unhandled as without us. Assigning replaces it with a plain value.
 */
const RESPONSE_PROMISE: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: { [HOOK_STATE]?: HookState }): unknown {
    const state = this[HOOK_STATE];
    if (state === undefined) return undefined;
    const { observer } = state;
    observer.onConsumer();
    state.observed ??= state.request.then(
      (props) => {
        observer.onResponse();
        return props;
      },
      (error: unknown) => {
        observer.onError(error);
        throw error;
      },
    );
    return state.observed;
  },
  set(this: object, value: unknown): void {
    Object.defineProperty(this, 'responsePromise', { value, writable: true, configurable: true, enumerable: true });
  },
};

/**
 * Observes the SDK's own `APIPromise` in place; the caller keeps the SDK's object. It keeps
 * the request in the own property `responsePromise` and the body parser in `parseResponse`;
 * `then`/`catch`/`finally`, `asResponse()` and `withResponse()` read them when they run, and
 * `_thenUnwrap()` (the path of every helper) either reads them too (5.x, 6.x) or, in 7.x, is
 * an own closure over the same request and parser. So:
 * - `responsePromise` becomes a getter that derives the observed promise on first read, i.e.
 *   only when a consumer attaches — an unconsumed failing request stays exactly as
 *   unhandled as without us;
 * - `parseResponse` becomes a pass-through that sees the parsed value or the error;
 * - `_thenUnwrap` passes the value through an observing transform and hooks the promise it
 *   derives, so helpers built on it are observed whichever SDK version built them.
 * The body is read only by the SDK, only when the caller asks for it; values and errors are
 * the SDK's own. Returns false (nothing changed) when the object does not have this shape.
 */
export function hookApiPromise(promise: unknown, observer: ApiPromiseObserver): boolean {
  const target = rec(promise);
  if (!target || !hasOwn(target, 'responsePromise') || !hasOwn(target, 'parseResponse')) return false;
  const request = target.responsePromise;
  const parseResponse = target.parseResponse;
  if (!isThenable(request) || typeof parseResponse !== 'function') return false;
  const thenUnwrap = target._thenUnwrap;

  // The per-call state sits on the object under a symbol, and every hooked object shares one
  // accessor: an accessor with closures of its own would give each APIPromise its own hidden
  // class, allocated in old space (measured: about 4 µs of GC per call, and marking cycles).
  Object.defineProperty(target, HOOK_STATE, { value: { request, observer, observed: undefined } satisfies HookState, configurable: true });
  Object.defineProperty(target, 'responsePromise', RESPONSE_PROMISE);

  target.parseResponse = wrapParse(parseResponse as AnyFunction, observer);
  if (typeof thenUnwrap === 'function') target._thenUnwrap = wrapThenUnwrap(thenUnwrap as AnyFunction, observer);
  return true;
}

function wrapParse(original: AnyFunction, observer: ApiPromiseObserver): AnyFunction {
  return function tracedParseResponse(this: unknown, ...args: unknown[]): unknown {
    observer.onConsumer();
    let parsed: unknown;
    try {
      parsed = original.apply(this, args);
    } catch (error) {
      observer.onError(error);
      throw error;
    }
    if (!isThenable(parsed)) {
      observer.onParsed(parsed);
      return parsed;
    }
    return parsed.then(
      (value: unknown) => {
        observer.onParsed(value);
        return value;
      },
      (error: unknown) => {
        observer.onError(error);
        throw error;
      },
    );
  };
}

function wrapThenUnwrap(original: AnyFunction, observer: ApiPromiseObserver): AnyFunction {
  let derivedObserver: ApiPromiseObserver | undefined;
  return function tracedThenUnwrap(this: unknown, transform: unknown, ...rest: unknown[]): unknown {
    // The derived promise resolves to the transform's value, not the response: it reports
    // consumption and failures, but only the transform's input is the parsed response.
    // Built on first use: most calls never reach a helper's `_thenUnwrap`.
    derivedObserver ??= {
      onConsumer: () => observer.onConsumer(),
      onResponse: () => observer.onResponse(),
      onError: (error) => observer.onError(error),
      onParsed: () => undefined,
    };
    const observing =
      typeof transform === 'function'
        ? function (this: unknown, value: unknown, ...more: unknown[]): unknown {
            observer.onParsed(value);
            return (transform as AnyFunction).call(this, value, ...more);
          }
        : transform;
    const derived = original.call(this, observing, ...rest);
    hookApiPromise(derived, derivedObserver);
    return derived;
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as PromiseLike<unknown>).then === 'function';
}
