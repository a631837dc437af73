import { describe, expect, it } from 'vitest';
import { type ReadableSpanLike } from '../../src/index.js';
import { normalize, prepareObservation, toLangfuseAttributes, toFoglampSpan } from '../../src/internal.js';

function span(attributes: Record<string, string | number>): ReadableSpanLike {
  const ctx = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
  return {
    name: 'chat m',
    kind: 2,
    spanContext: () => ctx,
    startTime: [1_700_000_000, 0],
    endTime: [1_700_000_001, 0],
    status: { code: 0 },
    attributes,
    links: [],
    events: [],
    duration: [1, 0],
    ended: true,
    resource: { attributes: {} },
    instrumentationScope: { name: 'test' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

const messages = [{ role: 'user', parts: [{ type: 'text', content: 'hello "world" \u00e9' }] }];
// Source text with whitespace a re-serialisation would not reproduce: proves which path ran.
const sourceText = `[ ${JSON.stringify(messages[0])} ]`;
const base = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm', 'gen_ai.input.messages': sourceText };
const options = { captureContent: true, maxFieldBytes: 1_048_576 };

describe('JSON-text fast path', () => {
  it('sends JSON text content as its source text when it fits and holds no secret', () => {
    const obs = prepareObservation(normalize(span(base)), options);
    expect(obs.input).toEqual(messages);
    expect(toLangfuseAttributes(obs)['langfuse.observation.input']).toBe(sourceText);
    expect(toFoglampSpan(obs).input).toBe(sourceText);
  });

  it('scrubs the source text when it holds a secret (and the result still parses)', () => {
    const secret = `sk-${'a1B2'.repeat(10)}`;
    const withSecret = [{ role: 'user', parts: [{ type: 'text', content: `key ${secret}` }] }];
    const obs = prepareObservation(normalize(span({ ...base, 'gen_ai.input.messages': JSON.stringify(withSecret) })), options);
    const rendered = toLangfuseAttributes(obs)['langfuse.observation.input'] as string;
    expect(rendered).not.toContain(secret);
    expect((JSON.parse(rendered) as Array<{ parts: Array<{ content: unknown }> }>)[0]!.parts[0]!.content).toBe('key <secret:openai-key>');
  });

  it('never sends the source text after a mask, even one that edits the value in place', () => {
    const obs = prepareObservation(normalize(span(base)), {
      ...options,
      mask: (value) => {
        if (Array.isArray(value)) (value[0] as { parts: Array<{ content: string }> }).parts[0]!.content = 'MASKED';
        return value;
      },
    });
    const rendered = toLangfuseAttributes(obs)['langfuse.observation.input'] as string;
    expect(rendered).toContain('MASKED');
    expect(rendered).not.toContain('world');
  });

  it('cuts a text over the budget instead of sending it whole', () => {
    const big = [{ role: 'user', parts: [{ type: 'text', content: 'x'.repeat(10_000) }] }];
    const obs = prepareObservation(normalize(span({ ...base, 'gen_ai.input.messages': JSON.stringify(big) })), { ...options, maxFieldBytes: 2_000 });
    const rendered = toLangfuseAttributes(obs)['langfuse.observation.input'] as string;
    expect(rendered.length).toBeLessThan(2_600);
    expect(rendered).toMatch(/truncated \d+ bytes/);
  });

  it('splices folded system instructions into the source text, equal to a fresh serialisation', () => {
    const system = [{ type: 'text', content: 'be brief' }];
    const obs = prepareObservation(normalize(span({ ...base, 'gen_ai.system_instructions': JSON.stringify(system) })), options);
    const rendered = toLangfuseAttributes(obs)['langfuse.observation.input'] as string;
    expect(JSON.parse(rendered)).toEqual([{ role: 'system', parts: system }, ...messages]);
    expect(JSON.parse(rendered)).toEqual(obs.input);
  });
});
