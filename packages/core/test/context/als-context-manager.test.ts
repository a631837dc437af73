import { AsyncLocalStorage } from 'node:async_hooks';
import { context, createContextKey, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { AlsContextManager, observe } from '../../src/index.js';

const KEY = createContextKey('test key');

afterEach(() => {
  context.disable();
  trace.disable();
});

describe('AlsContextManager: context across await over a passed-in AsyncLocalStorage', () => {
  it('keeps the context of with() across awaits and restores the outer one', async () => {
    const manager = new AlsContextManager(AsyncLocalStorage);
    const ctx = ROOT_CONTEXT.setValue(KEY, 'inner');
    const seen = await manager.with(ctx, async () => {
      await new Promise((r) => setTimeout(r, 1));
      return manager.active().getValue(KEY);
    });
    expect(seen).toBe('inner');
    expect(manager.active()).toBe(ROOT_CONTEXT);
  });

  it('bind() runs a function in the bound context and leaves other values alone', () => {
    const manager = new AlsContextManager(AsyncLocalStorage);
    const ctx = ROOT_CONTEXT.setValue(KEY, 'bound');
    const bound = manager.bind(ctx, function (this: { tag: string }, suffix: string) {
      return `${String(manager.active().getValue(KEY))}-${this.tag}-${suffix}`;
    });
    expect(bound.call({ tag: 't' }, 's')).toBe('bound-t-s');
    const notAFunction = { a: 1 };
    expect(manager.bind(ctx, notAFunction)).toBe(notAFunction);
  });

  it('nested observe calls across await form one tree once it is the global context manager', async () => {
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    context.setGlobalContextManager(new AlsContextManager(AsyncLocalStorage));
    await observe('outer', { kind: 'agent' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      await observe('inner', { kind: 'generation' }, async () => undefined);
    });
    const spans = exporter.getFinishedSpans();
    const outer = spans.find((s) => s.name === 'outer');
    const inner = spans.find((s) => s.name === 'inner');
    expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
    expect(inner?.spanContext().traceId).toBe(outer?.spanContext().traceId);
  });
});
