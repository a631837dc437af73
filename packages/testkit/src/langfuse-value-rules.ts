/**
 * The value rules of the Langfuse OTLP contract (`shared/contracts/langfuse-otlp.md`),
 * checked per span.
 *
 * Why these exist: Langfuse answers HTTP 200 to any well-formed OTLP request and converts
 * spans later; an observation whose values break its schema is silently dropped or reset
 * to a default. A test against the real service therefore cannot see these mistakes, so
 * the receiver checks them and records each one as a violation instead.
 */
import type { AttributeType, AttributeValue, DecodedSpan } from './decoded-span.js';

/** One broken contract rule, located as precisely as possible. */
export interface ContractViolation {
  /** Trace id of the offending span (absent for request-level violations). */
  traceId?: string;
  /** Span id of the offending span (absent for request-level violations). */
  spanId?: string;
  /** Name of the offending span. */
  spanName?: string;
  /** The attribute (or header, for request-level violations) at fault. */
  attribute: string;
  /** What Langfuse would do with it, in words. */
  reason: string;
  /** The offending value, when there is one. */
  value?: unknown;
}

/** Observation types Langfuse accepts in `langfuse.observation.type` (lowercase only). */
export const LANGFUSE_OBSERVATION_TYPES: readonly string[] = [
  'span', 'generation', 'event', 'embedding', 'agent', 'tool', 'chain', 'retriever', 'guardrail', 'evaluator',
];

/** Levels Langfuse accepts in `langfuse.observation.level`. */
export const LANGFUSE_LEVELS: readonly string[] = ['DEBUG', 'DEFAULT', 'WARNING', 'ERROR'];

/** Reason recorded when model, usage or cost sit on a `span`/`event` observation. */
export const STRIPPED_USAGE_REASON = 'usage on non-generation type is stripped by Langfuse';

/** A rule returns a reason when the value breaks it, or `undefined` when it is fine. */
type ValueRule = (value: AttributeValue, type: AttributeType) => string | undefined;

const isString: ValueRule = (_value, type) => (type === 'string' ? undefined : `must be a string attribute, got ${type}`);

const oneOf = (allowed: readonly string[]): ValueRule => (value, type) =>
  type === 'string' && allowed.includes(value as string) ? undefined : `must be one of ${allowed.join(', ')}`;

/** Parses JSON text; `undefined` means the value is not a string or not JSON. */
function parseJsonText(value: AttributeValue, type: AttributeType): { parsed: unknown } | undefined {
  if (type !== 'string') return undefined;
  try {
    return { parsed: JSON.parse(value as string) as unknown };
  } catch {
    return undefined;
  }
}

const isJsonText: ValueRule = (value, type) =>
  parseJsonText(value, type) ? undefined : 'must be JSON text (a string attribute holding JSON)';

/** A JSON object whose every value passes `accepts`; `expected` names the allowed values. */
const jsonObjectOf = (accepts: (entry: unknown) => boolean, expected: string): ValueRule => (value, type) => {
  const json = parseJsonText(value, type);
  if (!json) return `must be JSON object text with ${expected} values`;
  const object = json.parsed;
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return `must be a JSON object with ${expected} values`;
  const bad = Object.entries(object).find(([, entry]) => !accepts(entry));
  return bad ? `key ${JSON.stringify(bad[0])} must be ${expected}, got ${JSON.stringify(bad[1])}` : undefined;
};

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const isIsoTimestamp: ValueRule = (value, type) => {
  if (type !== 'string') return `must be an ISO 8601 timestamp string, got ${type}`;
  // Langfuse's own SDKs send this JSON-encoded (a quoted string), so both forms are valid.
  let text = value as string;
  if (text.startsWith('"')) {
    const json = parseJsonText(value, type);
    text = json && typeof json.parsed === 'string' ? json.parsed : '';
  }
  return ISO_8601.test(text) && !Number.isNaN(Date.parse(text)) ? undefined : 'must be an ISO 8601 timestamp';
};

const isIntAttribute: ValueRule = (_value, type) =>
  type === 'int' ? undefined : `must be an int attribute, got ${type}; Langfuse drops the whole generation`;

const isStringArray: ValueRule = (value, type) =>
  type === 'array' && (value as AttributeValue[]).every((item) => typeof item === 'string')
    ? undefined
    : 'must be an array attribute of strings';

const isBool: ValueRule = (_value, type) => (type === 'bool' ? undefined : `must be a boolean attribute, got ${type}`);

