import type { Observation } from '../observation.js';
import { toJsonSafe } from '../serialize/to-json-safe.js';
import { MASK_FAILED, type MaskField, type MaskFunction } from './mask.js';
import type { PrivacyGate } from './privacy-gate.js';

/**
 * The non-content fields of an observation through the gate: names, ids, tags, the status
 * message, metadata and model parameters — each masked (when a mask is set), cut to its
 * budget with a visible marker (counted) and scrubbed. In place.
 */
export function gateObservationFields(obs: Observation, gate: PrivacyGate, mask: MaskFunction | undefined, capture: boolean): void {
  const l = gate.limits;
  const o = obs as unknown as Record<string, unknown>;
  const text = (field: keyof Observation, maxBytes: number, maskField?: MaskField): void => {
    let value = o[field];
    if (value === undefined) return;
    if (mask !== undefined && maskField !== undefined) value = maskText(mask, obs, maskField, value, gate);
    if (typeof value !== 'string') {
      // A mask that withheld an id drops it: a placeholder id would merge users or sessions.
      delete o[field];
      return;
    }
    o[field] = gate.text(value, maxBytes, field);
  };
  text('name', l.maxNameBytes, 'name');
  text('statusMessage', l.maxMessageBytes, 'statusMessage');
  text('userId', l.maxNameBytes, 'userId');
  text('sessionId', l.maxNameBytes, 'sessionId');
  for (const field of ['traceName', 'agentName', 'workflowName', 'workflowRunId', 'model', 'provider', 'environment', 'release', 'version'] as const) {
    text(field, l.maxNameBytes);
  }
  if (obs.prompt !== undefined) {
    const name = obs.prompt?.name;
    if (typeof name === 'string') obs.prompt = { ...obs.prompt, name: gate.text(name, l.maxNameBytes, 'prompt') };
  }
  gateTags(obs, gate, mask);
  if (obs.modelParameters !== undefined) {
    const source = capture ? obs.modelParameters : nonContentParameters(obs.modelParameters, gate);
    const params = stringMap(source, gate, l.maxNameBytes, 'model-parameter', true);
    if (params === undefined) delete obs.modelParameters;
    else obs.modelParameters = params as Observation['modelParameters'];
  }
  for (const field of ['metadata', 'traceMetadata'] as const) {
    if (obs[field] === undefined) continue;
    let map: unknown = obs[field];
    if (mask !== undefined) map = maskMap(mask, obs, field, map, gate);
    const out = stringMap(map, gate, l.maxMetadataValueBytes, 'metadata', false);
    if (out === undefined) delete obs[field];
    else obs[field] = out as Record<string, string>;
  }
}

/**
 * Text model parameters that are settings, not user text; with content capture off every
 * other text parameter (stop sequences, a `user` field, a prompt cache key) is dropped.
 */
const SETTING_PARAMETERS: ReadonlySet<string> = new Set([
  'tool_choice',
  'response_format',
  'reasoning_effort',
  'service_tier',
  'parallel_tool_calls',
  'encoding_format',
  'modalities',
  'verbosity',
  'truncation',
  'store',
  'stream',
]);

function nonContentParameters(params: unknown, gate: PrivacyGate): unknown {
  if (params === null || typeof params !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'number' || typeof value === 'boolean' || SETTING_PARAMETERS.has(key)) out[key] = value;
    else gate.countDrop('model-parameter-denied');
  }
  return out;
}

function maskText(mask: MaskFunction, obs: Observation, field: MaskField, value: unknown, gate: PrivacyGate): unknown {
  try {
    const masked = mask(value, { field, observation: obs });
    if (masked === undefined || typeof masked === 'string') return masked;
    throw new TypeError(`the mask must return a string for "${field}"`);
  } catch (error) {
    gate.countMaskFailure(field, error);
    return field === 'userId' || field === 'sessionId' ? undefined : MASK_FAILED;
  }
}

function maskMap(mask: MaskFunction, obs: Observation, field: 'metadata' | 'traceMetadata', value: unknown, gate: PrivacyGate): unknown {
  try {
    const masked = mask(value, { field, observation: obs });
    if (masked === undefined) return undefined;
    if (masked !== null && typeof masked === 'object' && !Array.isArray(masked)) return masked;
    throw new TypeError(`the mask must return an object for "${field}"`);
  } catch (error) {
    gate.countMaskFailure(field, error);
    return { masked: MASK_FAILED };
  }
}

/** Tags: at most `maxTags`, each a string of at most 200 characters, scrubbed. */
function gateTags(obs: Observation, gate: PrivacyGate, mask: MaskFunction | undefined): void {
  let tags: unknown = obs.tags;
  if (tags === undefined) return;
  if (mask !== undefined) {
    try {
      tags = mask(tags, { field: 'tags', observation: obs });
      if (tags !== undefined && !Array.isArray(tags)) throw new TypeError('the mask must return an array for "tags"');
    } catch (error) {
      gate.countMaskFailure('tags', error);
      tags = undefined;
    }
  }
  if (!Array.isArray(tags)) {
    delete obs.tags;
    return;
  }
  const max = gate.limits.maxTags;
  const out: string[] = [];
  for (let i = 0; i < tags.length && out.length < max; i++) {
    const tag: unknown = tags[i];
    if (typeof tag === 'string' && tag.length > 0) out.push(gate.text(tag.slice(0, 200), 600, 'tag'));
  }
  if (tags.length > out.length) gate.countDrop('tag', tags.length - out.length);
  if (out.length > 0) obs.tags = out;
  else delete obs.tags;
}

/**
 * A map as bounded strings (numbers kept when `keepNumbers`): at most `maxMetadataKeys`
 * keys (the rest counted), each key bounded and scrubbed, each value cut and scrubbed.
 * A map that cannot be read fails closed.
 */
function stringMap(map: unknown, gate: PrivacyGate, maxValueBytes: number, kind: string, keepNumbers: boolean): Record<string, string | number> | undefined {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) return undefined;
  try {
    const out: Record<string, string | number> = {};
    const max = gate.limits.maxMetadataKeys;
    let kept = 0;
    let seen = 0;
    for (const key in map) {
      if (!Object.hasOwn(map, key)) continue;
      seen++;
      if (kept >= max) {
        // Only counted from here: 2·10^5 keys must not cost a walk over every value.
        gate.countDrop(`${kind}-key`, Math.max(1, Object.keys(map).length - seen + 1));
        break;
      }
      const value = (map as Record<string, unknown>)[key];
      if (value === undefined || value === null) continue;
      const cleanKey = gate.key(key, kind);
      if (cleanKey === undefined) continue;
      if (keepNumbers && typeof value === 'number' && Number.isFinite(value)) out[cleanKey] = value;
      else {
        const raw = typeof value === 'string' ? value : JSON.stringify(toJsonSafe(value, { maxBytes: maxValueBytes }));
        out[cleanKey] = gate.text(raw, maxValueBytes, kind);
      }
      kept++;
    }
    return kept > 0 ? out : undefined;
  } catch {
    gate.countMaskFailure(kind);
    return { masked: gate.text(MASK_FAILED, 100, kind) };
  }
}
