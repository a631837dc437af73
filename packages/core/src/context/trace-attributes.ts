import { context, createContextKey, trace, type Attributes, type Context } from '@opentelemetry/api';
import { LAMPLIGHT_KEYS as K, SESSION_ID_KEY, USER_ID_KEY } from '../attribute-keys.js';
import type { PromptRef } from '../observation.js';
import { safeStringify } from '../serialize/safe-stringify.js';
import type { WritableSpanLike } from '../span-like.js';
import { MAX_SCOPE_METADATA_KEYS, MAX_SCOPE_TAGS, readTraceAttributes } from './trace-attribute-input.js';
import { validId, validName, validTags } from './trace-field-rules.js';

/** Trace-level attributes that `withTraceAttributes` puts on every span started inside it. */
export interface TraceAttributes {
  /** At most 200 characters; a longer or non-string id is dropped (logged once). */
  userId?: string;
  /** At most 200 characters; a longer or non-string id is dropped (logged once). */
  sessionId?: string;
  traceName?: string;
  /** Nested calls unite their tags. */
  tags?: string[];
  /** String values are kept; other values are rendered as JSON text. Nested calls merge per key. */
  metadata?: Record<string, unknown>;
  /** The trace's input (bounded JSON), put on the scope's top-level spans only: it can be large. */
  traceInput?: unknown;
  /** The trace's output (bounded JSON), put on the scope's top-level spans only: it can be large. */
  traceOutput?: unknown;
  agentName?: string;
  workflowName?: string;
  /** At most 200 characters, like the other ids. */
  workflowRunId?: string;
  environment?: string;
  release?: string;
  version?: string;
  /** Links every generation inside to a managed prompt; `version` must be an integer. */
  prompt?: PromptRef;
  public?: boolean;
  /** Turns content capture (input/output) off for every span started inside. */
  captureContent?: boolean;
}

const TRACE_ATTRIBUTES_KEY = createContextKey('lamplight.trace-attributes');

/** Bound on the rendered size of one metadata value, so metadata cannot carry a payload. */
const MAX_METADATA_VALUE_BYTES = 2_000;
/** Bound on the rendered trace input/output; the export budget may cut further. */
const MAX_TRACE_IO_BYTES = 1_048_576;

/** What `onStart` copies for one `withTraceAttributes` scope, computed once when it is entered. */
interface RenderedScope {
  /** Validated attributes for every span started inside. */
  attributes: Attributes;
  /** Trace input/output this very call set: rendered JSON, put on the scope's top-level spans only. */
  io: Attributes;
  /** The span active when the scope was entered; spans whose parent it is are top-level in the scope. */
  parentSpanId: string | undefined;
}

/**
 * The rendered form of each active `TraceAttributes` object, so `onStart` only copies
 * precomputed strings (no serialisation on the app thread per span).
 */
const rendered = new WeakMap<TraceAttributes, RenderedScope>();

/**
 * Runs `fn` with `attributes` attached to the active context: every span started inside,
 * also after `await`, carries them (the processor copies them on `onStart`). Nested calls
 * merge: inner values win per key, tags are united, metadata is merged per key. Values are
 * validated here, once: ids longer than 200 characters or not strings are dropped (logged
 * once), metadata values become strings, trace input/output become bounded JSON text.
 * Trace input and output can be large, so they go only on the scope's top-level spans
 * (the children of the span active when the scope is entered), not on every span.
 */
export function withTraceAttributes<T>(attributes: TraceAttributes, fn: () => T): T {
  let merged: TraceAttributes;
  try {
    // Any garbage (null, a throwing Proxy, 10^6 tags) is read once, bounded, into a plain object.
    const own = readTraceAttributes(attributes);
    merged = mergeTraceAttributes(getTraceAttributes(), own);
    rendered.set(merged, {
      attributes: renderAttributes(merged),
      io: renderIo(own),
      parentSpanId: trace.getSpan(context.active())?.spanContext().spanId,
    });
  } catch {
    // Bad attributes must never keep the caller's function from running.
    return fn();
  }
  return context.with(context.active().setValue(TRACE_ATTRIBUTES_KEY, merged), fn);
}

/** The trace attributes active in `ctx` (default: the active context). */
export function getTraceAttributes(ctx: Context = context.active()): TraceAttributes | undefined {
  return ctx.getValue(TRACE_ATTRIBUTES_KEY) as TraceAttributes | undefined;
}

