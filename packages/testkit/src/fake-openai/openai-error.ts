/**
 * OpenAI's error answers: `{"error":{"message","type","param","code"}}` with the type and code
 * OpenAI uses for each status, so SDK error classes (`BadRequestError`, `RateLimitError`, …)
 * and the AI SDK's error parser see exactly what production would send.
 */
import type { JsonAnswer } from './answer-plan.js';
import type { FakeErrorReply } from './fake-reply.js';

/** The body OpenAI sends with every error status. */
export interface OpenAIErrorBody {
  /** The error; all four keys are always present, `param` and `code` often `null`. */
  error: {
    message: string;
    type: string;
    param: string | null;
    code: string | null;
  };
}

function defaultType(status: number): string {
  if (status === 429) return 'requests';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function defaultCode(status: number): string | null {
  if (status === 401) return 'invalid_api_key';
  if (status === 429) return 'rate_limit_exceeded';
  return null;
}

/** Turns a scripted error into an answer, with `Retry-After` when asked for. */
export function errorAnswer(error: FakeErrorReply): JsonAnswer {
  const body: OpenAIErrorBody = {
    error: {
      message: error.message ?? `fake-openai: injected ${error.status} error`,
      type: error.type ?? defaultType(error.status),
      param: error.param ?? null,
      code: error.code === undefined ? defaultCode(error.status) : error.code,
    },
  };
  const headers: Record<string, string> = {};
  if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
  return { kind: 'json', status: error.status, body, headers };
}

/** OpenAI's answer to an unknown route: 404 `Invalid URL (POST /v1/…)`. */
export function invalidUrlAnswer(method: string, path: string): JsonAnswer {
  return errorAnswer({ status: 404, message: `Invalid URL (${method} ${path})`, code: null });
}

/** A 400 `invalid_request_error`, e.g. for a missing required parameter. */
export function badRequestAnswer(message: string, param: string | null = null, code: string | null = null): JsonAnswer {
  return errorAnswer({ status: 400, message, param, code });
}
