import { RateLimitedLogger } from '../diag-logger.js';
import type { TraceAttributes } from './trace-attributes.js';

const log = new RateLimitedLogger('@lamplight/core');

/** Most tags one `withTraceAttributes` scope keeps (the export gate bounds the union again). */
export const MAX_SCOPE_TAGS = 100;
/** Most tag entries looked at: a list of 10^6 tags costs this many reads, not 10^6. */
const MAX_TAGS_SCANNED = 1_000;
/** Most metadata keys one scope keeps: each becomes an attribute on every span started inside. */
export const MAX_SCOPE_METADATA_KEYS = 64;

const KEYS: ReadonlyArray<keyof TraceAttributes> = [
  'userId',
  'sessionId',
  'traceName',
  'tags',
  'metadata',
  'traceInput',
  'traceOutput',
  'agentName',
  'workflowName',
  'workflowRunId',
  'environment',
  'release',
  'version',
  'prompt',
  'public',
  'captureContent',
];

/**
 * The caller's trace attributes as a plain, bounded object: each key read once inside its
 * own try (a throwing Proxy or getter costs that key), tags cut to the first 100 strings,
 * metadata to the first 64 keys. Anything but an object counts as no attributes. One
 * rate-limited diagnostic says what was ignored.
 */
export function readTraceAttributes(attributes: unknown): TraceAttributes {
  if (attributes === undefined) return {};
  if (attributes === null || typeof attributes !== 'object') {
    log.warn('trace-attributes', `withTraceAttributes expects an object, got ${attributes === null ? 'null' : typeof attributes}; ignored`);
    return {};
  }
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of KEYS) {
    try {
      const value = (attributes as Record<string, unknown>)[key];
      if (value === undefined) continue;
      if (key === 'tags') out.tags = boundedTags(value, problems);
      else if (key === 'metadata') out.metadata = boundedMetadata(value, problems);
      else out[key] = value;
    } catch {
      problems.push(`"${key}" could not be read`);
    }
  }
  if (problems.length > 0) log.warn('trace-attributes', `withTraceAttributes: ${problems.join('; ')}`);
  return out as TraceAttributes;
}

function boundedTags(value: unknown, problems: string[]): unknown {
  if (!Array.isArray(value)) return value;
  if (value.length <= MAX_SCOPE_TAGS) return [...(value as unknown[])];
  const out: unknown[] = [];
  const scan = Math.min(value.length, MAX_TAGS_SCANNED);
  for (let i = 0; i < scan && out.length < MAX_SCOPE_TAGS; i++) out.push(value[i]);
  problems.push(`kept ${out.length} of ${value.length} tags`);
  return out;
}

function boundedMetadata(value: unknown, problems: string[]): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  let kept = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (kept >= MAX_SCOPE_METADATA_KEYS) {
      problems.push(`kept the first ${MAX_SCOPE_METADATA_KEYS} metadata keys`);
      break;
    }
    out[key] = (value as Record<string, unknown>)[key];
    kept++;
  }
  return out;
}
