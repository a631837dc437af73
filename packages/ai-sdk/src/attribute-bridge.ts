import type {
  Attributes,
  AttributeValue,
  Context,
  Exception,
  Link,
  Span,
  SpanContext,
  SpanOptions,
  SpanStatus,
  TimeInput,
  Tracer,
} from '@opentelemetry/api';
import { LAMPLIGHT_KEYS } from '@lamplight/core';
import { lookupTable } from '@lamplight/core/internal';
import { log } from './diag.js';

/**
 * Fills the gaps between what `@ai-sdk/otel` writes in GenAI mode and what readers of the
 * OTel GenAI conventions (core's included) understand. It writes them only under its own
 * `ai.*` keys, which the GenAI conventions do not define:
 * - reasoning tokens (its `usage` option) → `gen_ai.usage.reasoning.output_tokens`;
 * - embedding inputs and vectors (its `embedding` option) → the observation input/output,
 *   moved rather than copied so each payload is exported once. The operation span of
 *   `embed`/`embedMany` keeps its input but not the vectors: the model call inside carries them.
 * Everything else passes through untouched. The spans themselves are the SDK's; the
 * wrapper only rewrites attribute maps on their way in.
 */
const REASONING_SOURCE = 'ai.usage.outputTokenDetails.reasoningTokens';
const REASONING_TARGET = 'gen_ai.usage.reasoning.output_tokens';
const CONTENT_TARGETS = lookupTable<'input' | 'output'>({
  'ai.value': 'input',
  'ai.values': 'input',
  'ai.embedding': 'output',
  'ai.embeddings': 'output',
});

/** A tracer whose spans translate `@ai-sdk/otel`'s extra keys as they are set. */
export function bridgeTracer(tracer: Tracer): Tracer {
  return {
    startSpan(name: string, options?: SpanOptions, ctx?: Context): Span {
      const attributes = options?.attributes;
      const operation = attributes !== undefined && isEmbedOperation(attributes);
      const bridged = attributes === undefined ? options : { ...options, attributes: safeBridge(attributes, operation) };
      return new BridgedSpan(tracer.startSpan(name, bridged, ctx), operation);
    },
    // `@ai-sdk/otel` starts every span with `startSpan`; this one is passed through as is.
    startActiveSpan: ((...args: unknown[]) => (tracer.startActiveSpan as (...a: unknown[]) => unknown).apply(tracer, args)) as Tracer['startActiveSpan'],
  };
}

/**
 * The attribute map with the gaps filled; the same object when nothing applies.
 * `operationSpan`: the span is an `embed`/`embedMany` operation, whose vectors are dropped.
 */
export function bridgeAttributes(attributes: Attributes, operationSpan: boolean): Attributes {
  let out: Attributes | undefined;
  for (const key in attributes) {
    if (key === REASONING_SOURCE) {
      out ??= { ...attributes };
      out[REASONING_TARGET] = attributes[key];
      continue;
    }
    const target = CONTENT_TARGETS[key];
    if (target === undefined) continue;
    out ??= { ...attributes };
    delete out[key];
    if (operationSpan && target === 'output') continue;
    const json = jsonText(attributes[key]);
    if (json !== undefined) out[target === 'input' ? LAMPLIGHT_KEYS.input : LAMPLIGHT_KEYS.output] = json;
  }
  return out ?? attributes;
}

/** Marked by `lamplightEnrichSpan` when the span starts, so it is known before any output is set. */
function isEmbedOperation(attributes: Attributes): boolean {
  return attributes[LAMPLIGHT_KEYS.kind] === 'chain' && attributes['gen_ai.operation.name'] === 'embeddings';
}

/**
 * `@ai-sdk/otel` writes one JSON text (`ai.value`, `ai.embedding`) or an array of JSON texts
 * (`ai.values`, `ai.embeddings`); the array becomes one JSON array text by joining, not by
 * parsing and re-serialising possibly thousands of vectors on the app thread.
 */
function jsonText(value: AttributeValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return `[${value.join(',')}]`;
  return undefined;
}

function safeBridge(attributes: Attributes, operationSpan: boolean): Attributes {
  try {
    return bridgeAttributes(attributes, operationSpan);
  } catch (error) {
    log.warn('bridge', 'could not translate span attributes; kept as written', error);
    return attributes;
  }
}

/** Delegates every call to the SDK span; only attribute maps are translated on the way. */
class BridgedSpan implements Span {
  constructor(
    private readonly span: Span,
    private readonly operationSpan: boolean,
  ) {}

  spanContext(): SpanContext {
    return this.span.spanContext();
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (key === REASONING_SOURCE || CONTENT_TARGETS[key] !== undefined) this.setAttributes({ [key]: value });
    else this.span.setAttribute(key, value);
    return this;
  }

  setAttributes(attributes: Attributes): this {
    this.span.setAttributes(safeBridge(attributes, this.operationSpan));
    return this;
  }

  addEvent(name: string, attributesOrStartTime?: Attributes | TimeInput, startTime?: TimeInput): this {
    this.span.addEvent(name, attributesOrStartTime, startTime);
    return this;
  }

  addLink(link: Link): this {
    this.span.addLink(link);
    return this;
  }

  addLinks(links: Link[]): this {
    this.span.addLinks(links);
    return this;
  }

  setStatus(status: SpanStatus): this {
    this.span.setStatus(status);
    return this;
  }

  updateName(name: string): this {
    this.span.updateName(name);
    return this;
  }

  end(endTime?: TimeInput): void {
    this.span.end(endTime);
  }

  isRecording(): boolean {
    return this.span.isRecording();
  }

  recordException(exception: Exception, time?: TimeInput): void {
    this.span.recordException(exception, time);
  }
}
