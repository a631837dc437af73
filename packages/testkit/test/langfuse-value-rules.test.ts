import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  checkLangfuseSpan,
  checkStrippedUsage,
  decodeOtlpProtobuf,
  startLangfuseReceiver,
  STRIPPED_USAGE_REASON,
  type DecodedSpan,
  type LangfuseReceiver,
} from '@lamplight/testkit';
import { av, post, protobufBody, ROOT_SPAN_ID, TRACE_ID, type AnyValueObject } from './helpers/otlp-request-builder.js';

let receiver: LangfuseReceiver;
beforeAll(async () => {
  receiver = await startLangfuseReceiver();
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(() => receiver.reset());

/** Sends one span through the receiver over HTTP and returns its recorded violations. */
async function violationsFor(attributes: Record<string, AnyValueObject>) {
  const result = await post(receiver, protobufBody([{ name: 'under-test', attributes }]));
  expect(result.status).toBe(200); // Langfuse accepts the request; the problem is silent.
  expect(receiver.spans()).toHaveLength(1);
  return receiver.violations();
}

/** A span decoded from real protobuf bytes, for the pure rule functions. */
function decodedSpan(attributes: Record<string, AnyValueObject>): DecodedSpan {
  const [span] = decodeOtlpProtobuf(protobufBody([{ name: 'direct', attributes }])).spans;
  if (!span) throw new Error('no span decoded');
  return span;
}

const validAttributes: Record<string, AnyValueObject> = {
  'langfuse.observation.type': av.str('generation'),
  'langfuse.observation.input': av.str('[{"role":"user","content":"hi"}]'),
  'langfuse.observation.output': av.str('"plain text, JSON-encoded"'),
  'langfuse.observation.model.name': av.str('gpt-4o-mini'),
  'langfuse.observation.model.parameters': av.str('{"temperature":0.2,"max_tokens":100,"stop":"END"}'),
  'langfuse.observation.usage_details': av.str('{"input":12,"output":34,"total":46,"input_cached_tokens":0}'),
  'langfuse.observation.cost_details': av.str('{"input":0.0001,"output":0.0004,"total":0.0005}'),
  'langfuse.observation.level': av.str('WARNING'),
  'langfuse.observation.status_message': av.str('slow'),
  'langfuse.observation.completion_start_time': av.str('2024-03-01T12:00:00.123Z'),
  'langfuse.observation.prompt.name': av.str('greeting'),
  'langfuse.observation.prompt.version': av.int(3),
  'langfuse.observation.metadata.region': av.str('eu'),
  'langfuse.trace.name': av.str('support-chat'),
  'langfuse.trace.input': av.str('{"question":"hi"}'),
  'langfuse.trace.output': av.str('null'),
  'langfuse.trace.metadata.tenant': av.str('acme'),
  'langfuse.trace.tags': av.arr(av.str('a'), av.str('b')),
  'langfuse.trace.public': av.bool(true),
  'user.id': av.str('user-1'),
  'session.id': av.str('session-1'),
  'langfuse.environment': av.str('staging-eu_2'),
  'langfuse.release': av.str('1.4.0'),
  'langfuse.version': av.str('abc123'),
  // Keys outside the contract are not judged.
  'gen_ai.usage.input_tokens': av.int(12),
  'http.status_code': av.int(200),
};

describe('Langfuse value rules over HTTP', () => {
  it('records no violation for a span that follows every rule', async () => {
    expect(await violationsFor(validAttributes)).toEqual([]);
  });

  it('records the span id, attribute, reason and value of a violation', async () => {
    expect(await violationsFor({ 'langfuse.observation.level': av.str('warn') })).toEqual([
      {
        requestIndex: 0,
        traceId: TRACE_ID,
        spanId: ROOT_SPAN_ID,
        spanName: 'under-test',
        attribute: 'langfuse.observation.level',
        reason: 'must be one of DEBUG, DEFAULT, WARNING, ERROR',
        value: 'warn',
      },
    ]);
  });

  it.each<[string, string, AnyValueObject, RegExp]>([
    ['uppercase observation type', 'langfuse.observation.type', av.str('GENERATION'), /must be one of span, generation/],
    ['unknown observation type', 'langfuse.observation.type', av.str('llm'), /must be one of/],
    ['input that is not JSON', 'langfuse.observation.input', av.str('hello'), /must be JSON text/],
    ['output as an int attribute', 'langfuse.observation.output', av.int(1), /must be JSON text/],
    ['trace input that is not JSON', 'langfuse.trace.input', av.str('{oops'), /must be JSON text/],
    ['model name as int', 'langfuse.observation.model.name', av.int(4), /must be a string attribute, got int/],
    ['model parameters as a JSON array', 'langfuse.observation.model.parameters', av.str('[1,2]'), /must be a JSON object/],
    ['model parameters with an array value', 'langfuse.observation.model.parameters', av.str('{"stop":["x"]}'), /key "stop" must be string or number/],
    ['model parameters that are not JSON', 'langfuse.observation.model.parameters', av.str('temperature=1'), /must be JSON object text/],
    ['negative usage', 'langfuse.observation.usage_details', av.str('{"input":-1}'), /key "input" must be non-negative integer/],
    ['fractional usage', 'langfuse.observation.usage_details', av.str('{"output":1.5}'), /key "output" must be non-negative integer/],
    ['usage as a numeric string', 'langfuse.observation.usage_details', av.str('{"input":"12"}'), /key "input" must be non-negative integer, got "12"/],
    ['usage as a kvlist instead of JSON text', 'langfuse.observation.usage_details', av.kvlist({ input: av.int(1) }), /must be JSON object text/],
    ['negative cost', 'langfuse.observation.cost_details', av.str('{"total":-0.5}'), /key "total" must be non-negative number/],
    ['cost as a string value', 'langfuse.observation.cost_details', av.str('{"total":"0.5"}'), /must be non-negative number/],
    ['lowercase level', 'langfuse.observation.level', av.str('error'), /must be one of DEBUG/],
    ['status message as bool', 'langfuse.observation.status_message', av.bool(true), /must be a string attribute/],
    ['completion start as words', 'langfuse.observation.completion_start_time', av.str('yesterday'), /ISO 8601/],
    ['completion start out of range', 'langfuse.observation.completion_start_time', av.str('2024-13-45T00:00:00Z'), /ISO 8601/],
    ['completion start as epoch int', 'langfuse.observation.completion_start_time', av.int(1709294400000), /ISO 8601 timestamp string, got int/],
    ['prompt version as string', 'langfuse.observation.prompt.version', av.str('3'), /must be an int attribute, got string; Langfuse drops the whole generation/],
    ['prompt version as double', 'langfuse.observation.prompt.version', av.dbl(3), /must be an int attribute, got double/],
    ['observation metadata as int', 'langfuse.observation.metadata.retries', av.int(2), /must be a string attribute, got int/],
    ['trace metadata as bool', 'langfuse.trace.metadata.vip', av.bool(true), /must be a string attribute, got bool/],
    ['user id as int', 'user.id', av.int(42), /must be a string attribute/],
    ['session id as array', 'session.id', av.arr(av.str('s')), /must be a string attribute, got array/],
    ['tags as a comma string', 'langfuse.trace.tags', av.str('a,b'), /must be an array attribute of strings/],
    ['tags with a number', 'langfuse.trace.tags', av.arr(av.str('a'), av.int(1)), /must be an array attribute of strings/],
    ['public as string', 'langfuse.trace.public', av.str('true'), /must be a boolean attribute, got string/],
    ['environment with uppercase', 'langfuse.environment', av.str('Production'), /lowercase/],
    ['environment with a space', 'langfuse.environment', av.str('prod eu'), /\[a-z0-9-_\]/],
    ['environment longer than 40', 'langfuse.environment', av.str('e'.repeat(41)), /at most 40/],
    ['environment starting with langfuse', 'langfuse.environment', av.str('langfuse-prod'), /must not start with "langfuse"/],
    ['release as int', 'langfuse.release', av.int(1), /must be a string attribute/],
    ['version as bool', 'langfuse.version', av.bool(false), /must be a string attribute/],
    ['trace name as int', 'langfuse.trace.name', av.int(1), /must be a string attribute/],
  ])('records a violation for %s', async (_label, attribute, value, reason) => {
    const violations = await violationsFor({ ...validAttributes, [attribute]: value });
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ attribute, spanId: ROOT_SPAN_ID, traceId: TRACE_ID, spanName: 'under-test' });
    expect(violations[0]?.reason).toMatch(reason);
  });

  it('accepts a JSON-encoded completion start time, as Langfuse SDKs send it', async () => {
    expect(await violationsFor({ 'langfuse.observation.completion_start_time': av.str('"2024-03-01T12:00:00+02:00"') })).toEqual([]);
  });

  it('records one violation per broken attribute on the same span', async () => {
    const violations = await violationsFor({
      'langfuse.observation.level': av.str('info'),
      'user.id': av.int(1),
      'langfuse.trace.public': av.int(1),
    });
    expect(violations.map((violation) => violation.attribute).sort()).toEqual(['langfuse.observation.level', 'langfuse.trace.public', 'user.id']);
  });
});

