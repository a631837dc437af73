import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { EnrichSpan } from '@ai-sdk/otel' with { 'resolution-mode': 'import' };
import { LAMPLIGHT_KEYS } from '@lamplight/core';
import { safeStringify, truncateString } from '@lamplight/core/internal';
import { log } from './diag.js';

/**
 * Where the runtime context goes: the key prefix `@ai-sdk/otel` itself uses with
 * `runtimeContext: true`, so core's AI SDK reader maps it (`userId`, `sessionId`, `tags`,
 * `langfusePrompt` … become trace fields, other keys observation metadata).
 */
const CONTEXT_PREFIX = 'ai.settings.context.';
/** Bounds on one call's runtime context: it is copied onto every span of the call. */
const MAX_CONTEXT_ATTRIBUTES = 64;
const MAX_CONTEXT_DEPTH = 4;
const MAX_VALUE_BYTES = 2_000;

/**
 * The `enrichSpan` hook Lamplight gives `@ai-sdk/otel`, run before the user's own (whose
 * attributes win on a shared key).
 *
 * - Runtime context on **every** span of a call. `@ai-sdk/otel` (`runtimeContext: true`)
 *   writes it on the operation, step and embedding spans only; the model-call and tool
 *   spans — the ones people filter by user or session — would lack it. The SDK hands
 *   integrations only the keys the call lists in `telemetry.includeRuntimeContext`, so
 *   that list is the allow-list.
 * - The operation span of `embed` / `embedMany` becomes a chain. `@ai-sdk/otel` names it
 *   `embeddings` like the model call inside it, so it would read as a second embedding;
 *   as a chain the tree matches AI SDK v5/v6 (`ai.embed` → `ai.embed.doEmbed`).
 */
export function lamplightEnrichSpan(user: EnrichSpan | undefined): EnrichSpan {
  return (options) => {
    let attributes: Attributes = {};
    try {
      attributes = runtimeContextAttributes(options.runtimeContext);
      if (options.spanType === 'operation' && (options.operationId === 'ai.embed' || options.operationId === 'ai.embedMany')) {
        attributes[LAMPLIGHT_KEYS.kind] = 'chain';
      }
    } catch (error) {
      log.warn('enrich', 'could not read the runtime context; spans are kept without it', error);
    }
    let own: Attributes | undefined;
    try {
      own = user?.(options);
    } catch (error) {
      // Caught here rather than by `@ai-sdk/otel`, which would drop Lamplight's attributes too.
      log.warn('enrich-user', 'the enrichSpan option threw; its attributes are left out', error);
    }
    return own ? { ...attributes, ...own } : attributes;
  };
}

/** The runtime context flattened to attributes, nested objects joined with dots (as `@ai-sdk/otel` does). */
export function runtimeContextAttributes(runtimeContext: Record<string, unknown> | undefined): Attributes {
  const out: Attributes = {};
  if (runtimeContext === null || typeof runtimeContext !== 'object') return out;
  let count = 0;
  const visit = (key: string, value: unknown, depth: number): void => {
    if (value === undefined || value === null || count >= MAX_CONTEXT_ATTRIBUTES) return;
    if (isPlainObject(value) && depth < MAX_CONTEXT_DEPTH) {
      for (const [child, nested] of Object.entries(value)) visit(`${key}.${child}`, nested, depth + 1);
      return;
    }
    const attribute = toAttributeValue(value);
    if (attribute === undefined) return;
    out[key] = attribute;
    count++;
  };
  for (const [key, value] of Object.entries(runtimeContext)) visit(CONTEXT_PREFIX + key, value, 1);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Primitives and arrays of one primitive type as they are; anything else as bounded JSON text. */
function toAttributeValue(value: unknown): AttributeValue | undefined {
  if (typeof value === 'string') return truncateString(value, MAX_VALUE_BYTES).value;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'string')) return value as string[];
    if (value.every((item) => typeof item === 'number' && Number.isFinite(item))) return value as number[];
    if (value.every((item) => typeof item === 'boolean')) return value as boolean[];
  }
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  return safeStringify(value, { maxBytes: MAX_VALUE_BYTES });
}
