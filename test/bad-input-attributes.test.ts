/**
 * Property-based bad input on span attributes, end to end: arbitrary keys from every
 * convention the readers know (gen_ai.*, ai.*, llm.*, openinference, traceloop, langfuse.*,
 * lamplight.*) with adversarial values go through real spans, the processor and both
 * exporters to both receivers. Properties: ending a span never throws into the app; every
 * request is contract-valid and accepted at both receivers; every span arrives at both and
 * is counted exported.
 */
import { context, SpanStatusCode, trace, type Attributes, type AttributeValue, type Span } from '@opentelemetry/api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBadInputPipeline, type BadInputPipeline } from './bad-input-harness.js';
import { key } from './fault-harness.js';

/** Fixed seed so a run is reproducible; FC_SEED explores others. */
const SEED = Number(process.env.FC_SEED ?? 0x1a4b);
/** Runs per property; FC_RUNS explores more. */
const RUNS = Number(process.env.FC_RUNS ?? 80);

const CONVENTION_KEYS = [
  // lamplight + langfuse
  'lamplight.observation.kind', 'lamplight.observation.level', 'lamplight.observation.input', 'lamplight.observation.output',
  'lamplight.observation.model', 'lamplight.observation.status_message', 'lamplight.usage.inputTokens', 'lamplight.usage.outputTokens',
  'lamplight.cost.total', 'lamplight.observation.prompt.name', 'lamplight.observation.prompt.version', 'lamplight.ttft_ms',
  'lamplight.observation.completion_start_time', 'lamplight.trace.tags', 'lamplight.trace.name', 'lamplight.environment',
  'lamplight.capture_content', 'lamplight.trace.public',
  'langfuse.observation.type', 'langfuse.observation.level', 'langfuse.observation.input', 'langfuse.observation.output',
  'langfuse.observation.usage_details', 'langfuse.observation.cost_details', 'langfuse.observation.model.name',
  'langfuse.observation.model.parameters', 'langfuse.observation.prompt.name', 'langfuse.observation.prompt.version',
  'langfuse.observation.completion_start_time', 'langfuse.observation.status_message', 'langfuse.environment', 'langfuse.release',
  'langfuse.version', 'langfuse.trace.name', 'langfuse.trace.tags', 'langfuse.trace.public', 'langfuse.trace.input',
  'langfuse.user.id', 'langfuse.session.id', 'user.id', 'session.id',
  // OTel GenAI, current and deprecated
  'gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.system', 'gen_ai.request.model', 'gen_ai.response.model',
  'gen_ai.request.temperature', 'gen_ai.request.max_tokens', 'gen_ai.request.top_p', 'gen_ai.request.stop_sequences',
  'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.prompt_tokens',
  'gen_ai.usage.completion_tokens', 'gen_ai.response.time_to_first_chunk', 'gen_ai.client.operation.time_to_first_chunk',
  'gen_ai.response.finish_reasons', 'gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions',
  'gen_ai.tool.definitions', 'gen_ai.tool.call.arguments', 'gen_ai.tool.call.result', 'gen_ai.conversation.id',
  'gen_ai.prompt.0.role', 'gen_ai.prompt.0.content', 'gen_ai.completion.0.content', 'gen_ai.completion.0.finish_reason',
  'error.type', 'http.response.status_code',
  // Vercel AI SDK
  'ai.operationId', 'ai.model.id', 'ai.model.provider', 'ai.response.model', 'ai.usage.inputTokens', 'ai.usage.outputTokens',
  'ai.usage.promptTokens', 'ai.usage.completionTokens', 'ai.usage.totalTokens', 'ai.usage.cachedInputTokens',
  'ai.usage.reasoningTokens', 'ai.response.msToFirstChunk', 'ai.prompt', 'ai.prompt.messages', 'ai.response.text',
  'ai.response.toolCalls', 'ai.response.object', 'ai.toolCall.args', 'ai.toolCall.result', 'ai.response.finishReason',
  'ai.telemetry.metadata.userId', 'ai.telemetry.metadata.sessionId', 'ai.telemetry.metadata.tags', 'ai.settings.context.sessionId',
  // OpenInference / OpenLLMetry
  'openinference.span.kind', 'llm.model_name', 'llm.provider', 'llm.invocation_parameters', 'llm.token_count.prompt',
  'llm.token_count.completion', 'llm.token_count.total', 'input.value', 'output.value', 'input.mime_type', 'metadata', 'tag.tags',
  'llm.input_messages.0.message.role', 'llm.input_messages.0.message.content', 'traceloop.span.kind', 'traceloop.entity.input',
  'traceloop.entity.output', 'traceloop.workflow.name', 'llm.request.type', 'llm.usage.total_tokens',
];

