import type { Attributes } from '@opentelemetry/api';
import { isModelKind, type Observation } from '../observation.js';
import { gateSpanParts, type ForwardFilter } from '../content/span-parts-gate.js';
import type { ReadableSpanLike } from '../span-like.js';
import { toLangfuseAttributes } from './langfuse-attributes.js';

/**
 * Source attributes whose payload the rendered attributes already carry. They are left out
 * of the view so each prompt and completion is sent once — and so content removed by the
 * content switch or a mask cannot reach the backend through its source key. `langfuse.*`
 * keys Lamplight reads are re-rendered from the observation; unknown `langfuse.*` keys
 * (e.g. `langfuse.internal.as_root`) pass through untouched.
 */
const CONSUMED_PREFIXES: readonly string[] = [
  'lamplight.',
  'langfuse.observation.',
  'langfuse.trace.',
  'langfuse.environment',
  'langfuse.release',
  'langfuse.version',
  'langfuse.user.id',
  'langfuse.session.id',
  'user.id',
  'session.id',
  // OTel GenAI, current and deprecated
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.definitions',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
  'gen_ai.prompt',
  'gen_ai.completion',
  // Vercel AI SDK
  'ai.prompt',
  'ai.response.text',
  'ai.response.object',
  'ai.response.toolCalls',
  'ai.toolCall.args',
  'ai.toolCall.result',
  'ai.value',
  'ai.embedding',
  'ai.telemetry.metadata.',
  'ai.settings.context.',
  // OpenInference
  'input.value',
  'output.value',
  'llm.input_messages',
  'llm.output_messages',
  'llm.tools',
  'llm.invocation_parameters',
  'llm.prompt_template.variables', // user content, never read: not shipped, so the content switch holds
  'embedding.embeddings',
  'retrieval.documents',
  'metadata',
  'tag.tags',
  // OpenLLMetry
  'traceloop.entity.input',
  'traceloop.entity.output',
  'traceloop.association.properties.',
  'llm.request.functions',
  // Usage and cost in every dialect: rendered as `usage_details` on model calls only. Left
  // in place, Langfuse would read them on an agent or chain span — whose tokens are the sum
  // of its model calls — and count them twice.
  'gen_ai.usage.',
  'ai.usage.',
  'llm.token_count.',
  'llm.usage.',
  'llm.cost.',
];

/**
 * Model names in every dialect. On an observation that is not a model call they are left
 * out too: Langfuse would set the model from them and then infer usage (and cost) by
 * tokenising the agent's input and output. The name stays visible as `metadata.model`.
 */
const MODEL_KEYS: ReadonlySet<string> = new Set([
  'gen_ai.request.model',
  'gen_ai.response.model',
  'ai.model.id',
  'ai.response.model',
  'llm.model_name',
  'embedding.model_name',
]);

/** Consumed prefixes by namespace (text before the first dot), so a key is checked against its few. */
const CONSUMED_BY_NAMESPACE: ReadonlyMap<string, readonly string[]> = groupByNamespace(CONSUMED_PREFIXES);

/**
 * Credentials never leave, whatever their value looks like: request headers recorded by
 * instrumentations (`ai.request.headers.authorization`, `http.request.header.x-api-key`, …)
 * are dropped from the view by name.
 */
const CREDENTIAL_KEY = /(?:^|[._-])(?:authorization|proxy-authorization|api[-_]?key|x-api-key|cookie|set-cookie|secret|password|token)$/i;

/**
 * Span events whose payload is message content (OTel GenAI semconv 1.26–1.36); the
 * observation's input/output carry it, so they are not shipped again — and never when
 * content capture is off.
 */
const CONTENT_EVENTS: ReadonlySet<string> = new Set([
  'gen_ai.content.prompt',
  'gen_ai.content.completion',
  'gen_ai.system.message',
  'gen_ai.user.message',
  'gen_ai.assistant.message',
  'gen_ai.tool.message',
  'gen_ai.choice',
  'gen_ai.client.inference.operation.details',
]);

/** Keys whose forwarding was decided, before the memo starts over (keys repeat on every span). */
const MAX_REMEMBERED_KEYS = 2_048;
const forwardedKeys = new Map<string, boolean>();

