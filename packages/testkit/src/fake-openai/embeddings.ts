/**
 * `POST /v1/embeddings` with `encoding_format` `float` or `base64`. The openai SDK asks for
 * base64 by default and decodes it as little-endian float32, so the base64 form must be
 * exactly that byte layout or every vector decodes to garbage.
 */
import { jsonOk, type AnswerPlan } from './answer-plan.js';
import type { ResolvedReply } from './resolve-reply.js';

/** Dimensions of the default vectors when the request does not ask for `dimensions`. */
export const DEFAULT_EMBEDDING_DIMENSIONS = 8;

/** FNV-1a over UTF-16 code units: a stable seed per input text. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The deterministic default vector for a text: values in [-0.5, 0.5) that are multiples of
 * 1/256, so they survive the float32 round trip of base64 exactly and float and base64
 * answers compare equal.
 */
export function defaultEmbedding(text: string, dimensions = DEFAULT_EMBEDDING_DIMENSIONS): number[] {
  let state = hashText(text) || 1;
  const vector: number[] = [];
  for (let index = 0; index < dimensions; index += 1) {
    // xorshift32: cheap, deterministic, and spreads similar texts apart.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    vector.push(((state & 0xff) - 128) / 256);
  }
  return vector;
}

/** Little-endian float32 bytes of `vector`, base64-encoded (OpenAI's `base64` encoding). */
export function encodeFloat32Base64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}

function requestedDimensions(body: unknown): number {
  const dimensions = typeof body === 'object' && body !== null ? (body as { dimensions?: unknown }).dimensions : undefined;
  return Number.isSafeInteger(dimensions) && (dimensions as number) > 0 ? (dimensions as number) : DEFAULT_EMBEDDING_DIMENSIONS;
}

/** Plans the answer to an embeddings request with one vector per input. */
export function embeddingsAnswer(reply: ResolvedReply, inputs: readonly string[], body: unknown): AnswerPlan {
  const base64 = typeof body === 'object' && body !== null && (body as { encoding_format?: unknown }).encoding_format === 'base64';
  const dimensions = requestedDimensions(body);
  const data = inputs.map((text, index) => {
    const vector = reply.embeddings?.[index] ?? defaultEmbedding(text, dimensions);
    return { object: 'embedding', index, embedding: base64 ? encodeFloat32Base64(vector) : vector };
  });
  return jsonOk({
    object: 'list',
    data,
    model: reply.model,
    usage: { prompt_tokens: reply.usage.inputTokens, total_tokens: reply.embeddingTotalTokens },
  });
}
