import { diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import {
  LamplightSpanProcessor,
  setObservationTracerProvider,
  type LamplightSpanProcessorOptions,
  type ObservationExporter,
  type ProcessorStats,
} from '@lamplight/core';
import { FoglampExporter } from '@lamplight/foglamp';
import { createLangfuseExporter } from '@lamplight/langfuse';
import { RawRecordExporter } from '@lamplight/raw-record';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { installExitHooks } from './exit-hooks.js';
import { enableInstrumentations } from './instrumentations.js';
import { setupProvider, type ProviderMode } from './provider-setup.js';
import { resolveRegisterConfig, type LogLevel, type RegisterConfig, type RegisterOptions } from './register-options.js';
import { describeStartup } from './startup-line.js';

/** What `register()` returns: control over what it set up. */
export interface Registration {
  /** False when disabled by `LAMPLIGHT_DISABLED`/`OTEL_SDK_DISABLED` or a second call. */
  readonly active: boolean;
  /** How the processors reach spans (see `ProviderMode`); undefined when inactive. */
  readonly mode?: ProviderMode;
  /** Backends exporting, e.g. `['langfuse', 'foglamp']`. */
  readonly backends: string[];
  /** The one-line description printed at startup. */
  readonly startupLine: string;
  /** Delivers everything queued, bounded by `flushTimeoutMillis`. */
  forceFlush(): Promise<void>;
  /** Flushes, then stops exporting and removes the exit hooks. Idempotent. */
  shutdown(): Promise<void>;
  /** Stats per backend. */
  stats(): Record<string, ProcessorStats>;
}

const LEVELS: Record<LogLevel, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
};

let current: Registration | undefined;

/**
 * Sets up Lamplight from options and the environment (DESIGN §7): one
 * `LamplightSpanProcessor` per configured backend — each with its own queue, so a slow
 * or failing backend never delays the other — on the app's tracer provider or our own,
 * the OpenAI and AI SDK instrumentations, and flush on exit. Calling it twice returns the
 * first registration.
 */
export function register(options: RegisterOptions = {}): Registration {
  if (current) return current;
  const config = resolveRegisterConfig(options);
  if (config.disabled) {
    current = inactive(`[lamplight] disabled by ${config.disabledBy}; nothing is traced`);
    return current;
  }
  if (config.logLevel !== 'none') diag.setLogger(new DiagConsoleLogger(), { logLevel: LEVELS[config.logLevel], suppressOverrideMessage: true });

  const exporters = buildExporters(config);
  const processors = exporters.map(
    (exporter) => new LamplightSpanProcessor({ ...processorOptions(config), exporter }),
  );
  const setup = setupProvider(processors as unknown as SpanProcessor[], { serviceName: config.serviceName, sampleRate: config.sampleRate });
  if (setup.mode === 'isolated') setObservationTracerProvider(setup.provider);
  const instrumentations = enableInstrumentations(config, setup.provider);
  const flushAll = async (): Promise<void> => {
    await Promise.all(processors.map((p) => p.forceFlush()));
  };
  const removeHooks = installExitHooks(
    { forceFlush: flushAll, hasPending: () => processors.some((p) => p.stats().queued + p.stats().inFlight > 0) },
    config.flushTimeoutMillis,
  );
  const startupLine = describeStartup({ config, exporters, setup, instrumentations });
  let shutdownPromise: Promise<void> | undefined;
  current = {
    active: true,
    mode: setup.mode,
    backends: exporters.map((e) => e.name),
    startupLine,
    forceFlush: () => withDeadline(flushAll(), config.flushTimeoutMillis),
    shutdown() {
      shutdownPromise ??= (async () => {
        removeHooks();
        for (const i of instrumentations) i.disable();
        await withDeadline(Promise.all(processors.map((p) => p.shutdown())).then(() => undefined), config.flushTimeoutMillis);
        await setup.shutdown().catch(() => undefined);
      })();
      return shutdownPromise;
    },
    stats: () => Object.fromEntries(processors.map((p, i) => [exporters[i]?.name ?? String(i), p.stats()])),
  };
  return current;
}

/** @internal Forgets the registration so tests can register again. */
export function resetRegistrationForTests(): void {
  current = undefined;
}

function buildExporters(config: RegisterConfig): ObservationExporter[] {
  const exporters: ObservationExporter[] = [];
  if (config.langfuse) exporters.push(createLangfuseExporter(config.langfuse));
  if (config.foglamp) exporters.push(new FoglampExporter(config.foglamp));
  if (config.rawRecord) exporters.push(new RawRecordExporter(config.rawRecord));
  return exporters;
}

function processorOptions(config: RegisterConfig): LamplightSpanProcessorOptions {
  return {
    ...config.processor,
    captureContent: config.captureContent,
    exportMode: config.exportMode,
    mask: config.mask ?? config.processor.mask,
    environment: config.environment ?? config.processor.environment,
    release: config.release ?? config.processor.release,
    exportTimeoutMillis: config.processor.exportTimeoutMillis ?? config.flushTimeoutMillis,
  };
}

function inactive(startupLine: string): Registration {
  return {
    active: false,
    backends: [],
    startupLine,
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
    stats: () => ({}),
  };
}

function withDeadline(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref?.();
  });
  return Promise.race([promise.catch(() => undefined), expired]).finally(() => clearTimeout(timer));
}
