import type { Observation } from '../observation.js';

/**
 * Which field a mask is called for: the content fields, metadata, and every other string
 * that leaves — names, the status message, ids, tags, the span's forwarded attributes (one
 * object of key → value) and its events (an array of `{ name, attributes }`).
 */
export type MaskField =
  | 'input'
  | 'output'
  | 'metadata'
  | 'traceInput'
  | 'traceOutput'
  | 'traceMetadata'
  | 'name'
  | 'statusMessage'
  | 'userId'
  | 'sessionId'
  | 'tags'
  | 'attributes'
  | 'events';

/**
 * A user function that rewrites what leaves the process. It receives the value and which
 * field it is; what it returns is sent (after the budget and the secret scrubber). A mask
 * that throws, or returns a value of the wrong shape for `name`, `statusMessage`, the ids,
 * `tags`, `attributes` or `events`, fails closed: the value is withheld (`MASK_FAILED`
 * for text, nothing for the others).
 */
export type MaskFunction = (value: unknown, context: { field: MaskField; observation: Observation }) => unknown;

/** The marker sent in place of a value whose mask threw. */
export const MASK_FAILED = '[lamplight: mask failed, value withheld]';