/** Whether a source key is forwarded: not consumed, not credential-named. Remembered per key. */
function forwardsKey(key: string): boolean {
  let forwards = forwardedKeys.get(key);
  if (forwards === undefined) {
    forwards = !isConsumed(key) && !CREDENTIAL_KEY.test(key);
    if (forwardedKeys.size >= MAX_REMEMBERED_KEYS) forwardedKeys.clear();
    forwardedKeys.set(key, forwards);
  }
  return forwards;
}

/**
 * What the Langfuse view forwards from the source span (the rest is re-rendered from the
 * observation). The only renderer that forwards source attributes: the processor scrubs
 * ahead, in slices, only the long values this lets through.
 */
export const FORWARD_FILTER: ForwardFilter = {
  forwardsKey,
  forwardsEvent: (name) => !CONTENT_EVENTS.has(name),
};
/** On an observation that is not a model call, the model keys are not forwarded either. */
const FORWARD_FILTER_NOT_MODEL: ForwardFilter = {
  forwardsKey: (key) => forwardsKey(key) && !MODEL_KEYS.has(key),
  forwardsEvent: FORWARD_FILTER.forwardsEvent,
};

/**
 * A read-only view of `span` whose attributes are the Langfuse rendering of `obs` plus
 * the source attributes that are not already carried by it, after the privacy gate of
 * `obs` (`gateSpanParts`): with content capture off only allow-listed keys, keys and
 * values budgeted and scrubbed, events bounded and scrubbed, the user's mask applied;
 * credential-named keys are never forwarded. The name and status message are the
 * observation's (gated). The SDK's span object is never mutated; any OTLP exporter can
 * ship the view.
 */
export function toLangfuseSpan(span: ReadableSpanLike, obs: Observation): ReadableSpanLike {
  const parts = gateSpanParts(span, obs, isModelKind(obs.kind) ? FORWARD_FILTER : FORWARD_FILTER_NOT_MODEL);
  // The rendered keys are written over the forwarded ones (they win on a clash).
  const attributes: Attributes = toLangfuseAttributes(obs, { ...parts.attributes });
  const status = span.status.message ? { ...span.status, message: parts.statusMessage ?? '' } : span.status;
  const name = typeof obs.name === 'string' ? obs.name : '';
  return viewOf(span, name, attributes, status, parts.events, parts.links);
}

/**
 * A plain read-only copy of the fields an exporter reads, with new `attributes`.
 * A copy rather than a prototype link: SDK span classes may keep state in private
 * fields that a derived object cannot read.
 */
export function withAttributes(span: ReadableSpanLike, attributes: Attributes): ReadableSpanLike {
  return viewOf(span, span.name, attributes, span.status, span.events, span.links);
}

/** One frozen object per view, built in one go (one per exported span and destination). */
function viewOf(
  span: ReadableSpanLike,
  name: string,
  attributes: Attributes,
  status: ReadableSpanLike['status'],
  events: ReadableSpanLike['events'],
  links: ReadableSpanLike['links'],
): ReadableSpanLike {
  const spanContext = span.spanContext();
  return Object.freeze({
    name,
    kind: span.kind,
    spanContext: () => spanContext,
    parentSpanContext: span.parentSpanContext,
    parentSpanId: span.parentSpanId,
    startTime: span.startTime,
    endTime: span.endTime,
    status,
    attributes: Object.freeze(attributes),
    links,
    events,
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  });
}

function isConsumed(key: string): boolean {
  const dot = key.indexOf('.');
  const prefixes = CONSUMED_BY_NAMESPACE.get(dot < 0 ? key : key.slice(0, dot));
  if (prefixes === undefined) return false;
  for (const prefix of prefixes) {
    if (key.startsWith(prefix)) return true;
  }
  return false;
}

function groupByNamespace(prefixes: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const prefix of prefixes) {
    const dot = prefix.indexOf('.');
    const ns = dot < 0 ? prefix : prefix.slice(0, dot);
    map.set(ns, [...(map.get(ns) ?? []), prefix]);
  }
  return map;
}
