import { jsonTextOf, rememberJsonText } from '../content/json-text-memo.js';
import { MASK_FAILED, type MaskField, type MaskFunction } from '../content/mask.js';
import { gateObservationFields } from '../content/observation-fields-gate.js';
import { privacyContextOf, setPrivacyContext } from '../content/privacy-context.js';
import { privacyGateFor, type PrivacyGate, type PrivacyLimits } from '../content/privacy-gate.js';
import { SCRUB_CHUNK } from '../content/scrub-chunks.js';
import type { SecretScrubberOptions } from '../content/secret-scrubber.js';
import { valueBudget } from '../content/span-parts-gate.js';
import { binaryRetentionEnabled, retainBinaryParts, type BinaryPart } from '../media/binary-parts.js';
import type { Observation } from '../observation.js';
import { toJsonSafe } from '../serialize/to-json-safe.js';
import { truncateString } from '../serialize/truncate-string.js';
import type { ReadableSpanLike } from '../span-like.js';
import { FORWARD_FILTER } from '../render/langfuse-span-view.js';
import { foldSystemInstructions } from './fold-system-instructions.js';
import { TimeSlicer } from './time-slicer.js';

export { MASK_FAILED };
export type { MaskField, MaskFunction };

/** Options of `prepareObservation`: the privacy settings of the processor. */
export interface PrepareOptions {
  /** `false` removes content from every observation and forwards only allow-listed attributes. */
  captureContent: boolean;
  mask?: MaskFunction;
  /** Per-field byte budget for content and forwarded attribute values. */
  maxFieldBytes: number;
  /** The secret scrubber on every string that leaves; default true. */
  scrubSecrets?: boolean;
  /** Built-in secret rules to turn off, custom rules to add. */
  secretRules?: SecretScrubberOptions;
  /** More attribute keys (exact, or `prefix.*`) that pass with content capture off. */
  allowAttributes?: readonly string[];
  /** Overrides of the name, tag, metadata, attribute and event limits. */
  privacyLimits?: Partial<PrivacyLimits>;
}

const CONTENT_FIELDS = ['input', 'output', 'systemInstructions', 'toolDefinitions', 'traceInput', 'traceOutput'] as const;
const MASKED_CONTENT = ['input', 'output', 'traceInput', 'traceOutput'] as const;
type ContentField = (typeof CONTENT_FIELDS)[number];

/** A string of a bounded content value still to be scrubbed, and where to put the result. */
interface Pending {
  readonly text: string;
  readonly done: (clean: string) => void;
}

/**
 * Passes a freshly normalised observation through the privacy gate, in place: the content
 * switch, the user's mask, the budgets and the secret scrubber on every field, and records
 * the gate on the observation so renderers apply the same decisions to the span's forwarded
 * attributes and events (`gateSpanParts`). Runs in the export batch, never in `onEnd`.
 * Order: system instructions are folded into the input first (the mask sees the whole
 * prompt), the mask gets the raw values, the budget makes bounded JSON-safe copies (cut
 * with `…[truncated N bytes]`), and the scrubber then walks only those copies, once.
 * @param captureForSpan the span's own switch (`withTraceAttributes({ captureContent })`, per call).
 */
export function prepareObservation(obs: Observation, options: PrepareOptions, captureForSpan = true): Observation {
  const { gate, pending } = gateFields(obs, options, captureForSpan);
  if (gate.scrubber) for (const p of pending) p.done(gate.scrubber.scrub(p.text));
  return obs;
}

/**
 * `prepareObservation` that scrubs large content in slices, giving the event loop back
 * whenever `slicer`'s slice is used up: a 1 MiB prompt is not scrubbed in one go. Same
 * result as the synchronous form. Given the `span`, its long forwarded attribute and event
 * values are cut and scrubbed in slices too, ahead of the renderer that forwards them.
 * When there is little text to scrub (the usual span) the work is done at once and the
 * observation returned as it is, not in a promise: a promise and an `await` per span cost
 * more than the scrub itself (and more again under an async-hooks context manager).
 */
