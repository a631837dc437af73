import type { Attributes } from '@opentelemetry/api';
import { responsesFinishReason, responsesOutputParts } from '../content/responses-items.js';
import { GEN_AI } from '../semconv.js';
import type { Rec } from '../values.js';
import { responseIdentity, usageAttributes, type ContentWriter } from './operation-spec.js';

/** Attributes of a complete Response object (non-streamed, or from `response.completed`). */
export function responseAttributes(response: Rec, content: ContentWriter): Attributes {
  const a = responseIdentity(response);
  usageAttributes(response.usage, a);
  const reason = responsesFinishReason(response);
  if (reason !== undefined) a[GEN_AI.responseFinishReasons] = [reason];
  if (content.capture) {
    const message = { role: 'assistant', parts: responsesOutputParts(response.output), ...(reason ? { finish_reason: reason } : {}) };
    a[GEN_AI.outputMessages] = content.json([message]);
  }
  return a;
}
