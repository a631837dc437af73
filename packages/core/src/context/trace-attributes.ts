import { context, createContextKey, type Context } from '@opentelemetry/api';
import { LAMPLIGHT_KEYS as K, SESSION_ID_KEY, USER_ID_KEY } from '../attribute-keys.js';
import { safeStringify } from '../serialize/safe-stringify.js';
import type { WritableSpanLike } from '../span-like.js';

/** Trace-level attributes that `withTraceAttributes` puts on every span started inside it. */
export interface TraceAttributes {
  userId?: string;
  sessionId?: string;
  traceName?: string;
  tags?: string[];
  /** String values are kept; other values are rendered as JSON text. */
  metadata?: Record<string, unknown>;
  agentName?: string;
  workflowName?: string;
  workflowRunId?: string;
  environment?: string;
  release?: string;
  version?: string;
  public?: boolean;
  /** Turns content capture (input/output) off for every span started inside. */
  captureContent?: boolean;
}

const TRACE_ATTRIBUTES_KEY = createContextKey('lamplight.trace-attributes');

/** Bound on the rendered size of one metadata value, so metadata cannot carry a payload. */
const MAX_METADATA_VALUE_BYTES = 2_000;

/**
 * Runs `fn` with `attributes` attached to the active context: every span started inside,
 * also after `await`, carries them (the processor copies them on `onStart`). Nested calls
 * merge: inner values win, tags and metadata are combined.
 */
export function withTraceAttributes<T>(attributes: TraceAttributes, fn: () => T): T {
  const merged = mergeTraceAttributes(getTraceAttributes(), attributes);
  return context.with(context.active().setValue(TRACE_ATTRIBUTES_KEY, merged), fn);
}

/** The trace attributes active in `ctx` (default: the active context). */
export function getTraceAttributes(ctx: Context = context.active()): TraceAttributes | undefined {
  return ctx.getValue(TRACE_ATTRIBUTES_KEY) as TraceAttributes | undefined;
}

/** Writes the propagated attributes onto a starting span. Called from `onStart`. */
export function applyTraceAttributes(span: WritableSpanLike, attrs: TraceAttributes): void {
  const set = (key: string, value: string | boolean | string[] | undefined): void => {
    if (value !== undefined) span.setAttribute(key, value);
  };
  set(USER_ID_KEY, attrs.userId);
  set(SESSION_ID_KEY, attrs.sessionId);
  set(K.traceName, attrs.traceName);
  if (attrs.tags && attrs.tags.length > 0) set(K.traceTags, attrs.tags);
  set(K.agentName, attrs.agentName);
  set(K.workflowName, attrs.workflowName);
  set(K.workflowRunId, attrs.workflowRunId);
  set(K.environment, attrs.environment);
  set(K.release, attrs.release);
  set(K.version, attrs.version);
  set(K.tracePublic, attrs.public);
  if (attrs.captureContent === false) set(K.captureContent, false);
  if (attrs.metadata) {
    for (const [key, value] of Object.entries(attrs.metadata)) {
      if (value === undefined) continue;
      set(K.traceMetadataPrefix + key, metadataValue(value));
    }
  }
}

/** Metadata values are strings on the wire; anything else is rendered as bounded JSON text. */
export function metadataValue(value: unknown): string {
  return typeof value === 'string' && value.length <= MAX_METADATA_VALUE_BYTES
    ? value
    : safeStringify(value, { maxBytes: MAX_METADATA_VALUE_BYTES });
}

function mergeTraceAttributes(outer: TraceAttributes | undefined, inner: TraceAttributes): TraceAttributes {
  if (!outer) return { ...inner };
  const merged: TraceAttributes = { ...outer };
  for (const [key, value] of Object.entries(inner) as Array<[keyof TraceAttributes, unknown]>) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  if (outer.tags && inner.tags) merged.tags = [...new Set([...outer.tags, ...inner.tags])];
  if (outer.metadata && inner.metadata) merged.metadata = { ...outer.metadata, ...inner.metadata };
  return merged;
}
