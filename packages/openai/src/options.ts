import type { TracerProvider } from '@opentelemetry/api';

/** Options shared by `observeOpenAI` and `OpenAIInstrumentation`. */
export interface OpenAITracingOptions {
  /**
   * Record prompts and completions (`gen_ai.input.messages`, `gen_ai.output.messages`,
   * system instructions, tool definitions). Default true. Content is also left out for
   * calls made inside `withTraceAttributes({ captureContent: false }, …)`.
   */
  captureContent?: boolean;
  /**
   * Add `stream_options.include_usage` to streamed chat and legacy completions that did
   * not ask for it, so the generation gets token usage; the extra usage-only chunk is
   * hidden from the caller. Default true for OpenAI, false for Azure OpenAI (older Azure
   * API versions reject `stream_options`).
   */
  includeStreamUsage?: boolean;
  /**
   * How long a returned stream (or an unparsed response) may wait to be consumed before
   * its generation is ended as `not consumed` (level WARN), so an abandoned result never
   * holds a span in memory forever. Milliseconds; default 300000 (5 minutes).
   */
  unconsumedTimeoutMs?: number;
  /** Budget of one content attribute, in UTF-8 bytes of JSON text; default 1 MiB. */
  maxContentBytes?: number;
}

/** Options of `observeOpenAI`. */
export interface ObserveOpenAIOptions extends OpenAITracingOptions {
  /** Tracer provider to use instead of the global one. */
  tracerProvider?: TracerProvider;
}

/** Options with every default applied. */
export interface ResolvedTracingOptions {
  readonly captureContent: boolean;
  /** `undefined`: the provider default (on for OpenAI, off for Azure). */
  readonly includeStreamUsage: boolean | undefined;
  readonly unconsumedTimeoutMs: number;
  readonly maxContentBytes: number;
}

const DEFAULT_UNCONSUMED_TIMEOUT_MS = 300_000;
const DEFAULT_MAX_CONTENT_BYTES = 1_048_576;

/**
 * Applies defaults and validates. A bad option is a programming error at setup time, so it
 * throws with a message naming the option (DESIGN §7) instead of silently tracing wrong.
 */
export function resolveTracingOptions(options: OpenAITracingOptions | undefined, where: string): ResolvedTracingOptions {
  const o = options ?? {};
  return {
    captureContent: optionalBoolean(o.captureContent, 'captureContent', where) ?? true,
    includeStreamUsage: optionalBoolean(o.includeStreamUsage, 'includeStreamUsage', where),
    unconsumedTimeoutMs: positiveNumber(o.unconsumedTimeoutMs, 'unconsumedTimeoutMs', where) ?? DEFAULT_UNCONSUMED_TIMEOUT_MS,
    maxContentBytes: positiveNumber(o.maxContentBytes, 'maxContentBytes', where) ?? DEFAULT_MAX_CONTENT_BYTES,
  };
}

function optionalBoolean(value: unknown, name: string, where: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new TypeError(`${where}: option "${name}" must be a boolean`);
  return value;
}

function positiveNumber(value: unknown, name: string, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${where}: option "${name}" must be a positive number`);
  }
  return value;
}
