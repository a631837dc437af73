/**
 * `@lamplight/ai-sdk`: Vercel AI SDK tracing for Lamplight.
 * - AI SDK v7: `registerTelemetry(lamplightTelemetry())`, an `@ai-sdk/otel` integration
 *   configured for Lamplight; `enableAiSdkTracing()` is the zero-config path `register` uses.
 * - AI SDK v5/v6: `experimental_telemetry: aiSdkTelemetry({ userId, sessionId, tags })`.
 * Core maps the spans of every version (`gen_ai` and `ai` scopes); nothing is mapped here.
 */
export { lamplightTelemetry, AI_SDK_TRACER_NAME } from './lamplight-telemetry.js';
export type { LamplightTelemetryOptions } from './lamplight-telemetry.js';
export { enableAiSdkTracing } from './zero-config.js';
export type { AiSdkTracingHandle, EnableAiSdkTracingOptions } from './zero-config.js';
export { aiSdkTelemetry } from './experimental-telemetry.js';
export type { AiSdkTelemetryOptions, AiSdkTelemetrySettings } from './experimental-telemetry.js';
export { VERSION } from './version.js';
