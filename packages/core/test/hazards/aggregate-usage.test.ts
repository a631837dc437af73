import { describe, expect, it } from 'vitest';
import { type ReadableSpanLike } from '../../src/index.js';
import { normalize, prepareObservation, toLangfuseSpan } from '../../src/internal.js';
import { DEFAULT_PREPARE } from '../golden/golden-helpers.js';
import { fixtureSpans } from '../golden/fixture-spans.js';
import { makeSpan } from '../span-factory.js';

/** The spans of a captured fixture as the Langfuse exporter ships them (the span views). */
function shipped(path: string): ReadableSpanLike[] {
  return fixtureSpans(path).map((span) => toLangfuseSpan(span, prepareObservation(normalize(span), DEFAULT_PREPARE)));
}

function usageOf(span: ReadableSpanLike): Record<string, number> | undefined {
  const text = span.attributes['langfuse.observation.usage_details'];
  return typeof text === 'string' ? (JSON.parse(text) as Record<string, number>) : undefined;
}

/** Attribute keys from which Langfuse would derive usage by itself. */
const SOURCE_USAGE = /^(gen_ai\.usage\.|ai\.usage\.|llm\.token_count\.|llm\.usage\.)/;

describe('hazard: aggregate usage on outer AI SDK spans', () => {
  const cases = [
    { path: 'ai-sdk-v6/generate-text-tools.json', outerName: 'ai.generateText', input: 'ai.usage.inputTokens', output: 'ai.usage.outputTokens' },
    { path: 'ai-sdk-v7-legacy/generate-text-tools.json', outerName: 'ai.generateText', input: 'ai.usage.inputTokens', output: 'ai.usage.outputTokens' },
    { path: 'ai-sdk-v7-gen-ai/generate-text-tools.json', outerName: 'invoke_agent gpt-4o-mini', input: 'gen_ai.usage.input_tokens', output: 'gen_ai.usage.output_tokens' },
  ];
  for (const c of cases) {
    it(`${c.path}: usage only on the two model calls, and they add up to the outer aggregate`, () => {
      const spans = shipped(c.path);
      const withUsage = spans.filter((s) => usageOf(s) !== undefined);
      expect(withUsage.map((s) => s.attributes['langfuse.observation.type'])).toEqual(['generation', 'generation']);
      // nothing else carries usage Langfuse could read on its own
      for (const s of spans.filter((x) => !withUsage.includes(x))) {
        expect(Object.keys(s.attributes).filter((k) => SOURCE_USAGE.test(k) || k === 'langfuse.observation.usage_details')).toEqual([]);
      }
      const sum = { input: 0, output: 0, total: 0 };
      for (const s of withUsage) {
        const u = usageOf(s)!;
        sum.input += u.input! + (u.input_cached_tokens ?? 0) + (u.input_cache_creation ?? 0);
        sum.output += u.output! + (u.output_reasoning_tokens ?? 0);
        sum.total += u.total!;
      }
      const outerSource = fixtureSpans(c.path).find((s) => s.name === c.outerName)!;
      expect(sum.input).toBe(outerSource.attributes[c.input]);
      expect(sum.output).toBe(outerSource.attributes[c.output]);
      expect(sum.total).toBe((outerSource.attributes[c.input] as number) + (outerSource.attributes[c.output] as number));
      expect(sum).toEqual({ input: 282, output: 41, total: 323 });
    });
  }

  it('v5: the outer span carries only the last step (164), still never rendered', () => {
    const spans = shipped('ai-sdk-v5/generate-text-tools.json');
    expect(spans.filter((s) => usageOf(s) !== undefined)).toHaveLength(2);
    const outer = spans.find((s) => s.name === 'ai.generateText')!;
    expect(outer.attributes['langfuse.observation.type']).toBe('chain');
    expect(Object.keys(outer.attributes).filter((k) => k.startsWith('ai.usage.'))).toEqual([]);
  });

  it('embeddings count once: ai.embed (outer) vs ai.embed.doEmbed (inner), and v7 gen_ai', () => {
    for (const path of ['ai-sdk-v5/embed.json', 'ai-sdk-v6/embed.json', 'ai-sdk-v7-legacy/embed.json', 'ai-sdk-v7-gen-ai/embed.json']) {
      const observations = fixtureSpans(path).map((s) => normalize(s));
      const counted = observations.filter((o) => o.inputTokens !== undefined);
      expect(counted.map((o) => [o.kind, o.inputTokens])).toEqual([['embedding', 7]]);
    }
    const [inner, outer] = fixtureSpans('ai-sdk-v6/embed.json').map((s) => normalize(s));
    expect([inner!.name, inner!.kind, outer!.name, outer!.kind]).toEqual(['ai.embed.doEmbed', 'embedding', 'ai.embed', 'chain']);
  });

  it('OTel GenAI agent, step and tool spans never keep usage; explicit usage from our API does', () => {
    const usage = { 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 20 };
    for (const operation of ['invoke_agent', 'create_agent', 'agent_step', 'execute_tool']) {
      const obs = normalize(makeSpan({ 'gen_ai.operation.name': operation, 'gen_ai.request.model': 'm', ...usage }));
      expect([obs.inputTokens, obs.outputTokens, obs.totalTokens]).toEqual([undefined, undefined, undefined]);
    }
    const agent = normalize(makeSpan({ 'openinference.span.kind': 'AGENT', 'llm.token_count.prompt': 5, 'llm.cost.total': 0.1 }));
    expect([agent.inputTokens, agent.cost]).toEqual([undefined, undefined]);
    const explicit = normalize(makeSpan({ 'lamplight.observation.kind': 'agent', 'lamplight.usage.inputTokens': 7, ...usage }));
    expect([explicit.inputTokens, explicit.outputTokens, explicit.totalTokens]).toEqual([7, undefined, 7]);
  });

  it('a non-model observation ships no model key Langfuse could infer usage from', () => {
    const span = makeSpan({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 9 });
    const view = toLangfuseSpan(span, prepareObservation(normalize(span), DEFAULT_PREPARE));
    expect(view.attributes['gen_ai.request.model']).toBeUndefined();
    expect(view.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(view.attributes['langfuse.observation.metadata.model']).toBe('gpt-4o');
  });
});
