import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOST_PARENT_LINK_ATTRIBUTE, SamplingProofTracerProvider } from '../src/sampling-proof-provider.js';

beforeEach(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterEach(() => {
  context.disable();
});

function providers(hostSampler: AlwaysOnSampler | AlwaysOffSampler) {
  const hostExporter = new InMemorySpanExporter();
  const ourExporter = new InMemorySpanExporter();
  const ours = new SimpleSpanProcessor(ourExporter);
  // Attached: our processor is on the host provider as well as on our own.
  const host = new BasicTracerProvider({ sampler: new ParentBasedSampler({ root: hostSampler }), spanProcessors: [new SimpleSpanProcessor(hostExporter), ours] });
  const own = new BasicTracerProvider({ spanProcessors: [ours] });
  return { host, hostExporter, ourExporter, llm: new SamplingProofTracerProvider(host, own) };
}

describe('SamplingProofTracerProvider', () => {
  it('where the host samples the trace, LLM spans are the host’s, nested under its spans', () => {
    const { host, hostExporter, ourExporter, llm } = providers(new AlwaysOnSampler());
    host.getTracer('app').startActiveSpan('request', (request) => {
      const call = llm.getTracer('llm').startSpan('chat');
      expect(call.spanContext().traceId).toBe(request.spanContext().traceId);
      call.end();
      request.end();
    });
    expect(hostExporter.getFinishedSpans().map((s) => s.name)).toEqual(['chat', 'request']);
    expect(ourExporter.getFinishedSpans().map((s) => s.name)).toEqual(['chat', 'request']);
  });

  it('where the host samples the trace out, LLM spans are a complete trace of ours, linked to the host span; the host sees nothing', () => {
    const { host, hostExporter, ourExporter, llm } = providers(new AlwaysOffSampler());
    const tracer = llm.getTracer('llm');
    host.getTracer('app').startActiveSpan('request', (request) => {
      expect(request.isRecording()).toBe(false);
      tracer.startActiveSpan('agent', (agent) => {
        tracer.startSpan('chat').end();
        agent.end();
      });
      request.end();
    });
    expect(hostExporter.getFinishedSpans()).toEqual([]);
    const spans = ourExporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['chat', 'agent']);
    const [chat, agent] = spans;
    expect(agent!.parentSpanContext).toBeUndefined();
    expect(agent!.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(TraceFlags.SAMPLED);
    expect(agent!.links).toHaveLength(1);
    expect(agent!.links[0]!.attributes?.[HOST_PARENT_LINK_ATTRIBUTE]).toBe(true);
    expect(chat!.parentSpanContext?.spanId).toBe(agent!.spanContext().spanId);
    expect(chat!.spanContext().traceId).toBe(agent!.spanContext().traceId);
  });

  it('without a host provider (isolated), every LLM trace is ours and starts at a root', () => {
    const exporter = new InMemorySpanExporter();
    const llm = new SamplingProofTracerProvider(undefined, new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    const outside = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.NONE });
    context.with(trace.setSpan(context.active(), outside), () => llm.getTracer('llm').startSpan('chat').end());
    const [chat] = exporter.getFinishedSpans();
    expect(chat!.parentSpanContext).toBeUndefined();
    expect(chat!.links.map((l) => l.context.spanId)).toEqual(['b7ad6b7169203331']);
  });
});