const PREFIXES = [
  'gen_ai.prompt.', 'gen_ai.completion.', 'ai.telemetry.metadata.', 'ai.settings.context.', 'llm.input_messages.',
  'langfuse.observation.metadata.', 'langfuse.trace.metadata.', 'lamplight.observation.metadata.', 'lamplight.trace.metadata.',
  'traceloop.association.properties.', 'lamplight.usage.', 'lamplight.cost.', 'gen_ai.usage.',
];

/**
 * A bare `__proto__` is left out: the OTel SDK stores attributes in a plain object, where
 * that key sets the prototype instead of an attribute (nothing of ours to test).
 */
const usableKey = (k: string): boolean => k !== '__proto__';

const keyArb: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 6, arbitrary: fc.constantFrom(...CONVENTION_KEYS) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom(...PREFIXES), fc.oneof(fc.constantFrom('0.role', '1.content', '__proto__', 'constructor', '', '.', '999999999.x', 'a.b.c'), fc.string({ maxLength: 12 })))
        .map(([prefix, rest]) => prefix + rest),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 16, unit: 'binary' }) },
    // Named like Object.prototype members: no lookup may find an inherited one.
    { weight: 1, arbitrary: fc.constantFrom('constructor', 'toString', 'valueOf', 'hasOwnProperty') },
  )
  .filter(usableKey);

const HUGE = 'x'.repeat(60_000);
const NESTED_JSON = '['.repeat(5_000) + ']'.repeat(5_000);

/** Strings that break naive code: invalid JSON, JSON look-alikes, lone surrogates, huge text. */
const NASTY_STRINGS = [
  '', ' ', 'NaN', 'Infinity', '-1', '1e400', '3.7', '0x10', 'true', 'null', 'undefined', '[]', '{}', '[1,"a",null,{}]', '{"a":',
  '[{"role":"user","content":', '"quoted"', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"x":1}}}',
  '{"input":-5,"output":1.5,"total":"x"}', '{"name":"p","version":"2"}', '[{"role":"user","parts":[{"type":"text"}]}]',
  '[{"role":7,"content":{"deep":[1,[2,[3]]]}}]', 'chat', 'embeddings', 'execute_tool', 'invoke_agent', 'LLM', 'TOOL', 'AGENT',
  'generation', 'GENERATION', 'WARNING', 'ERROR', 'error', 'DEFAULT', 'Langfuse-Prod', 'langfuse-x', 'UPPER CASE ENV',
  '\uD800', 'a\uDC00b', '\uDBFF', '\uD83D\uDE00', '\u0000nul', 'line\u2028sep', 'é🙂', 'sk-proj-abcdefghijklmnopqrstuvwxyz0123',
  '2024-13-45T99:99:99Z', '1716566400000', 'openai.chat', 'ai.generateText.doGenerate', HUGE, `{"text":"${HUGE}"}`,
  JSON.stringify([{ role: 'user', content: HUGE }]), NESTED_JSON, 'data:image/png;base64,' + 'A'.repeat(40_000),
];

const NASTY_NUMBERS = [NaN, Infinity, -Infinity, -0, -1, -7.5, 0.5, 2 ** 53 + 2, -(2 ** 53), 1e308, Number.MIN_VALUE, 1e-7, 1e21, 4_294_967_296];

/** Values the OTel API allows: primitives and homogeneous arrays (which may hold null). */
const valueArb: fc.Arbitrary<AttributeValue> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom(...NASTY_STRINGS.slice(0, 40)), fc.string({ maxLength: 8 })), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.double(), fc.constant(null)), { maxLength: 4 }) as fc.Arbitrary<AttributeValue> },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.boolean(), fc.constant(undefined)), { maxLength: 3 }) as fc.Arbitrary<AttributeValue> },
);

