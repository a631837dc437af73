import type { ReadableSpanLike } from '../span-like.js';

/** Attribute keys whose presence marks a span as LLM-related in some convention. */
const LLM_MARKER_KEYS: readonly string[] = [
  'lamplight.observation.kind',
  'langfuse.observation.type',
  'gen_ai.operation.name',
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.tool.name',
  'gen_ai.agent.name',
  'ai.operationId',
  'ai.model.id',
  'openinference.span.kind',
  'llm.model_name',
  'traceloop.span.kind',
];

/** Instrumentation scopes that only produce LLM spans. */
const LLM_SCOPE_PREFIXES: readonly string[] = ['@lamplight/', 'ai', 'gen_ai', 'langfuse', '@opentelemetry/instrumentation-openai'];

/**
 * True when a span is an LLM observation in any convention we read, or was created with
 * our API. A fixed number of key lookups: this runs in `onEnd` on the app thread.
 */
export function isLlmSpan(span: ReadableSpanLike): boolean {
  const attrs = span.attributes;
  for (const key of LLM_MARKER_KEYS) {
    if (attrs[key] !== undefined) return true;
  }
  const scope = span.instrumentationScope?.name ?? '';
  for (const prefix of LLM_SCOPE_PREFIXES) {
    if (scope === prefix || (prefix.endsWith('/') && scope.startsWith(prefix))) return true;
  }
  return false;
}
