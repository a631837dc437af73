import { context, INVALID_SPAN_CONTEXT, trace, type Attributes, type TracerProvider } from '@opentelemetry/api';
import { LAMPLIGHT_KEYS as K, LAMPLIGHT_TRACER_NAME } from '../attribute-keys.js';
import { VERSION } from '../version.js';
import { LamplightObservation, setObservationFactory, type ObservationOptions } from './observation-handle.js';
import { observationName, readObservationOptions } from './observation-options.js';
import { toEpochMs } from './write-fields.js';

let tracerProvider: TracerProvider | undefined;

/**
 * Makes the manual API create its spans on `provider` instead of the global provider.
 * `register` uses it when another tool owns the global provider and Lamplight runs an
 * isolated one; pass `undefined` to go back to the global provider.
 */
export function setObservationTracerProvider(provider: TracerProvider | undefined): void {
  tracerProvider = provider;
}

/**
 * Starts an observation by hand (a generation, tool call, agent step, …) as an OTel
 * span on the global tracer provider. The caller ends it with `end()`; use `observe`
 * to have it ended for you. Never throws: on an internal failure it returns an
 * observation over a non-recording span. Options that are not an object, or cannot be
 * read, are ignored (one diagnostic).
 */
export function startObservation(name: string, options: ObservationOptions = {}): LamplightObservation {
  options = readObservationOptions(options);
  const captureContent = options.captureContent !== false;
  try {
    const attributes: Attributes = { [K.kind]: options.kind ?? 'span' };
    if (!captureContent) attributes[K.captureContent] = false;
    const tracer = (tracerProvider ?? trace.getTracerProvider()).getTracer(LAMPLIGHT_TRACER_NAME, VERSION);
    const span = tracer.startSpan(
      observationName(name),
      { attributes, startTime: toEpochMs(options.startTime) },
      options.parentContext ?? context.active(),
    );
    return new LamplightObservation(span, captureContent).update(options);
  } catch {
    return new LamplightObservation(trace.wrapSpanContext(INVALID_SPAN_CONTEXT), captureContent);
  }
}

setObservationFactory(startObservation);