/**
 * Values outside the OTel attribute spec — mixed arrays, objects, null — written straight
 * into the span's attribute map, bypassing the SDK's sanitising (what a non-conforming SDK
 * or instrumentation would hand the processor). BigInt has its own test below.
 */
const rawValueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined)), { minLength: 2, maxLength: 5 }),
  fc.constant([1, 'two', true, null, { three: 3 }, [4]]),
  fc.constant({ role: 'user', content: 'object attribute' }),
  fc.constant([{ role: 'user', content: 'hi' }]),
  fc.constant(null),
);

/** Attribute maps made to hit the readers: loose keys plus a few coherent groups. */
const GROUPS: readonly (readonly string[])[] = [
  ['gen_ai.operation.name', 'gen_ai.request.model', 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.reasoning.output_tokens', 'gen_ai.response.time_to_first_chunk'],
  ['ai.operationId', 'ai.model.id', 'ai.usage.inputTokens', 'ai.usage.outputTokens', 'ai.response.msToFirstChunk', 'ai.prompt.messages', 'ai.response.text'],
  ['lamplight.observation.kind', 'lamplight.observation.prompt.name', 'lamplight.observation.prompt.version', 'lamplight.usage.inputTokens', 'lamplight.cost.total', 'lamplight.observation.completion_start_time', 'lamplight.observation.level'],
  ['langfuse.observation.type', 'langfuse.observation.prompt.name', 'langfuse.observation.prompt.version', 'langfuse.observation.usage_details', 'langfuse.observation.cost_details', 'langfuse.environment', 'langfuse.observation.level'],
  ['openinference.span.kind', 'llm.model_name', 'llm.token_count.prompt', 'llm.token_count.completion', 'llm.invocation_parameters', 'input.value', 'output.value'],
];

const attributesArb: fc.Arbitrary<Attributes> = fc
  .tuple(
    fc.array(fc.tuple(keyArb, valueArb), { maxLength: 14 }),
    fc.option(fc.tuple(fc.constantFrom(...GROUPS), fc.array(valueArb, { minLength: 7, maxLength: 7 })), { nil: undefined }),
  )
  .map(([entries, group]) => {
    const out: Attributes = {};
    for (const [k, v] of entries) out[k] = v;
    if (group) group[0].forEach((k, i) => (out[k] = group[1][i]));
    return out;
  });

interface SpanSpec {
  name: string;
  scope: string;
  attributes: Attributes;
  raw: Array<[string, unknown]>;
  status: SpanStatusCode;
  message: string | undefined;
  exception: unknown;
  /** Index of the parent among the earlier spans of the run; undefined for a root. */
  parent: number | undefined;
}

const specArb: fc.Arbitrary<Omit<SpanSpec, 'parent'> & { parentPick: number | undefined }> = fc.record({
  name: fc.oneof(fc.constantFrom('chat gpt-4o', 'ai.streamText.doStream', 'ai.generateText', 'invoke_agent bot', 'execute_tool', 'POST /chat', ''), fc.string({ maxLength: 20, unit: 'binary' })),
  scope: fc.constantFrom('ai', 'gen_ai', 'app', '@arizeai/openinference', 'opentelemetry.instrumentation.openai'),
  attributes: attributesArb,
  raw: fc.array(fc.tuple(keyArb, rawValueArb), { maxLength: 2 }),
  status: fc.constantFrom(SpanStatusCode.UNSET, SpanStatusCode.OK, SpanStatusCode.ERROR),
  message: fc.option(fc.constantFrom(...NASTY_STRINGS), { nil: undefined }),
  exception: fc.option(fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.constant(new Error('boom \uD800'))), { nil: undefined }),
  parentPick: fc.option(fc.nat(), { nil: undefined }),
});

const runArb: fc.Arbitrary<SpanSpec[]> = fc.array(specArb, { minLength: 1, maxLength: 4 }).map((specs) =>
  specs.map(({ parentPick, ...spec }, i) => ({ ...spec, parent: i === 0 || parentPick === undefined ? undefined : parentPick % i })),
);

let pipeline: BadInputPipeline;
beforeAll(async () => {
  pipeline = await startBadInputPipeline();
});
afterAll(async () => {
  await pipeline.close();
});

