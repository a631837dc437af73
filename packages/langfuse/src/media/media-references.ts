import type { ExportItem, Observation } from '@lamplight/core';
import { jsonTextOf, takeBinaryParts, withObservationFields, type BinaryPart } from '@lamplight/core/internal';
import { estimatedBytes, mediaBytesOf, parseDataUri } from './media-bytes.js';
import type { MediaStats } from './media-stats.js';
import type { MediaUploader } from './media-uploader.js';

/** Bounds of the media work of one export call. */
export interface MediaLimits {
  /** Largest value uploaded, in decoded bytes. */
  maxBytesPerValue: number;
  /** Most values uploaded per export call. */
  maxValuesPerExport: number;
  /** Most bytes uploaded per export call. */
  maxBytesPerExport: number;
  /** Longest the media work of one export call may delay its spans, in ms. */
  timeoutMillis: number;
}

/** The content fields that carry media, as Langfuse's media API names them. */
const FIELDS = ['input', 'output'] as const;
type Field = (typeof FIELDS)[number];

/** Deepest a rendered value is searched; prepared values are bounded far below it. */
const MAX_DEPTH = 64;

/** One place in an observation's field where media can go: a replaced part or an inline data URI. */
interface Occurrence {
  field: Field;
  source: string | ArrayBufferView | ArrayBuffer;
}

/**
 * Swaps the binary values of prepared observations for Langfuse media references, for the
 * Langfuse destination only: a placeholder the serializer wrote for a value kept beside the
 * span (`retainBinaryParts`), or a data URI kept inline, becomes
 * `@@@langfuseMedia:type=…|id=…|source=…@@@` once uploaded; anything that fails, or does not
 * fit the limits, keeps its placeholder and is counted. Only what the privacy gate let
 * through is looked at: content removed by the capture switch or a mask is never uploaded.
 */
export class MediaReferences {
  constructor(
    private readonly uploader: MediaUploader,
    private readonly limits: MediaLimits,
    private readonly stats: MediaStats,
  ) {}

  /** The items to render: the same objects where nothing changed, copies with media references otherwise. */
  async resolve(items: readonly ExportItem[], signal?: AbortSignal): Promise<readonly ExportItem[]> {
    const call = { deadline: Date.now() + this.limits.timeoutMillis, values: 0, bytes: 0, signal };
    let out: ExportItem[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as ExportItem;
      // Taken for every span, so the retention budget is released as soon as Langfuse has seen it.
      const { parts, ambiguous } = mergeParts(takeBinaryParts(item.span), takeBinaryParts(item.observation));
      // The usual span: nothing kept beside it and no data URI in its content.
      if (parts.length === 0 && ambiguous === 0 && !FIELDS.some((field) => mayHoldDataUri(item.observation[field]))) continue;
      this.stats.skipped.unmatched += ambiguous;
      const placeholders = new Set(parts.map((p) => p.placeholder));
      const occurrences = this.find(item.observation, parts, placeholders);
      if (occurrences.length === 0) continue;
      const tokens = await this.upload(item, occurrences, call);
      if (tokens.every((t) => t === undefined)) continue;
      out ??= items.slice();
      out[i] = { span: item.span, observation: rewrite(item.observation, tokens, placeholders) };
    }
    return out ?? items;
  }

  /** Every media place in input then output, in rendering order; placeholders that cannot be matched one-to-one are left. */
  private find(obs: Observation, parts: readonly BinaryPart[], placeholders: ReadonlySet<string>): Array<Occurrence | undefined> {
    const byPlaceholder = new Map<string, BinaryPart[]>();
    for (const part of parts) {
      const list = byPlaceholder.get(part.placeholder) ?? [];
      list.push(part);
      byPlaceholder.set(part.placeholder, list);
    }
    const found: Array<{ field: Field; text: string }> = [];
    for (const field of FIELDS) {
      // A value kept as its JSON text holds a data URI only where the text has `"data:`: one
      // native search instead of a walk over every string of every span.
      if (parts.length === 0 && !mayHoldDataUri(obs[field])) continue;
      visitStrings(obs[field], (s) => {
        if (isMediaPlace(s, placeholders)) found.push({ field, text: s });
        return s;
      });
    }
    const seen = new Map<string, number>();
    for (const f of found) if (byPlaceholder.has(f.text)) seen.set(f.text, (seen.get(f.text) ?? 0) + 1);
    const next = new Map<string, number>();
    return found.map(({ field, text }) => {
      const list = byPlaceholder.get(text);
      if (list === undefined) return { field, source: text };
      // A mask or budget that removed or repeated a placeholder makes the order unreliable: keep them all.
      if (seen.get(text) !== list.length) {
        this.stats.skipped.unmatched++;
        return undefined;
      }
      const k = next.get(text) ?? 0;
      next.set(text, k + 1);
      return { field, source: (list[k] as BinaryPart).source };
    });
  }

