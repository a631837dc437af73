/**
 * Values that break naive code in the readers and renderers: BigInt (JSON.stringify throws
 * on it) in every place a reader turns a value into text, and integers beyond 2^53 as a
 * prompt version (no int64 any more: the OTLP exporter would send a double and Langfuse
 * would drop the generation). Each layer is checked on its own, so a regression in one is
 * not hidden by the other.
 */
import type { Attributes } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { applyTraceAttributes } from '../../src/context/trace-attributes.js';
import { type Observation } from '../../src/index.js';
import { normalize, toLangfuseAttributes, toLangfuseIngestionEvent } from '../../src/internal.js';
import { asVersion } from '../../src/readers/lamplight-reader.js';
import { makeSpan } from '../span-factory.js';

/** A span whose attributes were written past the SDK's validation (which refuses BigInt). */
const rawSpan = (attributes: Record<string, unknown>) => makeSpan(attributes as Attributes);

describe('hazard: BigInt attribute values', () => {
  const cases: Array<[string, Record<string, unknown>, (o: Observation) => unknown, unknown]> = [
    ['gen_ai request parameter', { 'gen_ai.request.model': 'm', 'gen_ai.request.temperature': 1n }, (o) => o.modelParameters?.temperature, '1'],
    ['gen_ai parameter array', { 'gen_ai.request.model': 'm', 'gen_ai.request.stop_sequences': [1n] }, (o) => o.modelParameters?.stop, '["1n"]'],
    ['AI SDK setting', { 'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.id': 'm', 'ai.settings.maxOutputTokens': 100n }, (o) => o.modelParameters?.max_tokens, '100'],
    ['AI SDK metadata', { 'ai.operationId': 'ai.generateText', 'ai.telemetry.metadata.budget': 10n }, (o) => o.metadata?.budget, '10'],
    ['AI SDK context', { 'ai.operationId': 'ai.generateText', 'ai.settings.context.tenant': [10n] }, (o) => o.metadata?.tenant, '["10n"]'],
    ['prefixed metadata array', { 'gen_ai.request.model': 'm', 'lamplight.trace.metadata.n': [2n] }, (o) => o.traceMetadata?.n, '["2n"]'],
    ['model parameters object', { 'lamplight.observation.kind': 'generation', 'lamplight.observation.model_parameters': { seed: 7n } }, (o) => o.modelParameters?.seed, '7'],
  ];

  it.each(cases)('%s: normalize keeps the span and renders the value as text', (_what, attributes, pick, expected) => {
    let observation: Observation | undefined;
    expect(() => (observation = normalize(rawSpan(attributes)))).not.toThrow();
    expect(pick(observation as Observation)).toBe(expected);
  });

  it('a cycle in a raw metadata value is rendered bounded, not thrown', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    const observation = normalize(rawSpan({ 'gen_ai.request.model': 'm', 'langfuse.observation.metadata.c': cycle }));
    expect(observation.metadata?.c).toBe('{"a":1,"self":"[Circular]"}');
  });
});

describe('hazard: prompt versions beyond 2^53', () => {
  const UNSAFE = [2 ** 53, 2 ** 63, 1e21];

  it('readers leave the version out', () => {
    for (const version of UNSAFE) {
      expect(asVersion(version)).toBeUndefined();
      for (const [name, key] of [
        ['lamplight.observation.prompt.name', 'lamplight.observation.prompt.version'],
        ['langfuse.observation.prompt.name', 'langfuse.observation.prompt.version'],
        ['traceloop.prompt.key', 'traceloop.prompt.version'],
      ] as const) {
        const observation = normalize(makeSpan({ 'gen_ai.request.model': 'm', [name]: 'welcome', [key]: version }));
        expect({ key, prompt: observation.prompt }).toEqual({ key, prompt: { name: 'welcome', version: undefined } });
      }
    }
    expect(asVersion(2 ** 53 - 1)).toBe(2 ** 53 - 1);
  });

  it('renderers leave the version out even when an observation carries one', () => {
    const base = normalize(makeSpan({ 'gen_ai.request.model': 'm' }));
    for (const version of UNSAFE) {
      const observation: Observation = { ...base, kind: 'generation', prompt: { name: 'welcome', version } };
      const attributes = toLangfuseAttributes(observation);
      expect(attributes['langfuse.observation.prompt.name']).toBe('welcome');
      expect(attributes).not.toHaveProperty(['langfuse.observation.prompt.version']);
      expect(toLangfuseIngestionEvent(observation).body).not.toHaveProperty('promptVersion');
    }
  });

  it('trace attributes leave the version out', () => {
    const written: Record<string, unknown> = {};
    const span = { setAttribute: (k: string, v: unknown) => void (written[k] = v) };
    applyTraceAttributes(span as never, { prompt: { name: 'welcome', version: 2 ** 63 } });
    expect(written['lamplight.observation.prompt.name']).toBe('welcome');
    expect(written).not.toHaveProperty(['lamplight.observation.prompt.version']);
  });
});

describe('hazard: attribute text that names an Object.prototype member', () => {
  const NAMES = ['valueOf', 'constructor', '__proto__', 'toString', 'hasOwnProperty'];
  /** Every place a reader looks a name from an attribute up in a table of its own. */
  const spans = (name: string): Array<[string, Record<string, unknown>]> => [
    ['gen_ai.operation.name', { 'gen_ai.operation.name': name, 'gen_ai.request.model': 'm' }],
    ['deprecated gen_ai.operation.name', { 'gen_ai.operation.name': name, 'gen_ai.system': 'openai' }],
    ['llm.request.type', { 'llm.request.type': name }],
    ['traceloop.span.kind', { 'traceloop.span.kind': name }],
    ['openinference.span.kind', { 'openinference.span.kind': name }],
    ['provider name', { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': name }],
    ['association property', { 'llm.request.type': 'chat', [`traceloop.association.properties.${name}`]: 'x' }],
    ['AI SDK setting', { 'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.id': 'm', [`ai.settings.${name}`]: 1 }],
    ['AI SDK metadata name', { 'ai.operationId': 'ai.generateText', [`ai.telemetry.metadata.${name}`]: 'x' }],
  ];

  /** True when a function or a non-plain object hides anywhere in `value`. */
  const holdsFunction = (value: unknown, seen = new Set<unknown>()): boolean => {
    if (typeof value === 'function') return true;
    if (value === null || typeof value !== 'object' || seen.has(value)) return false;
    seen.add(value);
    return Object.values(value).some((v) => holdsFunction(v, seen));
  };

  it.each(NAMES)('"%s": no reader puts a prototype member into the observation or its attributes', (name) => {
    for (const [where, attributes] of spans(name)) {
      const observation = normalize(rawSpan(attributes));
      expect(holdsFunction(observation), `${where}: observation`).toBe(false);
      expect(['span', 'generation', 'embedding', 'agent', 'tool', 'chain', 'retriever', 'event', 'guardrail', 'evaluator']).toContain(observation.kind);
      const rendered = toLangfuseAttributes(structuredClone(observation));
      for (const [key, value] of Object.entries(rendered)) {
        expect(['string', 'number', 'boolean'].includes(typeof value) || Array.isArray(value), `${where}: ${key}`).toBe(true);
      }
    }
  });
});
