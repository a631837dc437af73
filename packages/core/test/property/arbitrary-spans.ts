import { SpanStatusCode, type Attributes, type AttributeValue } from '@opentelemetry/api';
import fc from 'fast-check';
import type { ReadableSpanLike } from '../../src/index.js';
import { makeSpan } from '../span-factory.js';

/** Keys every dialect reads, so generated maps hit the readers' real paths. */
const KNOWN_KEYS = [
  // lamplight + langfuse
  'lamplight.observation.kind', 'lamplight.observation.level', 'lamplight.observation.input', 'lamplight.usage.inputTokens',
  'lamplight.cost.total', 'lamplight.observation.prompt.name', 'lamplight.observation.prompt.version', 'lamplight.ttft_ms',
  'lamplight.trace.tags', 'lamplight.environment', 'lamplight.observation.completion_start_time', 'lamplight.trace.public',
  'langfuse.observation.type', 'langfuse.observation.level', 'langfuse.observation.usage_details', 'langfuse.observation.cost_details',
  'langfuse.observation.model.parameters', 'langfuse.observation.prompt.name', 'langfuse.observation.prompt.version',
  'langfuse.observation.completion_start_time', 'langfuse.environment', 'langfuse.trace.tags', 'langfuse.trace.public',
  'langfuse.observation.input', 'user.id', 'session.id',
  // OTel GenAI, current and deprecated
  'gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.system', 'gen_ai.request.model', 'gen_ai.response.model',
  'gen_ai.request.temperature', 'gen_ai.request.max_tokens', 'gen_ai.request.stop_sequences', 'gen_ai.request.stream',
  'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.reasoning.output_tokens',
  'gen_ai.usage.prompt_tokens', 'gen_ai.usage.completion_tokens', 'gen_ai.response.time_to_first_chunk', 'gen_ai.response.finish_reasons',
  'gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions', 'gen_ai.tool.definitions', 'gen_ai.prompt',
  'gen_ai.prompt.0.role', 'gen_ai.prompt.0.content', 'gen_ai.completion.1.content', 'gen_ai.completion.0.finish_reason', 'gen_ai.conversation.id',
  // AI SDK
  'ai.operationId', 'ai.model.id', 'ai.model.provider', 'ai.response.model', 'ai.usage.inputTokens', 'ai.usage.promptTokens',
  'ai.usage.totalTokens', 'ai.usage.tokens', 'ai.usage.inputTokenDetails.cacheReadTokens', 'ai.response.msToFirstChunk', 'ai.prompt',
  'ai.prompt.messages', 'ai.prompt.tools', 'ai.prompt.toolChoice', 'ai.response.text', 'ai.response.toolCalls', 'ai.response.object',
  'ai.values', 'ai.response.finishReason', 'ai.telemetry.metadata.userId', 'ai.telemetry.metadata.tags',
  'ai.telemetry.metadata.langfusePrompt', 'ai.settings.context.sessionId', 'ai.settings.context.langfusePrompt.version',
  'ai.settings.temperature', 'ai.request.headers.authorization',
  // OpenInference
  'openinference.span.kind', 'llm.model_name', 'llm.provider', 'llm.invocation_parameters', 'llm.token_count.prompt',
  'llm.token_count.total', 'llm.cost.total', 'input.value', 'input.mime_type', 'output.value', 'llm.input_messages.0.message.role',
  'llm.input_messages.0.message.contents.0.message_content.text', 'llm.tools.0.tool.json_schema', 'metadata', 'tag.tags',
  'retrieval.documents.0.document.content', 'embedding.embeddings.0.embedding.vector',
  // OpenLLMetry
  'traceloop.span.kind', 'llm.request.type', 'traceloop.entity.input', 'traceloop.workflow.name', 'llm.is_streaming',
  'traceloop.association.properties.user_id', 'llm.usage.total_tokens', 'llm.request.functions.0.parameters', 'traceloop.prompt.version',
];

/** Values that have broken things elsewhere: wrong types, JSON look-alikes, extremes. */
const NASTY_STRINGS = [
  '', ' ', 'NaN', '-1', '1e400', '3.7', '0x10', 'true', 'null', '[]', '{}', '[1,"a",null]', '{"a":', '"quoted"',
  '{"input":-5,"output":1.5,"total":"x"}', '{"name":"p","version":"2"}', '{"__proto__":{"x":1}}', 'chat', 'invoke_agent', 'LLM',
  'ai.streamText.doStream', 'ai.generateText', 'WARNING', 'generation', 'Langfuse-Prod', 'x'.repeat(300), '\uD800 lone', 'é🙂',
  'data:image/png;base64,' + 'A'.repeat(2_000), 'application/json', 'openai.chat',
];