  /** Uploads each occurrence (the same value once per field), within the call's limits. */
  private async upload(item: ExportItem, occurrences: Array<Occurrence | undefined>, call: { deadline: number; values: number; bytes: number; signal?: AbortSignal }): Promise<Array<string | undefined>> {
    const { traceId, spanId } = item.span.spanContext();
    const done = new Map<unknown, string | undefined>();
    const tokens: Array<string | undefined> = [];
    for (const occ of occurrences) {
      if (occ === undefined) {
        tokens.push(undefined);
        continue;
      }
      const memo = done.get(occ.source);
      if (memo !== undefined || done.has(occ.source)) {
        tokens.push(memo);
        continue;
      }
      const token = await this.one(occ, traceId, spanId, call);
      done.set(occ.source, token);
      tokens.push(token);
    }
    return tokens;
  }

  private async one(occ: Occurrence, traceId: string, observationId: string, call: { deadline: number; values: number; bytes: number; signal?: AbortSignal }): Promise<string | undefined> {
    // Limits first, on the size the value states: nothing is decoded for a value that is skipped.
    const size = estimatedBytes(occ.source);
    if (size > this.limits.maxBytesPerValue) return void this.stats.skipped['too-large']++;
    if (call.values >= this.limits.maxValuesPerExport || call.bytes + size > this.limits.maxBytesPerExport) return void this.stats.skipped['over-limit']++;
    if (Date.now() >= call.deadline || call.signal?.aborted) return void this.stats.skipped.timeout++;
    const media = mediaBytesOf(occ.source);
    if (media === undefined) return undefined;
    call.values++;
    call.bytes += size;
    return this.uploader.upload(media, { traceId, observationId, field: occ.field }, { deadline: call.deadline, ...(call.signal ? { signal: call.signal } : {}) });
  }
}

/** The observation with its i-th media place (in `find` order) replaced by `tokens[i]` where defined. */
function rewrite(obs: Observation, tokens: ReadonlyArray<string | undefined>, placeholders: ReadonlySet<string>): Observation {
  let i = 0;
  const fields: Partial<Observation> = {};
  for (const field of FIELDS) {
    const value = obs[field];
    const next = visitStrings(value, (s) => {
      // Same test as `find`, so both walks count the same places.
      if (!isMediaPlace(s, placeholders)) return s;
      return tokens[i++] ?? s;
    });
    if (next !== value) fields[field] = next;
  }
  return withObservationFields(obs, fields);
}

/**
 * Parts replaced on the app's thread (kept beside the span) and in the privacy gate (kept
 * beside the observation). A placeholder text found in both lists cannot be told apart by
 * position, so its parts are dropped here: those places keep their placeholder (counted).
 */
function mergeParts(fromSpan: BinaryPart[], fromGate: BinaryPart[]): { parts: BinaryPart[]; ambiguous: number } {
  if (fromGate.length === 0) return { parts: fromSpan, ambiguous: 0 };
  if (fromSpan.length === 0) return { parts: fromGate, ambiguous: 0 };
  const inSpan = new Set(fromSpan.map((p) => p.placeholder));
  const both = new Set(fromGate.filter((p) => inSpan.has(p.placeholder)).map((p) => p.placeholder));
  const parts = [...fromSpan, ...fromGate].filter((p) => !both.has(p.placeholder));
  return { parts, ambiguous: fromSpan.length + fromGate.length - parts.length };
}

/** False only when `value` certainly holds no string starting with `data:`. */
function mayHoldDataUri(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.startsWith('data:');
  const text = jsonTextOf(value);
  return text === undefined || text.includes('"data:');
}

/** A placeholder of a part kept beside the span, or a data URI kept inline. */
function isMediaPlace(s: string, placeholders: ReadonlySet<string>): boolean {
  return placeholders.has(s) || parseDataUri(s) !== undefined;
}

/**
 * Calls `fn` on every string of a JSON-like value in document order and returns the value
 * with the strings `fn` changed; containers are copied only on the path to a change.
 */
function visitStrings(value: unknown, fn: (s: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return fn(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = visitStrings(value[i], fn, depth + 1);
      if (next !== value[i]) (copy ??= value.slice())[i] = next;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const next = visitStrings(item, fn, depth + 1);
    if (next !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = next;
  }
  return copy ?? value;
}
