import type { ObservationFields } from '../observation.js';
import type { ReadableSpanLike } from '../span-like.js';

/**
 * A convention reader: yields the observation fields one dialect carries on a span.
 * Readers never throw for unexpected values; they yield nothing for what they cannot read.
 * `normalize` runs them in priority order and keeps the first value for each field.
 */
export type ConventionReader = (span: ReadableSpanLike) => ObservationFields;
