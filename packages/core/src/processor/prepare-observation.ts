import type { Observation } from '../observation.js';
import { toJsonSafe } from '../serialize/to-json-safe.js';

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
}

const CONTENT_FIELDS = ['input', 'output', 'systemInstructions', 'toolDefinitions', 'traceInput', 'traceOutput'] as const;
const MASKED_FIELDS = ['input', 'output', 'metadata', 'traceInput', 'traceOutput', 'traceMetadata'] as const;

/**
 * Applies the content switch, the user mask and the size budget to a freshly normalised
 * observation, in place. Runs in the export batch, never in `onEnd`. Folds system
 * instructions into the input messages, so both backends show the whole prompt.
 * @param captureForSpan the span's own switch (`withTraceAttributes({ captureContent })`).
 */
export function prepareObservation(obs: Observation, options: PrepareOptions, captureForSpan = true): Observation {
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
    if (obs[field] !== undefined) (obs as unknown as Record<string, unknown>)[field] = toJsonSafe(obs[field], budget);
  }
  if (obs.metadata) obs.metadata = stringMap(obs.metadata);
  if (obs.traceMetadata) obs.traceMetadata = stringMap(obs.traceMetadata);
  return obs;
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

/** System instructions become a leading `system` message of the input messages. */
function foldSystemInstructions(system: unknown, input: unknown): unknown {
  const systemMessage = { role: 'system', parts: Array.isArray(system) ? system : [{ type: 'text', content: system }] };
  if (input === undefined) return [systemMessage];
  if (Array.isArray(input)) return [systemMessage, ...(input as unknown[])];
  return [systemMessage, input];
}

/** A mask may return non-string values; the wire format wants strings. */
function stringMap(map: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'string' ? value : JSON.stringify(toJsonSafe(value, { maxBytes: 2_000 }));
  }
  return out;
}
