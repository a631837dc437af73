import type { LamplightSpanProcessorOptions, MaskFunction } from '@lamplight/core';
import type { FoglampExporterOptions } from '@lamplight/foglamp';
import type { CreateLangfuseExporterOptions } from '@lamplight/langfuse';
import type { RawRecordExporterOptions } from '@lamplight/raw-record';
import { parseAllowList } from '@lamplight/core/internal';
import { findConfigMistakes } from './config-mistakes.js';
import { envBoolean, envChoice, envNumber, envString, parseBoolean, type Env } from './env-values.js';

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
  /**
   * Configuration mistakes found in the environment, one line each (without the
   * `[lamplight] ` prefix): half-configured backends, misspelt variables, a content switch
   * that could not be read. Printed under the startup line.
   */
  notices: string[];
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
  const notices = disabledBy === undefined ? safeMistakes(env, options) : [];
  return {
    disabled: disabledBy !== undefined,
    disabledBy,
    langfuse: options.langfuse === false || !langfuseKeys ? undefined : { env, ...(options.langfuse ?? {}) },
    foglamp: options.foglamp === false || !foglampKey ? undefined : { env, ...(options.foglamp ?? {}) },
    rawRecord: options.rawRecord === false || !rawRecordUrl ? undefined : { env, ...(options.rawRecord ?? {}) },
    captureContent: options.captureContent ?? captureContentFromEnv(env, notices),
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
    notices,
  };
}

/**
 * `LAMPLIGHT_CAPTURE_CONTENT`, failing closed: a value that is neither true-ish nor false-ish
 * (`flase`, `disabled`, …) was most likely meant to switch capture off, so capture is off
 * and the startup line says so — prompts never leave because of a typo.
 */
function captureContentFromEnv(env: Env, notices: string[]): boolean {
  const raw = env.LAMPLIGHT_CAPTURE_CONTENT;
  const value = parseBoolean(raw);
  if (value !== 'invalid') return value ?? true;
  notices.push(`LAMPLIGHT_CAPTURE_CONTENT="${String(raw).trim().slice(0, 40)}" is not true or false, so content capture is off: set it to true or false`);
  return false;
}

function safeMistakes(env: Env, options: RegisterOptions): string[] {
  try {
    return findConfigMistakes(env, options);
  } catch {
    // A check of the user's configuration must never keep the app from starting.
    return [];
  }
}
