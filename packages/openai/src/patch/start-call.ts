import { context, SpanKind, trace, type Attributes, type Context, type Tracer } from '@opentelemetry/api';
import { getTraceAttributes, LAMPLIGHT_KEYS } from '@lamplight/core';
import { isForeignModelCallSpan, markLamplightCall, markSteppedAside } from '@lamplight/core/internal';
import { Generation } from '../generation.js';
import type { ResolvedTracingOptions } from '../options.js';
import { contentWriter, type ContentWriter, type OperationSpec } from '../operations/operation-spec.js';
import { GEN_AI, GENERAL, PROVIDER_OPENAI } from '../semconv.js';
import { rec, str } from '../values.js';
import { clientInfoOf } from './client-info.js';
import { helperName } from './helper-name.js';

/** Where a traced method gets its tracer and options, read at call time. */
export interface TracingSource {
  tracer(): Tracer;
  options(): ResolvedTracingOptions;
  /** False while the instrumentation is disabled but its wrapper is still installed (under another tool's). */
  active?(): boolean;
}

/** One traced call between `create` and the end of its generation. */
export interface TracedCall {
  readonly spec: OperationSpec;
  readonly generation: Generation;
  /** The active context for the SDK call: our span is the parent of any HTTP span. */
  readonly context: Context;
  /** Arguments for the SDK's `create`: the caller's, or a copy of the body with `include_usage`. */
  readonly args: unknown[];
  readonly stream: boolean;
  /** This package added `stream_options.include_usage`; the usage-only chunk is hidden. */
  readonly injectedUsage: boolean;
  readonly content: ContentWriter;
  readonly options: ResolvedTracingOptions;
}

/** Metadata key of the helper that made the request. */
const HELPER_METADATA_KEY = `${LAMPLIGHT_KEYS.metadataPrefix}helper`;

/**
 * Starts the generation of one `create` call: span name `{operation} {model}` (OTel GenAI),
 * kind CLIENT, request attributes and (when captured) input content. Returns undefined for
 * a call it cannot describe (no body object), which then runs untraced.
 *
 * The span starts with the identifying attributes only (what a sampler may look at);
 * parameters and content are added once it is known to be recording, so a sampled-out call
 * costs no serialisation. Its context is still the parent of the SDK's HTTP spans, so they
 * follow the same sampling decision.
 */
export function startCall(spec: OperationSpec, resource: unknown, args: unknown[], source: TracingSource): TracedCall | undefined {
  const body = rec(args[0]);
  if (!body) return undefined;
  const options = source.options();
  const client = clientInfoOf(resource);
  const model = str(body.model);
  const stream = body.stream === true;

  const attributes: Attributes = { [GEN_AI.operationName]: spec.operation, [GEN_AI.providerName]: client.provider };
  if (model !== undefined) attributes[GEN_AI.requestModel] = model;
  if (stream) attributes[GEN_AI.requestStream] = true;
  if (client.serverAddress !== undefined) attributes[GENERAL.serverAddress] = client.serverAddress;
  if (client.serverPort !== undefined) attributes[GENERAL.serverPort] = client.serverPort;
  const parent = context.active();
  const span = source.tracer().startSpan(model ? `${spec.operation} ${model}` : spec.operation, { kind: SpanKind.CLIENT, attributes }, parent);
  const recording = span.isRecording();
  if (recording) registerModelCall(span.spanContext().spanId, parent);

  const capture = recording && options.captureContent && getTraceAttributes(parent)?.captureContent !== false;
  const content = contentWriter(capture, options.maxContentBytes, span);
  const helper = helperName(spec.resource, args[1]);
  if (recording) {
    const request = spec.requestAttributes(body, content);
    if (helper !== undefined) request[HELPER_METADATA_KEY] = helper;
    span.setAttributes(request);
  }

  // Only direct calls get `include_usage`: the SDK's stream helpers watch the serialisation
  // of their own body object (openai 7.x), which a copy would bypass.
  const injectedUsage =
    recording &&
    stream &&
    spec.acceptsStreamUsage &&
    helper === undefined &&
    (options.includeStreamUsage ?? client.provider === PROVIDER_OPENAI) &&
    rec(body.stream_options)?.include_usage !== true;
  const callArgs = injectedUsage
    ? [{ ...body, stream_options: { ...rec(body.stream_options), include_usage: true } }, ...args.slice(1)]
    : args;

  return {
    spec,
    generation: new Generation(span),
    context: trace.setSpan(parent, span),
    args: callArgs,
    stream,
    injectedUsage,
    content,
    options,
  };
}

/**
 * One call, one generation (docs/instrumentation.md): records our generation so that a
 * foreign OpenAI instrumentation's span started inside it is read as a plain span, and
 * marks a foreign model-call span that is running around this call (it patched after us)
 * as stepping aside for ours.
 */
function registerModelCall(spanId: string, parent: Context): void {
  markLamplightCall(spanId);
  const around = trace.getSpan(parent);
  if (around && around.isRecording() && (around as { ended?: unknown }).ended !== true && isForeignModelCallSpan(around)) {
    markSteppedAside(around.spanContext().spanId);
  }
}
