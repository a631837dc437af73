import type { Attributes } from '@opentelemetry/api';
import { safeStringify, stringifyContent } from '@lamplight/core/internal';
import { GEN_AI, OPENAI, type GenAiOperation } from '../semconv.js';
import { count, rec, str, type Rec } from '../values.js';

/**
 * Content recording for one call: whether content is captured, and bounded JSON text
 * for the attributes that carry it.
 */
export interface ContentWriter {
  readonly capture: boolean;
  /** Budget of one attribute (and of text accumulated from a stream), in bytes. */
  readonly maxBytes: number;
  /** Bounded JSON text of `value` (never throws; cut with a visible marker). */
  json(value: unknown): string;
}

/**
 * Builds a `ContentWriter`. Given the call's `span`, and while a destination stores media,
 * the images and other binary values the budget replaced by placeholders are kept beside
 * the span by reference (no copy here) for that destination to upload later.
 */
export function contentWriter(capture: boolean, maxBytes: number, span?: object): ContentWriter {
  return new BoundedContentWriter(capture, maxBytes, span);
}

/** One object per call rather than one plus a closure. */
class BoundedContentWriter implements ContentWriter {
  constructor(
    readonly capture: boolean,
    readonly maxBytes: number,
    private readonly span: object | undefined,
  ) {}

  json(value: unknown): string {
    const { maxBytes, span } = this;
    return span === undefined ? safeStringify(value, { maxBytes }) : stringifyContent(span, value, { maxBytes });
  }
}

/** Accumulates a streamed response; one per stream. */
export interface StreamAccumulator {
  /** Records one chunk or event as received from the SDK. */
  add(chunk: unknown): void;
  /** True when the chunk or event carries output content (the first one is the first token). */
  carriesContent(chunk: unknown): boolean;
  /** True once the stream delivered its terminal chunk or event. */
  readonly finished: boolean;
  /** A failure the stream reported in-band (the Responses `response.failed` event). */
  failure(): string | undefined;
  /** Response attributes from everything received so far (complete or partial). */
  attributes(): Attributes;
}

/** How one traced SDK method maps to a generation. */
export interface OperationSpec {
  /** The SDK resource, as helpers are named: `chat.completions`, `responses`, … */
  readonly resource: string;
  readonly operation: GenAiOperation;
  /** The endpoint accepts `stream_options.include_usage` (chat and legacy completions). */
  readonly acceptsStreamUsage: boolean;
  /** Request parameters and input content. */
  requestAttributes(body: Rec, content: ContentWriter): Attributes;
  /** Attributes of a non-streamed response. */
  responseAttributes(result: Rec, content: ContentWriter): Attributes;
  /** A fresh accumulator for a streamed response. */
  streamAccumulator(content: ContentWriter): StreamAccumulator;
}

/**
 * Usage in the convention's inclusive counts, from either OpenAI shape: Chat Completions
 * (`prompt_tokens`, `completion_tokens`, `*_tokens_details`) or Responses (`input_tokens`,
 * `output_tokens`, `*_tokens_details`). Unknown counts are left out, never written as 0.
 */
export function usageAttributes(usage: unknown, into: Attributes = {}): Attributes {
  const u = rec(usage);
  if (!u) return into;
  putCount(into, GEN_AI.usageInputTokens, count(u.prompt_tokens) ?? count(u.input_tokens));
  putCount(into, GEN_AI.usageOutputTokens, count(u.completion_tokens) ?? count(u.output_tokens));
  const inputDetails = rec(u.prompt_tokens_details) ?? rec(u.input_tokens_details);
  const outputDetails = rec(u.completion_tokens_details) ?? rec(u.output_tokens_details);
  putCount(into, GEN_AI.usageCacheReadInputTokens, count(inputDetails?.cached_tokens));
  putCount(into, GEN_AI.usageReasoningOutputTokens, count(outputDetails?.reasoning_tokens));
  return into;
}

/** Response identity shared by every OpenAI response object: id, model, service tier, fingerprint. */
export function responseIdentity(r: Rec, into: Attributes = {}): Attributes {
  putString(into, GEN_AI.responseId, r.id);
  putString(into, GEN_AI.responseModel, r.model);
  putString(into, OPENAI.responseServiceTier, r.service_tier);
  putString(into, OPENAI.responseSystemFingerprint, r.system_fingerprint);
  return into;
}

// Module-level setters rather than a closure per call: these run on every response.
function putCount(into: Attributes, key: string, value: number | undefined): void {
  if (value !== undefined) into[key] = value;
}

function putString(into: Attributes, key: string, value: unknown): void {
  const text = str(value);
  if (text !== undefined) into[key] = text;
}

/** Sets `key` when `value` is a finite number. */
export function putNumber(into: Attributes, key: string, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value)) into[key] = value;
}

/** `stop` as the convention's string array. */
export function stopSequences(stop: unknown): string[] | undefined {
  if (typeof stop === 'string') return [stop];
  if (Array.isArray(stop)) {
    const list = stop.filter((s): s is string => typeof s === 'string');
    return list.length > 0 ? list : undefined;
  }
  return undefined;
}

/** An OpenAI response format type as `gen_ai.output.type` (`json` or `text`). */
export function outputType(formatType: unknown): string | undefined {
  if (formatType === 'json_object' || formatType === 'json_schema') return 'json';
  if (formatType === 'text') return 'text';
  return undefined;
}
