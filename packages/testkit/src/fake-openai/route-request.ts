/**
 * Maps a request to what answers it: a fixed answer (model listing, 404, a validation error)
 * or a generation endpoint that renders a scripted reply. Validation mirrors the few checks
 * OpenAI makes before generating (JSON body, `model`, required inputs) so a broken request
 * from the code under test fails here as it would in production, without consuming a
 * scripted reply meant for a good request.
 */
import type { AnswerPlan } from './answer-plan.js';
import { chatCompletionAnswer } from './chat-completions.js';
import { embeddingsAnswer } from './embeddings.js';
import { legacyCompletionAnswer } from './legacy-completions.js';
import { listModelsAnswer, retrieveModelAnswer } from './models.js';
import { badRequestAnswer, invalidUrlAnswer } from './openai-error.js';
import type { FakeOpenAIEndpoint } from './recorded-openai-request.js';
import { embeddingInputs } from './request-text.js';
import type { ResolvedReply } from './resolve-reply.js';
import { responsesAnswer } from './responses-api.js';

/** A generation endpoint: renders a resolved reply in its wire format. */
export interface GenerationRoute {
  /** Discriminant. */
  kind: 'generation';
  /** Which API. */
  endpoint: Exclude<FakeOpenAIEndpoint, 'models' | 'unknown'>;
  /** Prefix of response ids, as OpenAI's (`chatcmpl-`, `resp_`, …). */
  idPrefix: string;
  /** Wire answer for a reply. */
  render: (reply: ResolvedReply) => AnswerPlan;
}

/** A request answered without a scripted reply. */
export interface FixedRoute {
  /** Discriminant. */
  kind: 'fixed';
  /** The answer. */
  plan: AnswerPlan;
}

/** Where a request goes. */
export type Route = GenerationRoute | FixedRoute;

/** What routing needs to know about the request. */
export interface RouteInput {
  /** HTTP method. */
  method: string;
  /** URL path without the query string. */
  path: string;
  /** Parsed JSON body, or `undefined`. */
  body: unknown;
  /** True when a non-empty body failed to parse as JSON. */
  invalidJson: boolean;
  /** `stream: true` in the body. */
  stream: boolean;
  /** Models the server lists. */
  models: readonly string[];
}

const INVALID_JSON_MESSAGE =
  'We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly. ' +
  'The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)';

function missing(param: string): FixedRoute {
  return { kind: 'fixed', plan: badRequestAnswer(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter') };
}

/** Checks shared by every generation endpoint; `undefined` when the request may proceed. */
function checkGenerationBody(input: RouteInput, required: string | undefined): FixedRoute | undefined {
  const { body } = input;
  if (input.invalidJson || typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { kind: 'fixed', plan: badRequestAnswer(INVALID_JSON_MESSAGE) };
  }
  const record = body as Record<string, unknown>;
  if (typeof record.model !== 'string' || record.model === '') {
    return { kind: 'fixed', plan: badRequestAnswer('you must provide a model parameter') };
  }
  if (required !== undefined && record[required] === undefined) return missing(required);
  if (required === 'messages' && !Array.isArray(record.messages)) {
    return { kind: 'fixed', plan: badRequestAnswer("Invalid type for 'messages': expected an array.", 'messages', 'invalid_type') };
  }
  return undefined;
}

function generation(input: RouteInput, endpoint: GenerationRoute['endpoint'], required: string | undefined, idPrefix: string, render: GenerationRoute['render']): Route {
  return checkGenerationBody(input, required) ?? { kind: 'generation', endpoint, idPrefix, render };
}

/** `decodeURIComponent` that keeps malformed escapes as they are instead of throwing. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Routes a request. Paths are exact: OpenAI serves everything under `/v1`. */
export function routeRequest(input: RouteInput): Route {
  const { method, path, body, stream } = input;
  if (method === 'POST') {
    switch (path) {
      case '/v1/chat/completions':
        return generation(input, 'chat.completions', 'messages', 'chatcmpl-', (reply) => chatCompletionAnswer(reply, stream, body));
      case '/v1/responses':
        return generation(input, 'responses', undefined, 'resp_', (reply) => responsesAnswer(reply, stream, body));
      case '/v1/completions':
        return generation(input, 'completions', undefined, 'cmpl-', (reply) => legacyCompletionAnswer(reply, stream, body));
      case '/v1/embeddings':
        return generation(input, 'embeddings', 'input', 'emb-', (reply) => embeddingsAnswer(reply, embeddingInputs(body), body));
      default:
        break;
    }
  }
  if (method === 'GET' && path === '/v1/models') return { kind: 'fixed', plan: listModelsAnswer(input.models) };
  if (method === 'GET' && path.startsWith('/v1/models/')) {
    return { kind: 'fixed', plan: retrieveModelAnswer(input.models, decodePathSegment(path.slice('/v1/models/'.length))) };
  }
  return { kind: 'fixed', plan: invalidUrlAnswer(method, path) };
}
