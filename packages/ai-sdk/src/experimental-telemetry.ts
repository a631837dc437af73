import type { AttributeValue, Tracer } from '@opentelemetry/api';
import { type PromptRef } from '@lamplight/core';
import { safeStringify } from '@lamplight/core/internal';
import { log } from './diag.js';

/** Options of {@link aiSdkTelemetry}. */
export interface AiSdkTelemetryOptions {
  /** Names the call (`ai.telemetry.functionId`; shown in span names and as metadata). */
  functionId?: string;
  /** The trace's user. */
  userId?: string;
  /** The trace's session. */
  sessionId?: string;
  /** Trace tags. */
  tags?: string[];
  /** Links the generations to a managed prompt. */
  prompt?: PromptRef;
  /** Observation metadata; non-primitive values are sent as JSON text. */
  metadata?: Record<string, unknown>;
  /** Default true. */
  recordInputs?: boolean;
  /** Default true. */
  recordOutputs?: boolean;
  /** The tracer the SDK should use; default the global provider's `ai` tracer. */
  tracer?: Tracer;
  /** Default true: the helper exists to switch telemetry on. */
  isEnabled?: boolean;
}

/** AI SDK v5/v6 `experimental_telemetry` settings (structurally `TelemetrySettings` of both versions). */
export interface AiSdkTelemetrySettings {
  isEnabled: boolean;
  functionId?: string;
  metadata: Record<string, AttributeValue>;
  recordInputs?: boolean;
  recordOutputs?: boolean;
  tracer?: Tracer;
}

/** Bound on one rendered metadata value: metadata travels on every span of the call. */
const MAX_VALUE_BYTES = 2_000;

/**
 * Builds AI SDK v5/v6 `experimental_telemetry` settings that Lamplight maps: the SDK copies
 * `metadata` onto every span of the call as `ai.telemetry.metadata.<key>`, and core reads
 * `userId`, `sessionId`, `tags` and `langfusePrompt` there as the trace's user, session,
 * tags and prompt link, other keys as observation metadata.
 *
 * ```ts
 * await generateText({ model, prompt, experimental_telemetry: aiSdkTelemetry({ userId: 'u-1', sessionId: 's-1', tags: ['chat'] }) });
 * ```
 *
 * Not needed for values set with `withTraceAttributes` (they reach every span started
 * inside it anyway) nor on AI SDK v7, which has no telemetry metadata (see `lamplightTelemetry`).
 * Never throws: a value of the wrong type is left out and logged once.
 */
export function aiSdkTelemetry(options: AiSdkTelemetryOptions = {}): AiSdkTelemetrySettings {
  const o: AiSdkTelemetryOptions = options !== null && typeof options === 'object' ? options : {};
  const metadata: Record<string, AttributeValue> = {};
  if (o.metadata !== null && typeof o.metadata === 'object') {
    for (const [key, value] of Object.entries(o.metadata)) {
      const attribute = toAttributeValue(value);
      if (attribute !== undefined) metadata[key] = attribute;
    }
  }
  putString(metadata, 'userId', o.userId);
  putString(metadata, 'sessionId', o.sessionId);
  if (o.tags !== undefined) {
    if (Array.isArray(o.tags)) metadata.tags = o.tags.filter((tag): tag is string => typeof tag === 'string');
    else log.warn('tags', 'aiSdkTelemetry: option "tags" must be an array of strings; left out');
  }
  if (o.prompt !== undefined) {
    // v5/v6 metadata values cannot be objects: the prompt link travels as JSON text.
    if (typeof o.prompt?.name === 'string') metadata.langfusePrompt = JSON.stringify({ name: o.prompt.name, version: o.prompt.version });
    else log.warn('prompt', 'aiSdkTelemetry: option "prompt" must be { name, version }; left out');
  }
  const settings: AiSdkTelemetrySettings = { isEnabled: o.isEnabled !== false, metadata };
  if (typeof o.functionId === 'string') settings.functionId = o.functionId;
  if (typeof o.recordInputs === 'boolean') settings.recordInputs = o.recordInputs;
  if (typeof o.recordOutputs === 'boolean') settings.recordOutputs = o.recordOutputs;
  if (o.tracer !== undefined) settings.tracer = o.tracer;
  return settings;
}

function putString(metadata: Record<string, AttributeValue>, key: 'userId' | 'sessionId', value: unknown): void {
  if (value === undefined) return;
  if (typeof value === 'string') metadata[key] = value;
  else log.warn(key, `aiSdkTelemetry: option "${key}" must be a string; left out`);
}

/** Span attribute values as they are; anything else as bounded JSON text. */
function toAttributeValue(value: unknown): AttributeValue | undefined {
  if (value === undefined || value === null || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value) && (value.every((v) => typeof v === 'string') || value.every((v) => typeof v === 'number' && Number.isFinite(v)))) {
    return value as string[] | number[];
  }
  return safeStringify(value, { maxBytes: MAX_VALUE_BYTES });
}