const attributeValue: fc.Arbitrary<AttributeValue | undefined> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ maxLength: 40 }),
  fc.json({ maxDepth: 3 }),
  fc.double(),
  fc.integer(),
  fc.constantFrom(-1, 0, 2 ** 53, Number.MAX_VALUE, 1e12, 0.5),
  fc.boolean(),
  fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...NASTY_STRINGS)), { maxLength: 4 }),
  fc.array(fc.double(), { maxLength: 3 }),
  fc.array(fc.boolean(), { maxLength: 3 }),
  fc.constant(undefined),
);

const attributeKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KNOWN_KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  // Bare keys named like Object.prototype members: no rule may find an inherited one.
  { weight: 1, arbitrary: fc.constantFrom('constructor', 'toString', 'valueOf', 'hasOwnProperty') },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('gen_ai.prompt.', 'gen_ai.completion.', 'llm.input_messages.', 'ai.telemetry.metadata.', 'ai.settings.context.', 'langfuse.observation.metadata.', 'lamplight.trace.metadata.'),
        fc.oneof(fc.constantFrom('0.role', '__proto__', '999999999.content', '', '.', '1.tool_calls.0.name', 'constructor'), fc.string({ maxLength: 12 })),
      )
      .map(([prefix, rest]) => prefix + rest),
  },
);

/** Keys that only matter together (a prompt needs a name and a version, usage needs a model call). */
const KEY_GROUPS: readonly (readonly string[])[] = [
  ['lamplight.observation.prompt.name', 'lamplight.observation.prompt.version', 'lamplight.observation.kind'],
  ['langfuse.observation.prompt.name', 'langfuse.observation.prompt.version', 'langfuse.observation.type'],
  ['traceloop.prompt.key', 'traceloop.prompt.version', 'llm.request.type'],
  ['ai.operationId', 'ai.usage.inputTokens', 'ai.usage.outputTokens', 'ai.usage.inputTokenDetails.cacheReadTokens', 'ai.usage.outputTokenDetails.reasoningTokens'],
  ['gen_ai.operation.name', 'gen_ai.usage.input_tokens', 'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.reasoning.output_tokens', 'gen_ai.response.time_to_first_chunk'],
  ['lamplight.observation.kind', 'lamplight.usage.inputTokens', 'lamplight.usage.cachedInputTokens', 'lamplight.cost.input', 'lamplight.observation.completion_start_time'],
  ['openinference.span.kind', 'llm.token_count.prompt', 'llm.token_count.prompt_details.cache_read', 'llm.cost.prompt', 'llm.invocation_parameters'],
  ['ai.telemetry.metadata.langfusePrompt', 'ai.operationId', 'ai.settings.context.langfusePrompt.name', 'ai.settings.context.langfusePrompt.version'],
];

/** Arbitrary attribute maps over every dialect's keys, with hostile values. */
export const attributesArb: fc.Arbitrary<Attributes> = fc
  .tuple(
    fc.array(fc.tuple(attributeKey, attributeValue), { maxLength: 25 }),
    fc.array(fc.tuple(fc.constantFrom(...KEY_GROUPS), fc.array(attributeValue, { minLength: 5, maxLength: 5 })), { maxLength: 2 }),
  )
  .map(([entries, groups]) => {
    const out: Attributes = {};
    for (const [k, v] of entries) out[k] = v;
    for (const [keys, values] of groups) keys.forEach((k, i) => (out[k] = values[i]));
    return out;
  });

/** Arbitrary finished spans: attributes plus scope, name, status and exception events. */
export const spanArb: fc.Arbitrary<ReadableSpanLike> = fc
  .record({
    attributes: attributesArb,
    scope: fc.constantFrom('ai', 'gen_ai', 'test', '@arizeai/openinference'),
    name: fc.constantFrom('ai.streamText', 'ai.generateText.doGenerate', 'chat gpt-4o', 'span'),
    status: fc.constantFrom(SpanStatusCode.UNSET, SpanStatusCode.OK, SpanStatusCode.ERROR),
    message: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
    exception: fc.option(attributesArb, { nil: undefined }),
  })
  .map(({ attributes, scope, name, status, message, exception }) =>
    makeSpan(attributes, {
      scope,
      name,
      status: { code: status, message },
      events: exception ? [{ name: 'exception', time: [1, 0], attributes: exception }] : [],
    }),
  );