const isEnvironment: ValueRule = (value, type) => {
  if (type !== 'string') return `must be a string attribute, got ${type}`;
  const env = value as string;
  if (!/^[a-z0-9_-]+$/.test(env)) return 'must match [a-z0-9-_]+ (lowercase); Langfuse stores "default" instead';
  if (env.length > 40) return 'must be at most 40 characters; Langfuse stores "default" instead';
  if (env.startsWith('langfuse')) return 'must not start with "langfuse"; Langfuse stores "default" instead';
  return undefined;
};

const isNonNegativeInteger = (entry: unknown): boolean => typeof entry === 'number' && Number.isInteger(entry) && entry >= 0;
const isNonNegativeNumber = (entry: unknown): boolean => typeof entry === 'number' && Number.isFinite(entry) && entry >= 0;
const isStringOrNumber = (entry: unknown): boolean => typeof entry === 'string' || typeof entry === 'number';

const MODEL_KEY = 'langfuse.observation.model.name';
const PARAMETERS_KEY = 'langfuse.observation.model.parameters';
const USAGE_KEY = 'langfuse.observation.usage_details';
const COST_KEY = 'langfuse.observation.cost_details';

/** Rules for exact attribute keys, straight from the contract's table. */
const EXACT_RULES: Record<string, ValueRule> = {
  'langfuse.observation.type': oneOf(LANGFUSE_OBSERVATION_TYPES),
  'langfuse.observation.input': isJsonText,
  'langfuse.observation.output': isJsonText,
  [MODEL_KEY]: isString,
  [PARAMETERS_KEY]: jsonObjectOf(isStringOrNumber, 'string or number'),
  [USAGE_KEY]: jsonObjectOf(isNonNegativeInteger, 'non-negative integer'),
  [COST_KEY]: jsonObjectOf(isNonNegativeNumber, 'non-negative number'),
  'langfuse.observation.level': oneOf(LANGFUSE_LEVELS),
  'langfuse.observation.status_message': isString,
  'langfuse.observation.completion_start_time': isIsoTimestamp,
  'langfuse.observation.prompt.name': isString,
  'langfuse.observation.prompt.version': isIntAttribute,
  'langfuse.trace.name': isString,
  'langfuse.trace.input': isJsonText,
  'langfuse.trace.output': isJsonText,
  'user.id': isString,
  'session.id': isString,
  'langfuse.trace.tags': isStringArray,
  'langfuse.trace.public': isBool,
  'langfuse.environment': isEnvironment,
  'langfuse.release': isString,
  'langfuse.version': isString,
};

/** Rules for key families (`…metadata.<key>`). */
const PREFIX_RULES: ReadonlyArray<readonly [string, ValueRule]> = [
  ['langfuse.observation.metadata.', isString],
  ['langfuse.trace.metadata.', isString],
];

/**
 * The rule for `key`. Own keys only: a plain-object lookup would find `Object.prototype`
 * members, so an attribute named `constructor` or `toString` got a bogus violation.
 */
function ruleFor(key: string): ValueRule | undefined {
  if (Object.hasOwn(EXACT_RULES, key)) return EXACT_RULES[key];
  return PREFIX_RULES.find(([prefix]) => key.startsWith(prefix) && key.length > prefix.length)?.[1];
}

function locate(span: DecodedSpan): Pick<ContractViolation, 'traceId' | 'spanId' | 'spanName'> {
  return { traceId: span.traceId, spanId: span.spanId, spanName: span.name };
}

/**
 * Flags model, usage and cost attributes on an observation typed `span` or `event`:
 * Langfuse keeps them only on generation-like types and strips them from these two.
 */
export function checkStrippedUsage(span: DecodedSpan): ContractViolation[] {
  const type = span.attributes['langfuse.observation.type'];
  if (type !== 'span' && type !== 'event') return [];
  return [MODEL_KEY, PARAMETERS_KEY, USAGE_KEY, COST_KEY]
    .filter((key) => Object.hasOwn(span.attributes, key))
    .map((key) => ({ ...locate(span), attribute: key, reason: STRIPPED_USAGE_REASON, value: span.attributes[key] }));
}

/**
 * Checks every Langfuse-read attribute of one span against the contract's value rules,
 * plus {@link checkStrippedUsage}. Returns an empty list for a span Langfuse would keep
 * exactly as sent.
 */
export function checkLangfuseSpan(span: DecodedSpan): ContractViolation[] {
  const violations: ContractViolation[] = [];
  for (const [key, value] of Object.entries(span.attributes)) {
    const rule = ruleFor(key);
    const type = (Object.hasOwn(span.attributeTypes, key) ? span.attributeTypes[key] : undefined) ?? 'empty';
    const reason = rule?.(value, type);
    if (reason !== undefined) violations.push({ ...locate(span), attribute: key, reason, value });
  }
  violations.push(...checkStrippedUsage(span));
  return violations;
}
