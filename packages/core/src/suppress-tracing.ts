import { createContextKey, type Context } from '@opentelemetry/api';

/**
 * The key the OTel SDK checks to skip creating spans (`isTracingSuppressed`). The API
 * builds context keys with `Symbol.for(description)`, so this key is the same symbol
 * as `@opentelemetry/core`'s in every SDK line (2.x and 3.x); defining it here spares
 * the core a dependency whose peer range would tie it to one API version.
 */
const SUPPRESS_TRACING_KEY = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/** A context in which SDK tracers create no spans: used around our own exports. */
export function suppressTracing(ctx: Context): Context {
  return ctx.setValue(SUPPRESS_TRACING_KEY, true);
}