describe('model, usage and cost on span/event types', () => {
  it.each(['span', 'event'])('records every stripped attribute on a %s', async (type) => {
    const violations = await violationsFor({
      'langfuse.observation.type': av.str(type),
      'langfuse.observation.model.name': av.str('gpt-4o'),
      'langfuse.observation.usage_details': av.str('{"input":1}'),
      'langfuse.observation.cost_details': av.str('{"total":0.1}'),
    });
    expect(violations.map((violation) => [violation.attribute, violation.reason])).toEqual([
      ['langfuse.observation.model.name', STRIPPED_USAGE_REASON],
      ['langfuse.observation.usage_details', STRIPPED_USAGE_REASON],
      ['langfuse.observation.cost_details', STRIPPED_USAGE_REASON],
    ]);
    expect(STRIPPED_USAGE_REASON).toBe('usage on non-generation type is stripped by Langfuse');
  });

  it.each(['generation', 'embedding', 'agent', 'tool'])('keeps usage on %s', (type) => {
    const span = decodedSpan({ 'langfuse.observation.type': av.str(type), 'langfuse.observation.usage_details': av.str('{"input":1}') });
    expect(checkStrippedUsage(span)).toEqual([]);
  });

  it('does not guess when no observation type is set', () => {
    expect(checkStrippedUsage(decodedSpan({ 'langfuse.observation.usage_details': av.str('{"input":1}') }))).toEqual([]);
  });
});

describe('checkLangfuseSpan (pure)', () => {
  it('returns nothing for the valid attribute set and something for a broken one', () => {
    expect(checkLangfuseSpan(decodedSpan(validAttributes))).toEqual([]);
    const broken = checkLangfuseSpan(decodedSpan({ ...validAttributes, 'langfuse.observation.prompt.version': av.str('1') }));
    expect(broken).toMatchObject([{ attribute: 'langfuse.observation.prompt.version', spanName: 'direct', value: '1' }]);
  });

  it('judges only metadata keys that have a name after the prefix', () => {
    expect(checkLangfuseSpan(decodedSpan({ 'langfuse.trace.metadata': av.str('{"a":1}') }))).toEqual([]);
  });

  it('has no rule for keys named like Object.prototype members', () => {
    const attributes = { constructor: av.int(1), toString: av.str('x'), hasOwnProperty: av.bool(true), valueOf: av.arr(av.str('a')) };
    expect(checkLangfuseSpan(decodedSpan(attributes))).toEqual([]);
  });
});
