import { RateLimitedLogger } from '../diag-logger.js';
import type { TraceFields } from '../observation.js';

/** Longest user, session or workflow-run id kept; Langfuse ignores longer session ids. */
export const MAX_ID_LENGTH = 200;

const log = new RateLimitedLogger('@lamplight/core');

/** Trace fields that are identifiers: grouped on by the backends, so never cut. */
const ID_FIELDS = ['userId', 'sessionId', 'workflowRunId'] as const;
/** Trace fields that are free-form names. */
const NAME_FIELDS = ['traceName', 'agentName', 'workflowName', 'environment', 'release', 'version'] as const;

/**
 * An identifier as the backends accept it: a non-empty string of at most 200 characters
 * (a finite number is stringified). Anything else is dropped — not cut: a cut id would
 * silently merge or split users and sessions — and logged once (the field name and the
 * length, never the value, which may be personal data).
 */
export function validId(value: unknown, field: string): string | undefined {
  const id = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof id !== 'string' || id.length === 0) {
    if (value !== undefined) log.warn(`trace-field:${field}`, `dropped ${field}: expected a string, got ${typeof value}`);
    return undefined;
  }
  if (id.length > MAX_ID_LENGTH) {
    log.warn(`trace-field:${field}`, `dropped ${field}: ${id.length} characters, the limit is ${MAX_ID_LENGTH}`);
    return undefined;
  }
  return id;
}

/** A non-empty string (finite numbers and booleans stringified), else undefined with a diag. */
export function validName(value: unknown, field: string): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  if (value !== undefined) log.warn(`trace-field:${field}`, `dropped ${field}: expected a string, got ${typeof value}`);
  return undefined;
}

/** Tags: strings of 1–200 characters, duplicates removed, order kept; undefined when none remain. */
export function validTags(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return value === undefined ? undefined : validTags([value]);
  const tags = new Set<string>();
  let dropped = 0;
  for (const tag of value) {
    if (typeof tag === 'string' && tag.length > 0 && tag.length <= MAX_ID_LENGTH) tags.add(tag);
    else dropped++;
  }
  if (dropped > 0) log.warn('trace-field:tags', `dropped ${dropped} tag(s): tags must be strings of 1-${MAX_ID_LENGTH} characters`);
  return tags.size > 0 ? [...tags] : undefined;
}

/**
 * Validates the trace-level fields of an observation in place, whatever source they came
 * from (`withTraceAttributes`, AI SDK metadata, OpenInference, OpenLLMetry, `langfuse.*`).
 */
export function validateTraceFields(fields: TraceFields): void {
  for (const field of ID_FIELDS) {
    if (fields[field] !== undefined) fields[field] = validId(fields[field], field);
  }
  for (const field of NAME_FIELDS) {
    if (fields[field] !== undefined) fields[field] = validName(fields[field], field);
  }
  if (fields.tags !== undefined) fields.tags = validTags(fields.tags);
}