export function prepareObservationSliced(
  obs: Observation,
  options: PrepareOptions,
  captureForSpan = true,
  slicer: TimeSlicer = new TimeSlicer(),
  span?: ReadableSpanLike,
): Observation | Promise<Observation> {
  const { gate, pending } = gateFields(obs, options, captureForSpan);
  const scrubber = gate.scrubber;
  if (scrubber === undefined) return obs;
  const long = span === undefined ? [] : longForwardedValues(obs, span, gate);
  let text = 0;
  for (const p of pending) text += p.text.length;
  if (long.length === 0 && text <= SCRUB_CHUNK) {
    for (const p of pending) p.done(scrubber.scrub(p.text));
    return obs;
  }
  return scrubSliced(obs, pending, long, gate, slicer);
}

async function scrubSliced(obs: Observation, pending: Pending[], long: string[], gate: PrivacyGate, slicer: TimeSlicer): Promise<Observation> {
  const scrubber = gate.scrubber!;
  for (const p of pending) {
    const pause = slicer.maybeYield();
    if (pause) await pause;
    // Only a text longer than one chunk can need a pause inside it.
    p.done(p.text.length > SCRUB_CHUNK ? await scrubber.scrubSliced(p.text, slicer) : scrubber.scrub(p.text));
  }
  if (long.length > 0) {
    const done = (privacyContextOf(obs).prescrubbed ??= new Map());
    for (const cut of long) done.set(cut, await scrubber.scrubSliced(cut, slicer));
  }
  return obs;
}

/**
 * Long forwarded string values of `span` (attributes and event attributes), cut to their
 * budget: the renderer would otherwise scrub them synchronously, so they are scrubbed here
 * in slices and looked up by the gate (`PrivacyContext.prescrubbed`).
 */
function longForwardedValues(obs: Observation, span: ReadableSpanLike, gate: PrivacyGate): string[] {
  const ctx = privacyContextOf(obs);
  const out: string[] = [];
  const visit = (attributes: ReadableSpanLike['attributes'] | undefined, isEvent: boolean): void => {
    if (attributes === null || typeof attributes !== 'object') return;
    let seen = 0;
    for (const key in attributes) {
      // The gate keeps at most this many; the rest is never scrubbed.
      if (++seen > gate.limits.maxAttributes) break;
      const value = attributes[key];
      if (typeof value !== 'string' || value.length <= SCRUB_CHUNK) continue;
      // A prompt read into the observation is not forwarded again: scrubbing it here would scan it twice.
      if (!isEvent && !FORWARD_FILTER.forwardsKey(key)) continue;
      if (!ctx.capture && !gate.allowList.allows(key)) continue;
      out.push(truncateString(value, valueBudget(gate, key, ctx.capture, isEvent)).value);
    }
  };
  visit(span.attributes, false);
  const events = span.events ?? [];
  for (let i = 0; i < events.length && i < gate.limits.maxEvents; i++) {
    const event = events[i];
    if (typeof event?.name === 'string' && FORWARD_FILTER.forwardsEvent(event.name)) visit(event.attributes, true);
  }
  return out;
}

