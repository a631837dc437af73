import { utf8Encode } from '@lamplight/core/internal';
import type { DeliveryCodec } from '@lamplight/transport';
import type { ScoreBody } from './score-input.js';

/**
 * `POST /api/public/scores` as a codec: one score per request (the API takes one), JSON,
 * never split; a 2xx means Langfuse stored it (the body carries its id).
 */
export const scoreCodec: DeliveryCodec<ScoreBody, ScoreBody> = {
  pack: (scores) => scores,
  itemCount: () => 1,
  encode: (score) => utf8Encode(JSON.stringify(score)),
  split: () => undefined,
  itemName: (score) => `score "${score.name}" (${score.id})`,
  describe: (score) => `score "${score.name}" (${score.id})`,
};
