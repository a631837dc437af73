import { diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import { LamplightSpanProcessor, setObservationTracerProvider, type LamplightSpanProcessorOptions, type ObservationExporter, type ProcessorStats } from '@lamplight/core';
import { RateLimitedLogger } from '@lamplight/core/internal';
import { FoglampExporter } from '@lamplight/foglamp';
import { createLangfuseExporter } from '@lamplight/langfuse';
import { RawRecordExporter } from '@lamplight/raw-record';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { installExitHooks } from './exit-hooks.js';
import { enableInstrumentations } from './instrumentations.js';
import { setupProvider, type ProviderMode } from './provider-setup.js';
import { resolveLogLevel, resolveRegisterConfig, type LogLevel, type RegisterConfig, type RegisterOptions } from './register-options.js';
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

const log = new RateLimitedLogger('@lamplight/register');

const LEVELS: Record<LogLevel, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
};

/**
 * The active registration lives on `globalThis` under a registry symbol, not in a module
 * variable: the ESM and CJS builds are separate module instances, and an app run with
 * `--import` whose CommonJS code also calls `register()` must get the same registration
 * (a second one would attach to ours and export every span twice).
 */
const CURRENT = Symbol.for('lamplight.register.current');
type GlobalWithRegistration = typeof globalThis & { [CURRENT]?: Registration };
const holder = globalThis as GlobalWithRegistration;

/**
 * Sets up Lamplight from options and the environment (DESIGN §7): one
 * `LamplightSpanProcessor` per configured backend — each with its own queue, so a slow
 * or failing backend never delays the other — on the app's tracer provider or our own,
 * the OpenAI and AI SDK instrumentations, and flush on exit. Calling it twice returns the
 * first registration.
 */
export function register(options: RegisterOptions = {}): Registration {
  const existing = holder[CURRENT];
  if (existing) return existing;
  // The logger first, so that warnings about bad environment values are seen.
  const logLevel = resolveLogLevel(options);
  if (logLevel !== 'none') diag.setLogger(new DiagConsoleLogger(), { logLevel: LEVELS[logLevel], suppressOverrideMessage: true });
  const config = resolveRegisterConfig(options);
  if (config.disabled) {
    holder[CURRENT] = inactive(`[lamplight] disabled by ${config.disabledBy}; nothing is traced`);
    return holder[CURRENT];
  }

  const { exporters, failed } = buildExporters(config);
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
  const startupLine = describeStartup({ config, exporters, setup, instrumentations, failed });
  let shutdownPromise: Promise<void> | undefined;
  const registration: Registration = {
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
  holder[CURRENT] = registration;
  return registration;
}

/** @internal Forgets the registration so tests can register again. */
export function resetRegistrationForTests(): void {
  delete holder[CURRENT];
}

/**
 * Builds one exporter per configured backend. A backend whose configuration is invalid
 * (a malformed URL in the environment, say) is skipped with a diagnostic and named in the
 * startup line: a bad environment value must never keep the app from starting.
 */
function buildExporters(config: RegisterConfig): { exporters: ObservationExporter[]; failed: string[] } {
  const exporters: ObservationExporter[] = [];
  const failed: string[] = [];
  const attempt = (name: string, build: () => ObservationExporter): void => {
    try {
      exporters.push(build());
    } catch (error) {
      failed.push(name);
      log.error(`backend:${name}`, `${name} is not exported to: ${(error as Error).message}`);
    }
  };
  if (config.langfuse) attempt('langfuse', () => createLangfuseExporter(config.langfuse));
  if (config.foglamp) attempt('foglamp', () => new FoglampExporter(config.foglamp));
  if (config.rawRecord) attempt('raw-record', () => new RawRecordExporter(config.rawRecord));
  return { exporters, failed };
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
