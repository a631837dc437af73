import type { Attributes } from '@opentelemetry/api';
import type { Observation } from '../observation.js';
import type { ReadableSpanLike } from '../span-like.js';
import { toLangfuseAttributes } from './langfuse-attributes.js';

/**
 * Source attributes whose payload the rendered `langfuse.*` attributes already carry.
 * They are left out of the view so each prompt and completion is sent once.
 */
const CONSUMED_PREFIXES: readonly string[] = [
  'lamplight.',
  'langfuse.',
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.definitions',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
  'gen_ai.prompt',
  'gen_ai.completion',
  'ai.prompt',
  'ai.response.text',
  'ai.response.object',
  'ai.response.toolCalls',
  'ai.toolCall.args',
  'ai.toolCall.result',
  'input.value',
  'output.value',
  'llm.input_messages',
  'llm.output_messages',
  'traceloop.entity.input',
  'traceloop.entity.output',
];

/**
 * A read-only view of `span` whose attributes are the Langfuse rendering of `obs` plus
 * the source attributes that are not already carried by it. The SDK's span object is
 * never mutated; any OTLP exporter can ship the view.
 */
export function toLangfuseSpan(span: ReadableSpanLike, obs: Observation): ReadableSpanLike {
  const attributes: Attributes = {};
  for (const key in span.attributes) {
    if (!isConsumed(key)) attributes[key] = span.attributes[key];
  }
  Object.assign(attributes, toLangfuseAttributes(obs));
  return withAttributes(span, attributes);
}

/**
 * A plain read-only copy of the fields an exporter reads, with new `attributes`.
 * A copy rather than a prototype link: SDK span classes may keep state in private
 * fields that a derived object cannot read.
 */
export function withAttributes(span: ReadableSpanLike, attributes: Attributes): ReadableSpanLike {
  const spanContext = span.spanContext();
  return Object.freeze({
    name: span.name,
    kind: span.kind,
    spanContext: () => spanContext,
    parentSpanContext: span.parentSpanContext,
    parentSpanId: span.parentSpanId,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: Object.freeze(attributes),
    links: span.links,
    events: span.events,
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
  for (const prefix of CONSUMED_PREFIXES) {
    if (key.startsWith(prefix)) return true;
  }
  return false;
}
