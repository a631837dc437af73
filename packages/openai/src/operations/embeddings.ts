import type { Attributes } from '@opentelemetry/api';
import { LAMPLIGHT_KEYS } from '@lamplight/core';
import { GEN_AI } from '../semconv.js';
import { str } from '../values.js';
import { putNumber, responseIdentity, usageAttributes, type OperationSpec, type StreamAccumulator } from './operation-spec.js';

/**
 * `embeddings.create` → an `embeddings` generation. The convention has no content attribute
 * for embedding input, so the input texts go to the core's own input key; vectors are never
 * recorded (large, and not meaningful to read).
 */
export const EMBEDDINGS: OperationSpec = {
  resource: 'embeddings',
  operation: 'embeddings',
  acceptsStreamUsage: false,
  requestAttributes(body, content) {
    const a: Attributes = {};
    putNumber(a, GEN_AI.embeddingsDimensionCount, body.dimensions);
    const format = str(body.encoding_format);
    if (format) a[GEN_AI.requestEncodingFormats] = [format];
    if (content.capture && body.input !== undefined) a[LAMPLIGHT_KEYS.input] = content.json(body.input);
    return a;
  },
  responseAttributes(result) {
    return usageAttributes(result.usage, responseIdentity(result));
  },
  streamAccumulator(): StreamAccumulator {
    // The endpoint does not stream; a stream here would be a future SDK feature we pass through.
    return { finished: true, add() {}, carriesContent: () => false, failure: () => undefined, attributes: () => ({}) };
  },
};
