import { isForeignModelCallSpan } from '../dedup/foreign-model-call.js';
import { isLamplightCall, isSteppedAside } from '../dedup/model-call-registry.js';
import type { ObservationFields } from '../observation.js';
import { parentSpanIdOf, type ReadableSpanLike } from '../span-like.js';

/** Metadata key naming why a span is not a generation although it describes a model call. */
export const STEPPED_ASIDE_METADATA_KEY = 'lamplight_stepped_aside';

/**
 * Reads another tool's model-call span that describes the same `openai` call as a
 * Lamplight generation (see `dedup/model-call-registry.ts`) as a plain span: the kind is
 * `span`, so it carries no usage or cost, and the call is one generation at every backend.
 * Runs first, so its kind wins over every convention the span also speaks.
 */
export function readDuplicateCall(span: ReadableSpanLike): ObservationFields {
  const spanId = span.spanContext().spanId;
  if (isSteppedAside(spanId)) return steppedAside('another generation describes this call');
  const parent = parentSpanIdOf(span);
  if (parent !== undefined && isLamplightCall(parent) && isForeignModelCallSpan(span)) {
    return steppedAside('inside a lamplight generation');
  }
  return {};
}

function steppedAside(reason: string): ObservationFields {
  return { kind: 'span', metadata: { [STEPPED_ASIDE_METADATA_KEY]: reason } };
}
