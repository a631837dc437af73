import { jsonTextOf } from '../content/json-text-memo.js';
import { scrubJsonValue, scrubSecrets } from '../content/secret-scrubber.js';
import type { Observation } from '../observation.js';
import { toJsonSafe } from '../serialize/to-json-safe.js';
import { truncateString } from '../serialize/truncate-string.js';
import { foldSystemInstructions } from './fold-system-instructions.js';

/** Which observation field a mask is called for. */
export type MaskField = 'input' | 'output' | 'metadata' | 'traceInput' | 'traceOutput' | 'traceMetadata';

/**
 * A user function that rewrites content before it leaves the process. It receives the
 * value and which field it is; what it returns is sent. A mask that throws fails closed:
 * the value is replaced by `MASK_FAILED` and nothing of the original is sent.
 */
export type MaskFunction = (value: unknown, context: { field: MaskField; observation: Observation }) => unknown;

/** The marker sent in place of a value whose mask threw. */
export const MASK_FAILED = '[lamplight: mask failed, value withheld]';

/** Options of `prepareObservation`. */
export interface PrepareOptions {
  /** `false` removes input, output and trace input/output from every observation. */
  captureContent: boolean;
  mask?: MaskFunction;
  /** Per-field byte budget for content. */
  maxFieldBytes: number;
  /**
   * The built-in secret scrubber (`sk-…`, `pk-lf-…`/`sk-lf-…`, `fl_…`, `Bearer …`) on
   * content, metadata and the status message; default true. `false` turns it off, e.g.
   * when prompts legitimately discuss such strings.
   */
  scrubSecrets?: boolean;
}

const CONTENT_FIELDS = ['input', 'output', 'systemInstructions', 'toolDefinitions', 'traceInput', 'traceOutput'] as const;
const MASKED_FIELDS = ['input', 'output', 'metadata', 'traceInput', 'traceOutput', 'traceMetadata'] as const;
/** Bound on one metadata value (metadata is for labels, not payloads). */
const MAX_METADATA_VALUE_BYTES = 2_000;

/**
 * Applies the content switch, the user mask, the size budget and the secret scrubber to a
 * freshly normalised observation, in place. Runs in the export batch, never in `onEnd`.
 * Order matters: system instructions are folded into the input messages first (so both
 * backends show the whole prompt and the mask sees it), the mask gets the raw values, the
 * budget turns them into bounded JSON-safe copies (strings cut with `…[truncated N bytes]`,
 * big data URIs replaced by `<data:mime;base64, N bytes>`), and the scrubber then walks
 * only those bounded copies, once.
 * @param captureForSpan the span's own switch (`withTraceAttributes({ captureContent })`).
 */
export function prepareObservation(obs: Observation, options: PrepareOptions, captureForSpan = true): Observation {
  const scrub = options.scrubSecrets !== false;
  if (!options.captureContent || !captureForSpan) {
    for (const field of CONTENT_FIELDS) delete obs[field];
  } else if (obs.systemInstructions !== undefined) {
    obs.input = foldSystemInstructions(obs.systemInstructions, obs.input);
    delete obs.systemInstructions;
  }
  if (options.mask) {
    for (const field of MASKED_FIELDS) {
      if (obs[field] !== undefined) (obs as unknown as Record<string, unknown>)[field] = runMask(options.mask, obs, field);
    }
  }
  const budget = { maxBytes: options.maxFieldBytes };
  for (const field of CONTENT_FIELDS) {
    const value = obs[field];
    if (value === undefined) continue;
    // Fast path: a value parsed from JSON text is JSON-safe already; when its text fits the
    // budget and holds no secret, it is sent as that text (no walk, no re-serialisation).
    if (!options.mask && fitsAsIs(value, options.maxFieldBytes, scrub)) continue;
    const bounded = toJsonSafe(value, budget);
    (obs as unknown as Record<string, unknown>)[field] = scrub ? scrubJsonValue(bounded) : bounded;
  }
  if (obs.metadata) obs.metadata = stringMap(obs.metadata, scrub);
  if (obs.traceMetadata) obs.traceMetadata = stringMap(obs.traceMetadata, scrub);
  if (obs.metadata === undefined) delete obs.metadata;
  if (obs.traceMetadata === undefined) delete obs.traceMetadata;
  if (obs.statusMessage !== undefined) {
    const bounded = truncateString(obs.statusMessage, Math.min(options.maxFieldBytes, 32_768)).value;
    obs.statusMessage = scrub ? scrubSecrets(bounded) : bounded;
  }
  return obs;
}

/**
 * True when `value` came from JSON text that fits the byte budget (UTF-8 is at most 3
 * bytes per UTF-16 unit, so `length * 3` bounds it without encoding) and, when scrubbing
 * is on, contains nothing the scrubber would change.
 */
function fitsAsIs(value: unknown, maxBytes: number, scrub: boolean): boolean {
  const text = jsonTextOf(value);
  if (text === undefined || text.length * 3 > maxBytes) return false;
  return !scrub || scrubSecrets(text) === text;
}

function runMask(mask: MaskFunction, obs: Observation, field: MaskField): unknown {
  try {
    const masked = mask(obs[field], { field, observation: obs });
    if (field === 'metadata' || field === 'traceMetadata') {
      return masked !== null && typeof masked === 'object' && !Array.isArray(masked) ? masked : undefined;
    }
    return masked;
  } catch {
    return field === 'metadata' || field === 'traceMetadata' ? { masked: MASK_FAILED } : MASK_FAILED;
  }
}

/**
 * A mask may return non-string values (or an object whose getters throw); the wire format
 * wants bounded strings. A map that cannot be read fails closed, like a throwing mask.
 */
function stringMap(map: Record<string, unknown>, scrub: boolean): Record<string, string> | undefined {
  try {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(map)) {
      if (value === undefined) continue;
      const text =
        typeof value === 'string'
          ? truncateString(value, MAX_METADATA_VALUE_BYTES).value
          : JSON.stringify(toJsonSafe(value, { maxBytes: MAX_METADATA_VALUE_BYTES }));
      out[key] = scrub ? scrubSecrets(text) : text;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  } catch {
    return { masked: MASK_FAILED };
  }
}
