/**
 * `@lamplight/openai`: transparent tracing for the OpenAI Node SDK (5.x–7.x).
 * `observeOpenAI(client)` traces one client; `OpenAIInstrumentation` patches the module for
 * `register`. Both emit OTel GenAI spans that `@lamplight/core` maps to generations.
 */
export { observeOpenAI, TRACER_NAME } from './observe-openai.js';
export { OpenAIInstrumentation, SUPPORTED_OPENAI_VERSIONS } from './instrumentation.js';
export type { OpenAIInstrumentationConfig } from './instrumentation.js';
export type { ObserveOpenAIOptions, OpenAITracingOptions } from './options.js';
export { VERSION } from './version.js';
