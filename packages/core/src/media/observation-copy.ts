import { privacyContextOf, setPrivacyContext } from '../content/privacy-context.js';
import type { Observation } from '../observation.js';

/**
 * A copy of a prepared observation with some fields replaced, for one destination: the
 * prepared observation is shared by every destination and must not change under the
 * others. The copy keeps how the original was prepared (its privacy context), so the
 * renderers gate the span's forwarded parts exactly as they would for the original.
 */
export function withObservationFields(obs: Observation, fields: Partial<Observation>): Observation {
  const copy = Object.assign({}, obs, fields);
  setPrivacyContext(copy, privacyContextOf(obs));
  return copy;
}
