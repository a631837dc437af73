import type { Attributes } from '@opentelemetry/api';
import { isModelKind, type ObservationFields } from '../observation.js';
import type { ReadableSpanLike } from '../span-like.js';
import { attributeIndex } from './attribute-index.js';
import { getCount, getJson, getString } from './attribute-values.js';
import { FlattenedTree } from './flattened-tree.js';
import { GEN_AI_OPERATION_KINDS } from './gen-ai-reader.js';

/**
 * Deprecated OTel GenAI keys, still written by older instrumentations (semconv ≤ 1.27,
 * OpenLLMetry): `gen_ai.system`, `gen_ai.usage.prompt_tokens`/`completion_tokens`,
 * `gen_ai.prompt`/`gen_ai.completion` (JSON text, as span attributes or on the
 * `gen_ai.content.prompt`/`gen_ai.content.completion` events) and their flattened
 * `gen_ai.prompt.N.role/.content/…` forms.
 *
 * The dialect's keys sit at three different places of the DESIGN §4 source order, so it is
 * three readers: the provider comes before the AI SDK's `ai.model.provider`, the usage
 * after `ai.usage.*`, the content last of all (after `input.value` and
 * `traceloop.entity.input`). `normalize` lists them in that order.
 */

/** Provider from `gen_ai.system` (canonicalised by `normalize`). */
export function readGenAiSystem(span: ReadableSpanLike): ObservationFields {
  const a = span.attributes;
  if (!attributeIndex(a).has('gen_ai')) return {};
  return { provider: getString(a, 'gen_ai.system') };
}

/** `gen_ai.usage.prompt_tokens` / `completion_tokens`, on model calls only (see `readGenAi`). */
export function readGenAiDeprecatedUsage(span: ReadableSpanLike): ObservationFields {
  const a = span.attributes;
  if (!attributeIndex(a).has('gen_ai') || !isModelCall(a)) return {};
  return {
    inputTokens: getCount(a, 'gen_ai.usage.prompt_tokens'),
    outputTokens: getCount(a, 'gen_ai.usage.completion_tokens'),
  };
}

/**
 * Input and output from `gen_ai.prompt` / `gen_ai.completion` (JSON text by definition),
 * their content events, or the flattened `gen_ai.prompt.N.*` / `gen_ai.completion.N.*`
 * keys (rebuilt into message arrays in one pass over the `gen_ai` keys; values stay as
 * sent: flattened `content` is plain text, never parsed).
 */
export function readGenAiDeprecatedContent(span: ReadableSpanLike): ObservationFields {
  const a = span.attributes;
  const keys = attributeIndex(a).keys('gen_ai');
  if (keys.length === 0 && span.events.length === 0) return {};
  let prompt: FlattenedTree | undefined;
  let completion: FlattenedTree | undefined;
  for (const key of keys) {
    if (key.startsWith('gen_ai.prompt.')) {
      prompt ??= new FlattenedTree();
      prompt.add(key.slice('gen_ai.prompt.'.length).split('.'), a[key]);
    } else if (key.startsWith('gen_ai.completion.')) {
      completion ??= new FlattenedTree();
      completion.add(key.slice('gen_ai.completion.'.length).split('.'), a[key]);
    }
  }
  return {
    input: getJson(a, 'gen_ai.prompt') ?? eventJson(span, 'gen_ai.content.prompt', 'gen_ai.prompt') ?? prompt?.toValue(),
    output:
      getJson(a, 'gen_ai.completion') ?? eventJson(span, 'gen_ai.content.completion', 'gen_ai.completion') ?? completion?.toValue(),
  };
}

/** Semconv 1.26 put prompt and completion on span events rather than on the span. */
function eventJson(span: ReadableSpanLike, eventName: string, key: string): unknown {
  for (const event of span.events) {
    if (event.name === eventName && event.attributes) return getJson(event.attributes, key);
  }
  return undefined;
}

function isModelCall(a: Attributes): boolean {
  const operation = getString(a, 'gen_ai.operation.name');
  const kind = operation === undefined ? undefined : GEN_AI_OPERATION_KINDS[operation];
  return kind === undefined || isModelKind(kind);
}
