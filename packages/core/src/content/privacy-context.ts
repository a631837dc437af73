import type { Observation } from '../observation.js';
import type { MaskFunction } from './mask.js';
import { PrivacyGate } from './privacy-gate.js';

/**
 * How one observation was prepared: its gate, whether content capture was on for it, and
 * the user's mask. Kept on the observation (a non-enumerable symbol property, like the
 * JSON-text memo) so that renderers gating the span's forwarded attributes and events
 * later apply the very same decisions as `prepareObservation` did to the fields.
 */
export interface PrivacyContext {
  readonly gate: PrivacyGate;
  readonly capture: boolean;
  readonly mask: MaskFunction | undefined;
  /** Renderers cache the gated span parts here, so several destinations gate once. */
  parts?: unknown;
  /**
   * Long forwarded values already cut and scrubbed in slices (`prepareObservationSliced`
   * with the span): cut text → scrubbed text. The gate looks a value up here before
   * scrubbing it synchronously.
   */
  prescrubbed?: Map<string, string>;
}

const CONTEXT: unique symbol = Symbol('lamplight.privacy');

/** The gate of observations that were never prepared (a renderer called directly). */
const fallbackGate = new PrivacyGate({ maxFieldBytes: 1_048_576 });

/** Records how `obs` was prepared. */
export function setPrivacyContext(obs: Observation, context: PrivacyContext): void {
  Object.defineProperty(obs, CONTEXT, { value: context, enumerable: false, writable: true, configurable: true });
}

/**
 * How `obs` was prepared; for an observation that never went through `prepareObservation`,
 * the default gate with capture on (the scrubber and the budgets still apply).
 */
export function privacyContextOf(obs: Observation): PrivacyContext {
  const own = (obs as { [CONTEXT]?: PrivacyContext })[CONTEXT];
  if (own !== undefined) return own;
  const context: PrivacyContext = { gate: fallbackGate, capture: true, mask: undefined };
  setPrivacyContext(obs, context);
  return context;
}
