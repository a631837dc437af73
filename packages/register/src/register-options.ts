import type { LamplightSpanProcessorOptions, MaskFunction } from '@lamplight/core';
import type { FoglampExporterOptions } from '@lamplight/foglamp';
import type { CreateLangfuseExporterOptions } from '@lamplight/langfuse';
import type { RawRecordExporterOptions } from '@lamplight/raw-record';
import { parseAllowList } from '@lamplight/core/internal';
import { envBoolean, envChoice, envNumber, envString, type Env } from './env-values.js';

/** Log levels of `LAMPLIGHT_LOG_LEVEL`. */
export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug';

/** Options of `register()`. Each overrides the matching environment variable. */
export interface RegisterOptions {
  /** Environment to read; default `process.env`. */
  env?: Env;
  /**
   * Langfuse exporter options, or `false` to skip Langfuse even when `LANGFUSE_*` is set.
   * `transport: 'ingestion'` (or `LAMPLIGHT_LANGFUSE_TRANSPORT=ingestion`) selects the legacy
   * `/api/public/ingestion` API for self-hosted versions without the OTLP endpoint.
   */
  langfuse?: CreateLangfuseExporterOptions | false;
  /** Foglamp exporter options, or `false` to skip Foglamp even when `FOGLAMP_*` is set. */
  foglamp?: FoglampExporterOptions | false;
  /** Raw telemetry record exporter options (enabled by `LAMPLIGHT_RAW_RECORD_BASE_URL`), or `false`. */
  rawRecord?: RawRecordExporterOptions | false;
  /** `LAMPLIGHT_CAPTURE_CONTENT`; default true. */
  captureContent?: boolean;
  /** `LAMPLIGHT_EXPORT_MODE`; `immediate` suits serverless. */
  exportMode?: 'batched' | 'immediate';
  /** `LAMPLIGHT_SAMPLE_RATE` in [0, 1]; applies when Lamplight owns the tracer provider. */
  sampleRate?: number;
  /** `LAMPLIGHT_LOG_LEVEL`; default `warn`. */
  logLevel?: LogLevel;
  /** `LANGFUSE_TRACING_ENVIRONMENT`. */
  environment?: string;
  /** `LANGFUSE_RELEASE`. */
  release?: string;
  /** `OTEL_SERVICE_NAME`. */
  serviceName?: string;
  /** Rewrites content before export; fails closed. */
  mask?: MaskFunction;
  /** Instrument the `openai` module; default true. */
  openai?: boolean;
  /** Trace the Vercel AI SDK; default true. */
  aiSdk?: boolean;
  /** Deadline of the flush on exit and of `shutdown()`, in ms; default 5000. */
  flushTimeoutMillis?: number;
  /** Extra processor options for every backend. */
  processor?: Omit<LamplightSpanProcessorOptions, 'exporter' | 'exporters'>;
}

/** Resolved settings: what `register` will do. */
export interface RegisterConfig {
  disabled: boolean;
  disabledBy?: string;
  langfuse?: CreateLangfuseExporterOptions;
  foglamp?: FoglampExporterOptions;
  rawRecord?: RawRecordExporterOptions;
  captureContent: boolean;
  /** Attribute keys (exact or `prefix.*`) that pass with content capture off: `LAMPLIGHT_ALLOW_ATTRIBUTES`. */
  allowAttributes: string[];
  exportMode: 'batched' | 'immediate';
  sampleRate: number;
  logLevel: LogLevel;
  environment?: string;
  release?: string;
  serviceName?: string;
  mask?: MaskFunction;
  openai: boolean;
  aiSdk: boolean;
  flushTimeoutMillis: number;
  processor: Omit<LamplightSpanProcessorOptions, 'exporter' | 'exporters'>;
}

const LOG_LEVELS: readonly LogLevel[] = ['none', 'error', 'warn', 'info', 'debug'];

/** The log level alone, resolved before everything else so later warnings are seen. */
export function resolveLogLevel(options: RegisterOptions = {}): LogLevel {
  return options.logLevel ?? envChoice(options.env ?? process.env, 'LAMPLIGHT_LOG_LEVEL', LOG_LEVELS, 'warn');
}

/**
 * Code options > environment > defaults, in one place (DESIGN §6 rule 7). A backend is
 * enabled when its keys are present in options or environment.
 */
export function resolveRegisterConfig(options: RegisterOptions = {}): RegisterConfig {
  const env = options.env ?? process.env;
  const disabledBy = envBoolean(env, 'LAMPLIGHT_DISABLED', false)
    ? 'LAMPLIGHT_DISABLED'
    : envBoolean(env, 'OTEL_SDK_DISABLED', false)
      ? 'OTEL_SDK_DISABLED'
      : undefined;
  const langfuseKeys = Boolean((options.langfuse || {}).publicKey ?? env.LANGFUSE_PUBLIC_KEY) && Boolean((options.langfuse || {}).secretKey ?? env.LANGFUSE_SECRET_KEY);
  const foglampKey = Boolean((options.foglamp || {}).apiKey ?? env.FOGLAMP_API_KEY);
  const rawRecordUrl = Boolean((options.rawRecord || {}).baseUrl ?? env.LAMPLIGHT_RAW_RECORD_BASE_URL);
  return {
    disabled: disabledBy !== undefined,
    disabledBy,
    langfuse: options.langfuse === false || !langfuseKeys ? undefined : { env, ...(options.langfuse ?? {}) },
    foglamp: options.foglamp === false || !foglampKey ? undefined : { env, ...(options.foglamp ?? {}) },
    rawRecord: options.rawRecord === false || !rawRecordUrl ? undefined : { env, ...(options.rawRecord ?? {}) },
    captureContent: options.captureContent ?? envBoolean(env, 'LAMPLIGHT_CAPTURE_CONTENT', true),
    allowAttributes: options.processor?.allowAttributes ?? parseAllowList(env.LAMPLIGHT_ALLOW_ATTRIBUTES),
    exportMode: options.exportMode ?? envChoice(env, 'LAMPLIGHT_EXPORT_MODE', ['batched', 'immediate'] as const, 'batched'),
    sampleRate: options.sampleRate ?? envNumber(env, 'LAMPLIGHT_SAMPLE_RATE', 1, 0, 1),
    logLevel: resolveLogLevel(options),
    environment: options.environment ?? envString(env, 'LANGFUSE_TRACING_ENVIRONMENT'),
    release: options.release ?? envString(env, 'LANGFUSE_RELEASE'),
    serviceName: options.serviceName ?? envString(env, 'OTEL_SERVICE_NAME'),
    mask: options.mask,
    openai: options.openai ?? true,
    aiSdk: options.aiSdk ?? true,
    flushTimeoutMillis: options.flushTimeoutMillis ?? 5000,
    processor: options.processor ?? {},
  };
}
