import { context } from '@opentelemetry/api';
import type { Telemetry } from 'ai' with { 'resolution-mode': 'import' };
import { log } from './diag.js';
import { LAMPLIGHT_INTEGRATION, type IntegrationRole } from './integration-registry.js';

/** The lifecycle hooks forwarded (current names only: the SDK falls back to deprecated ones only when these are absent). */
const LIFECYCLE_HOOKS = [
  'onStart',
  'onStepStart',
  'onLanguageModelCallStart',
  'onLanguageModelCallEnd',
  'onToolExecutionStart',
  'onToolExecutionEnd',
  'onStepEnd',
  'onStepError',
  'onObjectStepStart',
  'onObjectStepEnd',
  'onEmbedStart',
  'onEmbedEnd',
  'onRerankStart',
  'onRerankEnd',
  'experimental_onDecideStart',
  'experimental_onDecisionModelCallStart',
  'experimental_onDecisionModelCallEnd',
  'experimental_onDecideEnd',
  'experimental_onStreamTranscriptionStart',
  'experimental_onStreamTranscriptionEnd',
  'onEnd',
  'onAbort',
  'onError',
] as const satisfies ReadonlyArray<keyof Telemetry>;

type LifecycleHook = (typeof LIFECYCLE_HOOKS)[number];

/**
 * Hooks that open an operation's root span in `@ai-sdk/otel`. Not forwarding one leaves
 * the inner integration without state for that call id, and it then ignores every later
 * hook of the call — so standing down is one decision per operation, with no bookkeeping.
 */
const OPERATION_STARTS: ReadonlySet<LifecycleHook> = new Set(['onStart', 'experimental_onDecideStart', 'experimental_onStreamTranscriptionStart']);

type AnyHook = (event: unknown) => unknown;
type Execute<T> = { callId: string; execute: () => PromiseLike<T> };

/** How a forwarding integration gets its inner integration and decides to stand down. */
export interface ForwardingOptions {
  role: IntegrationRole;
  /** Builds the inner integration (loads `@ai-sdk/otel`); undefined when it cannot. */
  build: () => Promise<Telemetry | undefined>;
  /** Asked once per operation, at its start: true skips the whole operation. */
  standDown?: () => boolean;
  /** Start building now rather than on the first event. */
  eager?: boolean;
}

/**
 * A `Telemetry` integration that forwards every hook to an inner integration built
 * asynchronously (`@ai-sdk/otel` is loaded with a dynamic import). Until it is built,
 * hooks wait for it: the SDK awaits each telemetry callback before going on, so a call's
 * events still reach it in order, and each runs in the context active when the SDK called
 * it, so spans nest as if forwarded at once. Afterwards forwarding is a plain method call.
 * A hook that throws is logged once and never reaches the app (DESIGN §6.1).
 */
export function forwardingIntegration(options: ForwardingOptions): Telemetry {
  let inner: Telemetry | undefined;
  let building: Promise<Telemetry | undefined> | undefined;
  const ready = (): Promise<Telemetry | undefined> => {
    building ??= options.build().then(
      (built) => (inner = built),
      (error: unknown) => {
        log.error('build', 'could not create the AI SDK telemetry integration; AI SDK calls are not traced', error);
        return undefined;
      },
    );
    return building;
  };

  const call = (target: Telemetry, hook: LifecycleHook, event: unknown): unknown => {
    const fn = target[hook] as AnyHook | undefined;
    if (typeof fn !== 'function') return undefined;
    try {
      return fn.call(target, event);
    } catch (error) {
      log.warn(`hook:${hook}`, `AI SDK telemetry hook ${hook} failed; the call is unaffected`, error);
      return undefined;
    }
  };

  const standsDown = (): boolean => {
    try {
      return options.standDown?.() === true;
    } catch (error) {
      // Inspecting foreign integrations failed: tracing the call beats losing it.
      log.warn('stand-down', 'could not inspect the registered AI SDK integrations', error);
      return false;
    }
  };

  const forward = (hook: LifecycleHook, event: unknown): unknown => {
    if (OPERATION_STARTS.has(hook) && standsDown()) return undefined;
    if (inner !== undefined) return call(inner, hook, event);
    const active = context.active();
    return ready().then((built) => (built === undefined ? undefined : context.with(active, () => call(built, hook, event))));
  };

  /** Runs `execute` inside the inner integration's context; `execute` runs exactly once whatever fails. */
  const wrapExecute = <T>(hook: 'executeLanguageModelCall' | 'executeTool', args: Execute<T>): PromiseLike<T> => {
    const fn = inner?.[hook] as ((a: Execute<T>) => PromiseLike<T>) | undefined;
    // Without an inner integration no span of this call exists to run it under.
    if (inner === undefined || typeof fn !== 'function') return args.execute();
    let started = false;
    const execute = (): PromiseLike<T> => {
      started = true;
      return args.execute();
    };
    try {
      return fn.call(inner, { ...args, execute });
    } catch (error) {
      if (started) throw error;
      log.warn(`hook:${hook}`, `AI SDK telemetry hook ${hook} failed; the call runs untraced`, error);
      return args.execute();
    }
  };

  const integration: Record<string | symbol, unknown> = {
    executeLanguageModelCall: <T>(args: Execute<T>) => wrapExecute('executeLanguageModelCall', args),
    executeTool: <T>(args: Execute<T>) => wrapExecute('executeTool', args),
  };
  for (const hook of LIFECYCLE_HOOKS) integration[hook] = (event: unknown) => forward(hook, event);
  Object.defineProperty(integration, LAMPLIGHT_INTEGRATION, { value: options.role, enumerable: false });
  if (options.eager) void ready();
  return integration as Telemetry;
}
