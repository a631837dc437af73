import { context, type Attributes } from '@opentelemetry/api';
import { stepAsideForInner } from '@lamplight/core/internal';
import { internalError, log, safely } from '../diag.js';
import type { OperationSpec } from '../operations/operation-spec.js';
import { hookStream } from '../stream/hook-stream.js';
import { rec } from '../values.js';
import { callSlot, markWrapped } from './call-slot.js';
import { hookApiPromise, type ApiPromiseObserver } from './hook-api-promise.js';
import { startCall, type TracedCall, type TracingSource } from './start-call.js';

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * The one implementation behind `observeOpenAI` and `OpenAIInstrumentation`: wraps an SDK
 * `create` so each call makes exactly one generation, and returns exactly what the SDK
 * returns (its own `APIPromise`, resolving to its own objects and `Stream`).
 *
 * Host first (DESIGN §6): when anything of ours fails before the SDK is called, the
 * original runs with the caller's arguments; after it was called, its result is returned
 * as is and the failure is logged once through `diag`. An error thrown by the SDK reaches
 * the caller unchanged.
 */
export function tracedCreate(spec: OperationSpec, original: AnyFunction, source: TracingSource): AnyFunction {
  // A shimmer wrapper stays one for its lifetime: decided once, not per call.
  const foreignInside = isForeignWrapper(original);
  const traced = function (this: unknown, ...args: unknown[]): unknown {
    // Reached from another traced `create` of this same call (instance over patched prototype).
    if (callSlot.depth > 0 || source.active?.() === false) return original.apply(this, args);
    let call: TracedCall | undefined;
    try {
      call = startCall(spec, this, args, source);
    } catch (error) {
      internalError('start', error);
    }
    if (!call) return original.apply(this, args);

    let result: unknown;
    callSlot.depth++;
    try {
      result = context.with(call.context, () => original.apply(this, call.args));
    } catch (error) {
      safely('end', () => call.generation.fail(error));
      throw error;
    } finally {
      callSlot.depth--;
    }
    try {
      attach(call, result, foreignInside);
    } catch (error) {
      internalError('attach', error);
    }
    return result;
  };
  markWrapped(traced, original);
  return traced;
}

/**
 * Follows the returned `APIPromise` to the end of the generation. The unconsumed timer runs
 * while nobody waits on the call: from the start until a consumer attaches, and from the
 * response until the SDK parses it (a caller that only reads `asResponse()` never parses).
 */
function attach(call: TracedCall, result: unknown, foreignInside: boolean): void {
  const observer = new CallObserver(call, foreignInside);
  const hooked = hookApiPromise(result, observer);
  if (hooked) observer.arm();
  else if (foreignInside) stepAside(call);
  else {
    log.warn('shape', 'create() did not return the expected APIPromise shape; its response is not traced');
    call.generation.succeed({});
  }
}

/** Nothing partial to record when a call is not consumed (a stream records what it received). */
const NO_ATTRIBUTES = (): Attributes => ({});

/** What the returned `APIPromise` reports, for one call: one object rather than a closure per callback. */
class CallObserver implements ApiPromiseObserver {
  private parsed = false;

  constructor(
    private readonly call: TracedCall,
    private readonly foreignInside: boolean,
  ) {}

  arm(): void {
    this.call.generation.armUnconsumedTimer(this.call.options.unconsumedTimeoutMs, NO_ATTRIBUTES);
  }

  onConsumer(): void {
    this.call.generation.disarm();
  }

  onResponse(): void {
    if (!this.parsed) this.arm();
  }

  onError(error: unknown): void {
    safely('error', () => this.call.generation.fail(error));
  }

  onParsed(value: unknown): void {
    // Several chains may hand over the same parsed value (a helper's `_thenUnwrap` and its source).
    if (this.parsed) return;
    this.parsed = true;
    safely('parsed', () => onParsed(this.call, value, this.foreignInside));
  }
}

function onParsed(call: TracedCall, value: unknown, foreignInside: boolean): void {
  const { generation, spec, content } = call;
  if (generation.isEnded) return;
  generation.disarm();
  if (!call.stream) {
    generation.succeed(spec.responseAttributes(rec(value) ?? {}, content));
    return;
  }
  const hooked = hookStream(value, {
    generation,
    accumulator: spec.streamAccumulator(content),
    hideUsageChunk: call.injectedUsage,
    unconsumedTimeoutMs: call.options.unconsumedTimeoutMs,
  });
  if (!hooked && foreignInside) stepAside(call);
  else if (!hooked) {
    log.warn('stream-shape', 'the SDK returned a stream of an unexpected shape; its content is not traced');
    generation.succeed({});
  }
}

/**
 * Another tool's wrapper sits inside ours and handed back something other than the SDK's
 * own objects (a plain promise, its own async generator), so we cannot see the response:
 * our span steps aside for the other tool's span, which saw it, and ends at once
 * (docs/instrumentation.md, "one call, one generation").
 */
function stepAside(call: TracedCall): void {
  stepAsideForInner(call.generation.span.spanContext().spanId);
  call.generation.succeed({});
}

/** True when `fn` is another instrumentation's shimmer wrapper (`__original`, `__wrapped`). */
function isForeignWrapper(fn: unknown): boolean {
  const f = fn as { __wrapped?: unknown; __original?: unknown } | undefined;
  return typeof fn === 'function' && f?.__wrapped === true && typeof f.__original === 'function';
}