/** Starts, fills and ends the spans of one run (children end before their parents); returns their keys. */
function playRun(specs: SpanSpec[], options: { raw: boolean }): string[] {
  const provider = trace.getTracerProvider();
  const spans: Span[] = [];
  for (const spec of specs) {
    const parent = spec.parent === undefined ? undefined : spans[spec.parent];
    const parentContext = parent ? trace.setSpan(context.active(), parent) : context.active();
    const span = provider.getTracer(spec.scope).startSpan(spec.name, { attributes: spec.attributes }, parentContext);
    span.setAttributes(spec.attributes);
    if (options.raw) {
      // Bypass the SDK's attribute validation, as a non-conforming SDK would.
      const attributes = (span as unknown as { attributes: Record<string, unknown> }).attributes;
      for (const [k, v] of spec.raw) attributes[k] = v;
    }
    if (spec.exception !== undefined) span.recordException(spec.exception as Error);
    span.setStatus({ code: spec.status, message: spec.message });
    spans.push(span);
  }
  const keys = spans.map((s) => key(s.spanContext().traceId, s.spanContext().spanId));
  for (let i = spans.length - 1; i >= 0; i--) spans[i]?.end();
  return keys;
}

describe('bad input: span attributes through the whole pipeline to both receivers', () => {
  it('attributes the OTel API accepts: never a throw, always valid, every span delivered to both', async () => {
    await fc.assert(
      fc.asyncProperty(runArb, async (specs) => {
        let keys: string[] = [];
        expect(() => (keys = playRun(specs, { raw: false }))).not.toThrow();
        await pipeline.checkDelivery(keys, expect);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('values outside the attribute spec (mixed arrays, objects, null) written past the SDK: same properties', async () => {
    await fc.assert(
      fc.asyncProperty(runArb, async (specs) => {
        let keys: string[] = [];
        expect(() => (keys = playRun(specs, { raw: true }))).not.toThrow();
        await pipeline.checkDelivery(keys, expect);
      }),
      { numRuns: Math.ceil(RUNS * 0.6), seed: SEED + 1 },
    );
  });

  /**
   * Regression (readers turned non-string attribute values into text with `JSON.stringify`,
   * which throws on a BigInt or an array holding one: normalize() threw and the whole span
   * was dropped as `render-error` for every destination). Now `valueText` (bounded
   * `safeStringify`) at those sites.
   */
  it('a BigInt attribute value written past the SDK costs only that value, not the span', async () => {
    await pipeline.settle();
    const provider = trace.getTracerProvider();
    const keys: string[] = [];
    for (const [k, v] of [
      ['gen_ai.request.temperature', 1n],
      ['ai.settings.maxOutputTokens', 100n],
      ['gen_ai.request.stop_sequences', [1n]],
      ['ai.telemetry.metadata.budget', 10n],
      ['ai.settings.context.tenant', 10n],
      ['langfuse.observation.metadata.n', 10n],
      ['lamplight.trace.metadata.n', [2n]],
    ] as const) {
      const span = provider.getTracer('ai').startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } });
      (span as unknown as { attributes: Record<string, unknown> }).attributes[k] = v;
      keys.push(key(span.spanContext().traceId, span.spanContext().spanId));
      expect(() => span.end()).not.toThrow();
    }
    await pipeline.checkDelivery(keys, expect);
  });

  /**
   * Regression (a prompt version was accepted when `Number.isInteger` — true for 2^63 or
   * 1e21 — so it arrived as a double, no int64, and Langfuse dropped the generation). Now
   * `Number.isSafeInteger` in `asVersion` and the renderers.
   */
  it('a prompt version beyond 2^53 is left out rather than sent as a non-int', async () => {
    await pipeline.settle();
    const keys: string[] = [];
    for (const [k, version] of [
      ['lamplight.observation.prompt', 2 ** 63],
      ['langfuse.observation.prompt', 1e21],
    ] as const) {
      const span = trace.getTracerProvider().getTracer('app').startSpan('chat gpt-4o', {
        attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', [`${k}.name`]: 'welcome', [`${k}.version`]: version },
      });
      keys.push(key(span.spanContext().traceId, span.spanContext().spanId));
      span.end();
    }
    await pipeline.checkDelivery(keys, expect);
  });
});
