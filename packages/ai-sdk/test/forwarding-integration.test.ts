import { AsyncLocalStorage } from 'node:async_hooks';
import { context, createContextKey, ROOT_CONTEXT, type Context, type ContextManager } from '@opentelemetry/api';
import type { Telemetry } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardingIntegration } from '../src/forwarding-integration.js';
import { lamplightRole, producesSpans } from '../src/integration-registry.js';
import { lamplightTelemetry, VERSION } from '../src/index.js';

const KEY = createContextKey('test.marker');

/** The smallest async context manager (this package does not depend on the OTel SDK's). */
class AlsContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.storage.run(ctx, () => fn.call(thisArg, ...args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.storage.disable();
    return this;
  }
}

beforeAll(() => {
  context.setGlobalContextManager(new AlsContextManager());
});
afterAll(() => {
  context.disable();
});

/** An inner integration recording hooks with the context marker active at each. */
function recorder() {
  const seen: string[] = [];
  const inner = {
    onStart: (e: { callId: string }) => void seen.push(`start ${e.callId} ${String(context.active().getValue(KEY))}`),
    onStepStart: (e: { callId: string }) => void seen.push(`step ${e.callId}`),
    onEnd: (e: { callId: string }) => void seen.push(`end ${e.callId}`),
    onError: () => {
      throw new Error('inner bug');
    },
    executeLanguageModelCall: <T>({ execute }: { execute: () => PromiseLike<T> }) => context.with(context.active().setValue(KEY, 'model-call'), execute),
  } as unknown as Telemetry;
  return { seen, inner };
}

type Hooks = Required<Pick<Telemetry, 'onStart' | 'onStepStart' | 'onEnd' | 'onError' | 'executeLanguageModelCall' | 'executeTool'>>;

describe('forwarding integration', () => {
  it('forwards in order while the inner integration loads, each hook in the context it was called in', async () => {
    const { seen, inner } = recorder();
    let resolve: (t: Telemetry) => void = () => undefined;
    const integration = forwardingIntegration({ role: 'explicit', build: () => new Promise((r) => (resolve = r)) }) as Hooks;
    const first = context.with(context.active().setValue(KEY, 'caller'), () => integration.onStart({ callId: 'c1' } as never));
    resolve(inner);
    await first;
    await integration.onStepStart({ callId: 'c1' } as never);
    await integration.onEnd({ callId: 'c1' } as never);
    expect(seen).toEqual(['start c1 caller', 'step c1', 'end c1']);
  });

  it('a throwing inner hook never reaches the SDK', async () => {
    const { inner } = recorder();
    const integration = forwardingIntegration({ role: 'explicit', build: async () => inner }) as Hooks;
    await integration.onStart({ callId: 'c' } as never);
    expect(() => integration.onError({ callId: 'c', error: new Error('x') })).not.toThrow();
  });

  it('runs provider calls inside the inner context, and execute exactly once when the inner wrapper fails', async () => {
    const { inner } = recorder();
    const integration = forwardingIntegration({ role: 'explicit', build: async () => inner }) as Hooks;
    await integration.onStart({ callId: 'c' } as never);
    const marker = await integration.executeLanguageModelCall({ callId: 'c', execute: async () => context.active().getValue(KEY) });
    expect(marker).toBe('model-call');

    let runs = 0;
    const broken = forwardingIntegration({
      role: 'explicit',
      build: async () => ({ executeTool: () => { throw new Error('inner bug'); } }) as unknown as Telemetry,
    }) as Hooks;
    await broken.onStart({ callId: 'c' } as never);
    await expect(broken.executeTool({ callId: 'c', toolCallId: 't', execute: async () => ++runs })).resolves.toBe(1);
    expect(runs).toBe(1);
  });

  it('without an inner integration (missing @ai-sdk/otel) every call runs untraced', async () => {
    const integration = forwardingIntegration({ role: 'zero-config', build: async () => undefined }) as Hooks;
    await integration.onStart({ callId: 'c' } as never);
    await expect(integration.executeLanguageModelCall({ callId: 'c', execute: async () => 'ran' })).resolves.toBe('ran');
  });

  it('standing down skips the operation start, so the inner integration never sees the call', async () => {
    const { seen, inner } = recorder();
    let down = true;
    const integration = forwardingIntegration({ role: 'zero-config', build: async () => inner, standDown: () => down }) as Hooks;
    await integration.onStart({ callId: 'skipped' } as never);
    down = false;
    await integration.onStart({ callId: 'traced' } as never);
    expect(seen).toEqual(['start traced undefined']);
  });
});

describe('integration detection', () => {
  it('brands Lamplight integrations with their role; span-producing ones are recognised', () => {
    const explicit = lamplightTelemetry();
    expect(lamplightRole(explicit)).toBe('explicit');
    expect(producesSpans(explicit)).toBe(true);
    expect(producesSpans(forwardingIntegration({ role: 'zero-config', build: async () => undefined }))).toBe(false);
    expect(producesSpans({ executeLanguageModelCall: () => undefined })).toBe(true);
    expect(producesSpans({ onStart: () => undefined })).toBe(false);
    expect(producesSpans(null)).toBe(false);
  });

  it('lamplightTelemetry rejects bad options at setup, naming them', () => {
    expect(() => lamplightTelemetry({ tracerProvider: 1 as never })).toThrow(/"tracerProvider"/);
    expect(() => lamplightTelemetry({ otel: { enrichSpan: 'x' as never } })).toThrow(/"otel.enrichSpan"/);
  });

  it('VERSION matches package.json', async () => {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
