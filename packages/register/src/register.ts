import { diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import { DROP_REASONS, LamplightSpanProcessor, setObservationTracerProvider, type LamplightSpanProcessorOptions, type ObservationExporter, type ProcessorStats } from '@lamplight/core';
import { RateLimitedLogger } from '@lamplight/core/internal';
import { FoglampExporter } from '@lamplight/foglamp';
import { createLangfuseExporter } from '@lamplight/langfuse';
import { RawRecordExporter } from '@lamplight/raw-record';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { installExitHooks } from './exit-hooks.js';
import { setupLogBridge } from './log-bridge-setup.js';
import { scheduleFlush, type WaitUntil } from './platform-flush.js';
import { describeExit } from './exit-line.js';
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
  /** What is printed at startup: one line, then one line per configuration mistake found. */
  readonly startupLine: string;
  /** Delivers everything queued, bounded by `flushTimeoutMillis`. */
  forceFlush(): Promise<void>;
  /**
   * For serverless handlers: exports what has ended so far after the response, through the
   * platform's keep-alive hook — `waitUntil` when given (Cloudflare's `ctx.waitUntil`,
   * Next.js `after`), else the Next.js/Vercel request context — and returns that flush.
   */
  flushAfter(waitUntil?: WaitUntil): Promise<void>;
  /** Flushes, then stops exporting and removes the exit hooks. Idempotent. */
  shutdown(): Promise<void>;
  /** The processor's stats; each backend's own books are under `destinations[name]`. */
  stats(): ProcessorStats;
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
 * `LamplightSpanProcessor` for every configured backend — each span is normalised once,
 * and each backend has its own lane (queue, export loop, ledger), so a slow or failing
 * backend never delays the other — on the app's tracer provider or our own, the OpenAI and
 * AI SDK instrumentations, and a shutdown on exit that counts what could not be delivered.
 * Calling it twice returns the first registration.
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
  // GenAI content that instrumentations put into log records (not span attributes) joins its generation.
  const logBridge = exporters.length > 0 ? setupLogBridge() : undefined;
  const processor =
    exporters.length > 0 ? new LamplightSpanProcessor({ ...processorOptions(config), exporters, ...(logBridge ? { contentEvents: logBridge.store } : {}) }) : undefined;
  const processors = processor ? [processor] : [];
  const setup = setupProvider(processors as unknown as SpanProcessor[], { serviceName: config.serviceName, sampleRate: config.sampleRate });
  // observe()/startObservation() use the same provider as our instrumentations: with a host
  // provider, the routing one that keeps LLM traces whole when the host samples them out.
  if (setup.mode !== 'own') setObservationTracerProvider(setup.provider);
  const instrumentations = enableInstrumentations(config, setup.provider);
  const flush = (): Promise<void> => withDeadline(processor?.forceFlush() ?? Promise.resolve(), config.flushTimeoutMillis);
  const stop = (): Promise<void> => withDeadline(processor?.shutdown() ?? Promise.resolve(), config.flushTimeoutMillis);
  const removeHooks = installExitHooks(
    {
      forceFlush: flush,
      shutdown: stop,
      hasPending: () => (processor ? processor.stats().queued + processor.stats().inFlight > 0 : false),
      exitLine: () => (processor ? describeExit(processor.stats()) : undefined),
    },
    (line) => {
      if (config.logLevel !== 'none') process.stderr.write(`${line}\n`);
    },
  );
  const startupLine = describeStartup({ config, exporters, setup, instrumentations, failed });
  let shutdownPromise: Promise<void> | undefined;
  const registration: Registration = {
    active: true,
    mode: setup.mode,
    backends: exporters.map((e) => e.name),
    startupLine,
    forceFlush: flush,
    flushAfter: (waitUntil) => scheduleFlush(flush, waitUntil),
    shutdown() {
      shutdownPromise ??= (async () => {
        removeHooks();
        for (const i of instrumentations) i.disable();
        await stop();
        await logBridge?.shutdown().catch(() => undefined);
        await setup.shutdown().catch(() => undefined);
      })();
      return shutdownPromise;
    },
    stats: () => processor?.stats() ?? emptyStats(),
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
    allowAttributes: config.allowAttributes,
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
    flushAfter: async () => undefined,
    shutdown: async () => undefined,
    stats: emptyStats,
  };
}

/** The stats of a registration that exports nowhere: nothing ended here. */
function emptyStats(): ProcessorStats {
  return { ended: 0, queued: 0, inFlight: 0, exported: 0, dropped: Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as ProcessorStats['dropped'], destinations: {} };
}

function withDeadline(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref?.();
  });
  return Promise.race([promise.catch(() => undefined), expired]).finally(() => clearTimeout(timer));
}
