import { ROOT_CONTEXT, type Context, type ContextManager } from '@opentelemetry/api';

/** The part of an `AsyncLocalStorage` the context manager uses. */
export interface AsyncLocalStorageLike<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
  disable?(): void;
}

/** An `AsyncLocalStorage` class: `node:async_hooks`' on Node, Deno, Bun and Workers, `globalThis.AsyncLocalStorage` on Vercel Edge. */
export type AsyncLocalStorageClass = new () => AsyncLocalStorageLike<Context>;

/**
 * An OpenTelemetry context manager over an `AsyncLocalStorage` class the caller passes in,
 * so `observe` nests and `withTraceAttributes` propagates across `await` on any runtime that
 * has one, while Lamplight itself imports no `node:` module:
 *
 * ```ts
 * import { AsyncLocalStorage } from 'node:async_hooks'; // Workers: nodejs_als or nodejs_compat
 * context.setGlobalContextManager(new AlsContextManager(AsyncLocalStorage));
 * ```
 *
 * Where the runtime has none, start children from their parent's handle
 * (`parent.startObservation(…)`) or pass `parentContext`. Unlike the stock
 * `@opentelemetry/context-async-hooks` manager (CommonJS, which edge bundlers cannot
 * always load), `bind` binds functions only, not event emitters.
 */
export class AlsContextManager implements ContextManager {
  private readonly storage: AsyncLocalStorageLike<Context>;

  constructor(AsyncLocalStorage: AsyncLocalStorageClass) {
    this.storage = new AsyncLocalStorage();
  }

  /** The context of the current async flow, or the root context. */
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }

  /** Runs `fn` with `ctx` active for it and everything it awaits. */
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.storage.run(ctx, () => fn.call(thisArg, ...args));
  }

  /** A function that runs `target` with `ctx` active; anything but a function is returned as is. */
  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const run = (thisArg: unknown, args: unknown[]): unknown => this.with(ctx, () => (target as (...a: unknown[]) => unknown).apply(thisArg, args));
    return function (this: unknown, ...args: unknown[]) {
      return run(this, args);
    } as T;
  }

  /** Nothing to set up: the storage works from construction. */
  enable(): this {
    return this;
  }

  /** Stops the storage (where it supports that); `active()` is then the root context. */
  disable(): this {
    this.storage.disable?.();
    return this;
  }
}
