import { context, ProxyTracerProvider, trace, type TracerProvider } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { canTakeSpanProcessors, registeredProvider, setupProvider } from '../src/provider-setup.js';

afterEach(() => {
  trace.disable();
  context.disable();
});

const settings = { sampleRate: 1 };
const processor = (): { processor: SpanProcessor; exporter: InMemorySpanExporter } => {
  const exporter = new InMemorySpanExporter();
  return { processor: new SimpleSpanProcessor(exporter), exporter };
};

describe('which provider the app registered first, by capability', () => {
  it('none registered (the API proxy without a delegate) is "none": Lamplight registers its own', () => {
    expect(registeredProvider()).toBeUndefined();
    const { processor: p } = processor();
    const setup = setupProvider([p], settings);
    expect(setup.mode).toBe('own');
  });

  it('the no-op provider, or a no-op provider from another API copy, is "none"', () => {
    const noop = new ProxyTracerProvider().getDelegate();
    trace.setGlobalTracerProvider(noop);
    expect(registeredProvider()).toBeUndefined();
    trace.disable();
    // Another copy's no-op provider: a different object with a no-op tracer of the same class.
    const NoopTracer = noop.getTracer('x').constructor as new () => unknown;
    const otherCopy = { getTracer: () => new NoopTracer() } as unknown as TracerProvider;
    trace.setGlobalTracerProvider(otherCopy);
    expect(registeredProvider()).toBeUndefined();
  });

  it('a real provider whose class a minifier renamed is found and attached to', async () => {
    // Minified builds rename classes; one even ends up named like the no-op provider.
    const renamed = { a: class extends BasicTracerProvider {}, NoopTracerProvider: class NoopTracerProvider extends BasicTracerProvider {} };
    for (const Provider of [renamed.a, renamed.NoopTracerProvider]) {
      const host = processor();
      const provider = new Provider({ spanProcessors: [host.processor] });
      trace.setGlobalTracerProvider(provider);
      expect(registeredProvider()).toBe(provider);
      expect(canTakeSpanProcessors(provider)).toBe(true);
      const ours = processor();
      const setup = setupProvider([ours.processor], settings);
      expect(setup.mode).toBe('attached');
      provider.getTracer('app').startSpan('app work').end();
      expect(ours.exporter.getFinishedSpans().map((s) => s.name)).toEqual(['app work']);
      await provider.shutdown();
      trace.disable();
    }
  });

  it('a real provider that cannot take processors is left alone: isolated', () => {
    const foreign = new BasicTracerProvider();
    const opaque: TracerProvider = { getTracer: (...args) => foreign.getTracer(...args) };
    trace.setGlobalTracerProvider(opaque);
    expect(canTakeSpanProcessors(opaque)).toBe(false);
    const ours = processor();
    const setup = setupProvider([ours.processor], settings);
    expect(setup.mode).toBe('isolated');
    setup.provider.getTracer('llm').startSpan('model call').end();
    expect(ours.exporter.getFinishedSpans().map((s) => s.name)).toEqual(['model call']);
  });
});
