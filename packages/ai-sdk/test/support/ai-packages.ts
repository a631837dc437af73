/**
 * The real AI SDK packages, re-exported for the end-to-end tests in the repository's
 * `test/` directory: they are installed (under npm aliases for v5/v6) in this package
 * only, so they resolve from here — for Node, vitest and tsc alike.
 */
export * as ai7 from 'ai';
export * as ai6 from 'ai-v6';
export * as ai5 from 'ai-v5';
export { createOpenAI } from '@ai-sdk/openai';
export { createOpenAI as createOpenAIv3 } from 'ai-sdk-openai-v3';
export { createOpenAI as createOpenAIv2 } from 'ai-sdk-openai-v2';
export { LegacyOpenTelemetry, OpenTelemetry } from '@ai-sdk/otel';
export { z } from 'zod';