function gateFields(obs: Observation, options: PrepareOptions, captureForSpan: boolean): { gate: PrivacyGate; pending: Pending[] } {
  const gate = privacyGateFor(options);
  const capture = options.captureContent !== false && captureForSpan;
  const mask = typeof options.mask === 'function' ? options.mask : undefined;
  setPrivacyContext(obs, { gate, capture, mask });
  const o = obs as unknown as Record<string, unknown>;
  if (!capture) {
    for (const field of CONTENT_FIELDS) delete o[field];
  } else if (obs.systemInstructions !== undefined) {
    obs.input = foldSystemInstructions(obs.systemInstructions, obs.input);
    delete obs.systemInstructions;
  }
  if (mask) {
    for (const field of MASKED_CONTENT) {
      if (o[field] !== undefined) o[field] = runMask(mask, obs, field, gate);
    }
  }
  gateObservationFields(obs, gate, mask, capture);
  const pending: Pending[] = [];
  const budget = { maxBytes: options.maxFieldBytes };
  for (const field of CONTENT_FIELDS) {
    const value = o[field];
    if (value === undefined) continue;
    // Fast path: a value parsed from JSON text that fits the budget is scrubbed as that
    // text (no walk, no re-serialisation). Built-in markers keep JSON valid; if the
    // result does not parse, the value takes the walk below instead.
    const text = mask ? undefined : jsonTextOf(value);
    if (text !== undefined && text.length * 3 <= options.maxFieldBytes) {
      if (gate.scrubber) pending.push({ text, done: (clean) => replaceFromText(o, field, value, clean, budget, gate) });
      continue;
    }
    // Binary values the budget replaces are kept beside the observation for a destination that stores media.
    const binaryParts: BinaryPart[] | undefined = binaryRetentionEnabled() ? [] : undefined;
    const bounded = toJsonSafe(value, binaryParts ? { ...budget, binaryParts } : budget);
    if (binaryParts !== undefined) retainBinaryParts(obs, binaryParts);
    o[field] = bounded;
    collectStrings(o, field, gate, pending);
  }
  return { gate, pending };
}

function replaceFromText(o: Record<string, unknown>, field: ContentField, value: unknown, clean: string, budget: { maxBytes: number }, gate: PrivacyGate): void {
  if (clean === jsonTextOf(value)) return;
  try {
    const parsed: unknown = JSON.parse(clean);
    rememberJsonText(parsed, clean);
    o[field] = parsed;
  } catch {
    o[field] = toJsonSafe(value, budget);
    const rest: Pending[] = [];
    collectStrings(o, field, gate, rest);
    for (const p of rest) p.done(gate.scrubber ? gate.scrubber.scrub(p.text) : p.text);
  }
}

/**
 * Every string of the bounded tree at `o[field]` (values and keys) as pending work; counts
 * budget cuts. Iterative, so depth never threatens the stack. Keys are scrubbed at once
 * (renaming a key cannot wait), values later.
 */
function collectStrings(o: Record<string, unknown>, field: ContentField, gate: PrivacyGate, pending: Pending[]): void {
  const scrub = gate.scrubber !== undefined;
  const note = (s: string): void => {
    if (s.endsWith(' bytes]') && s.includes('…[truncated ')) gate.countCut(field);
  };
  const root = o[field];
  if (typeof root === 'string') {
    note(root);
    if (scrub) pending.push({ text: root, done: (clean) => (o[field] = clean) });
    return;
  }
  if (root === null || typeof root !== 'object') return;
  const stack: object[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown> | unknown[];
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item = node[i];
        if (typeof item === 'string') {
          note(item);
          if (scrub) pending.push({ text: item, done: (clean) => (node[i] = clean) });
        } else if (item !== null && typeof item === 'object') stack.push(item);
      }
      continue;
    }
    for (const key of Object.keys(node)) {
      const item = node[key];
      let target = key;
      if (scrub) {
        const cleanKey = gate.scrubber!.scrub(key);
        if (cleanKey !== key) {
          delete node[key];
          node[cleanKey] = item;
          target = cleanKey;
        }
      }
      if (typeof item === 'string') {
        note(item);
        if (scrub) pending.push({ text: item, done: (clean) => (node[target] = clean) });
      } else if (item !== null && typeof item === 'object') stack.push(item);
    }
  }
}

function runMask(mask: MaskFunction, obs: Observation, field: MaskField, gate: PrivacyGate): unknown {
  try {
    return mask((obs as unknown as Record<string, unknown>)[field], { field, observation: obs });
  } catch (error) {
    gate.countMaskFailure(field, error);
    return MASK_FAILED;
  }
}
