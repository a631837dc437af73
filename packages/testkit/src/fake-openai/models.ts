/**
 * `GET /v1/models` and `GET /v1/models/{id}`: a static catalogue, enough for code that lists
 * or checks models before calling them.
 */
import { errorAnswer } from './openai-error.js';
import { jsonOk, type AnswerPlan } from './answer-plan.js';

/** Models listed when the server is started without `models`. */
export const DEFAULT_FAKE_MODELS: readonly string[] = Object.freeze([
  'gpt-4o-mini',
  'gpt-4o',
  'gpt-4.1-mini',
  'o4-mini',
  'gpt-3.5-turbo-instruct',
  'text-embedding-3-small',
]);

/** A fixed `created` so listings are byte-for-byte stable across runs. */
const MODEL_CREATED = 1_700_000_000;

function modelObject(id: string): Record<string, unknown> {
  return { id, object: 'model', created: MODEL_CREATED, owned_by: 'fake-openai' };
}

/** The model list. */
export function listModelsAnswer(models: readonly string[]): AnswerPlan {
  return jsonOk({ object: 'list', data: models.map(modelObject) });
}

/** One model, or OpenAI's 404 `model_not_found`. */
export function retrieveModelAnswer(models: readonly string[], id: string): AnswerPlan {
  if (models.includes(id)) return jsonOk(modelObject(id));
  return errorAnswer({ status: 404, message: `The model '${id}' does not exist`, code: 'model_not_found', param: 'model' });
}