/** Writes the propagated attributes onto a starting span. Called from `onStart`. */
export function applyTraceAttributes(span: WritableSpanLike, attrs: TraceAttributes): void {
  const scope = rendered.get(attrs);
  if (scope === undefined) {
    // Not made by `withTraceAttributes` (a caller's own object): render it all, once per span.
    setAll(span, renderAttributes(attrs));
    setAll(span, renderIo(attrs));
    return;
  }
  setAll(span, scope.attributes);
  if (isTopLevel(span, scope.parentSpanId)) setAll(span, scope.io);
}

function setAll(span: WritableSpanLike, attributes: Attributes): void {
  for (const key in attributes) span.setAttribute(key, attributes[key]);
}

/** The SDK span's parent (2.x `parentSpanContext`, 1.x `parentSpanId`); unknown shapes count as top-level. */
function isTopLevel(span: WritableSpanLike, scopeParent: string | undefined): boolean {
  const s = span as { parentSpanContext?: { spanId?: string }; parentSpanId?: string };
  if (!('parentSpanContext' in s) && !('parentSpanId' in s)) return true;
  return (s.parentSpanContext?.spanId ?? s.parentSpanId) === scopeParent;
}

/** Metadata values are strings on the wire; anything else is rendered as bounded JSON text. */
export function metadataValue(value: unknown): string {
  return typeof value === 'string' && value.length <= MAX_METADATA_VALUE_BYTES
    ? value
    : safeStringify(value, { maxBytes: MAX_METADATA_VALUE_BYTES });
}

/** The validated span attributes for one set of trace attributes. */
function renderAttributes(attrs: TraceAttributes): Attributes {
  const out: Attributes = {};
  const set = (key: string, value: Attributes[string]): void => {
    if (value !== undefined) out[key] = value;
  };
  set(USER_ID_KEY, validId(attrs.userId, 'userId'));
  set(SESSION_ID_KEY, validId(attrs.sessionId, 'sessionId'));
  set(K.traceName, validName(attrs.traceName, 'traceName'));
  set(K.traceTags, validTags(attrs.tags));
  set(K.agentName, validName(attrs.agentName, 'agentName'));
  set(K.workflowName, validName(attrs.workflowName, 'workflowName'));
  set(K.workflowRunId, validId(attrs.workflowRunId, 'workflowRunId'));
  set(K.environment, validName(attrs.environment, 'environment'));
  set(K.release, validName(attrs.release, 'release'));
  set(K.version, validName(attrs.version, 'version'));
  if (typeof attrs.public === 'boolean') set(K.tracePublic, attrs.public);
  if (attrs.captureContent === false) set(K.captureContent, false);
  const prompt = attrs.prompt;
  if (prompt !== null && typeof prompt === 'object' && typeof prompt.name === 'string' && prompt.name.length > 0) {
    set(K.promptName, prompt.name);
    if (Number.isSafeInteger(prompt.version) && (prompt.version as number) >= 0) set(K.promptVersion, prompt.version);
  }
  if (attrs.metadata !== null && typeof attrs.metadata === 'object') {
    for (const [key, value] of Object.entries(attrs.metadata)) {
      if (value !== undefined) set(K.traceMetadataPrefix + key, metadataValue(value));
    }
  }
  return out;
}

/** Trace input/output as bounded JSON text. */
function renderIo(attrs: TraceAttributes): Attributes {
  const out: Attributes = {};
  if (attrs.traceInput !== undefined) out[K.traceInput] = safeStringify(attrs.traceInput, { maxBytes: MAX_TRACE_IO_BYTES });
  if (attrs.traceOutput !== undefined) out[K.traceOutput] = safeStringify(attrs.traceOutput, { maxBytes: MAX_TRACE_IO_BYTES });
  return out;
}

/** The first `max` entries of `map`, inner (later) keys winning their value but not their place. */
function firstKeys(map: Record<string, unknown>, max: number): Record<string, unknown> {
  const keys = Object.keys(map);
  if (keys.length <= max) return map;
  const out: Record<string, unknown> = {};
  for (const key of keys.slice(0, max)) out[key] = map[key];
  return out;
}

function mergeTraceAttributes(outer: TraceAttributes | undefined, inner: TraceAttributes): TraceAttributes {
  if (!outer) return { ...inner };
  const merged: TraceAttributes = { ...outer };
  for (const [key, value] of Object.entries(inner) as Array<[keyof TraceAttributes, unknown]>) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  if (Array.isArray(outer.tags) && Array.isArray(inner.tags)) merged.tags = [...new Set([...outer.tags, ...inner.tags])].slice(0, MAX_SCOPE_TAGS);
  if (outer.metadata && inner.metadata) merged.metadata = firstKeys({ ...outer.metadata, ...inner.metadata }, MAX_SCOPE_METADATA_KEYS);
  return merged;
}
