import { createNoopLogger, logs, type LoggerProvider } from '@opentelemetry/api-logs';
import { ContentEventStore, GenAiLogBridge } from '@lamplight/core/internal';
import { LoggerProvider as SdkLoggerProvider, type LogRecordProcessor } from '@opentelemetry/sdk-logs';

/**
 * Where the log bridge was installed:
 * - `attached`: on the logger provider the app registered;
 * - `own`: the app had none, so Lamplight registered one with only the bridge;
 * - `unavailable`: the app's logger provider cannot take processors; GenAI content events
 *   stay with the app's log pipeline (nothing of the app's is replaced).
 */
export type LogBridgeMode = 'attached' | 'own' | 'unavailable';

/** The outcome of `setupLogBridge`. */
export interface LogBridgeSetup {
  mode: LogBridgeMode;
  /** The store the span processor merges from, once per span right after `normalize(span)`. */
  store: ContentEventStore;
  /** Shuts down the logger provider Lamplight created (own mode); a no-op otherwise. */
  shutdown(): Promise<void>;
}

/**
 * Installs the GenAI content log bridge (docs/instrumentation.md, "Content from log
 * records") on the app's logger provider, or registers a logger provider of its own with
 * only the bridge when the app has none, so content events emitted through the OTel logs
 * API (the contrib OpenAI instrumentation, the GenAI event conventions) reach their
 * generation's input and output.
 */
export function setupLogBridge(store: ContentEventStore = new ContentEventStore()): LogBridgeSetup {
  const bridge = new GenAiLogBridge(store) as unknown as LogRecordProcessor;
  const existing = registeredLoggerProvider();
  if (!existing) {
    const provider = new SdkLoggerProvider({ processors: [bridge] });
    logs.setGlobalLoggerProvider(provider);
    return { mode: 'own', store, shutdown: () => provider.shutdown() };
  }
  return { mode: attach(existing, bridge) ? 'attached' : 'unavailable', store, shutdown: async () => undefined };
}

/** The logger provider the app registered, or undefined when there is none (the API's proxy without a delegate, or the no-op provider). */
function registeredLoggerProvider(): LoggerProvider | undefined {
  const global = logs.getLoggerProvider() as LoggerProvider & { _getDelegate?: () => LoggerProvider; _delegate?: LoggerProvider };
  const delegate = typeof global._getDelegate === 'function' ? global._delegate : global;
  if (!delegate) return undefined;
  if (canTakeProcessors(delegate)) return delegate;
  try {
    // The no-op provider hands out the API's no-op logger.
    return delegate.getLogger('@lamplight/register').constructor === createNoopLogger().constructor ? undefined : delegate;
  } catch {
    return delegate;
  }
}

interface ProcessorHolder {
  addLogRecordProcessor?: (processor: LogRecordProcessor) => void;
  _sharedState?: { processors?: LogRecordProcessor[]; activeProcessor?: { processors?: LogRecordProcessor[] } };
}

function canTakeProcessors(provider: LoggerProvider): boolean {
  const p = provider as LoggerProvider & ProcessorHolder;
  return typeof p.addLogRecordProcessor === 'function' || Array.isArray(p._sharedState?.activeProcessor?.processors);
}

/**
 * Adds the bridge to the app's provider: `addLogRecordProcessor` where it exists (older
 * `sdk-logs`), else the processor list every logger of a 0.2xx provider reads through.
 */
function attach(provider: LoggerProvider, bridge: LogRecordProcessor): boolean {
  const p = provider as LoggerProvider & ProcessorHolder;
  try {
    if (typeof p.addLogRecordProcessor === 'function') {
      p.addLogRecordProcessor(bridge);
      return true;
    }
    const list = p._sharedState?.activeProcessor?.processors;
    if (Array.isArray(list)) {
      list.push(bridge);
      return true;
    }
  } catch {
    // Leave the app's provider as it was.
  }
  return false;
}
