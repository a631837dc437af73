import { SpanStatusCode } from '@opentelemetry/api';
import { observe, withTraceAttributes } from '@lamplight/core';
import { lamplightTelemetry } from '@lamplight/ai-sdk';
import { observeOpenAI } from '@lamplight/openai';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAI } from '../packages/openai/test/sdk.js';
import { ai7 as ai, createOpenAI } from './ai-sdk-harness.js';
import { normalCorpus, secretCorpus } from './fixtures/secret-corpus.mjs';
import { startPrivacyPipeline, type PrivacyPipeline } from './privacy-harness.js';

/**
 * The generated secret corpus (every family the scrubber covers, never real credentials)
 * through the OpenAI wrapper, the AI SDK path and a foreign span — in prompts, completions,
 * names, metadata keys and values, tags, ids, forwarded attributes, events, exception
 * messages and status messages — to both receivers: zero secrets in what they decoded.
 */
const corpus = secretCorpus();
const everything = corpus.map((c) => c.text).join('\n');

let p: PrivacyPipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
  (globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown[] }).AI_SDK_TELEMETRY_INTEGRATIONS = undefined;
});

/** The families whose secret reached a receiver, with where. */
function leaks(text: string): string[] {
  return corpus.filter((c) => text.includes(c.secret)).map((c) => `${c.family}: …${text.slice(Math.max(0, text.indexOf(c.secret) - 60), text.indexOf(c.secret) + 20)}`);
}

describe('secret corpus end to end: zero hits at both receivers', () => {
  it(`OpenAI wrapper, AI SDK and a foreign span carrying ${corpus.length} generated secrets`, async () => {
    p = await startPrivacyPipeline();
    const pipeline = p;
    const aws = corpus.find((c) => c.family === 'aws-access-key')!.value;
    const github = corpus.find((c) => c.family === 'github-token')!.value;
    const jwt = corpus.find((c) => c.family === 'jwt')!.value;
    let spans = 0;
    await withTraceAttributes(
      { userId: `user ${aws}`, sessionId: `session-${github}`, tags: [`tag ${jwt}`, 'plain'], metadata: { note: everything.slice(0, 1_500), [`k-${github}`]: 'v' }, traceName: `trace ${aws}` },
      async () => {
        // The OpenAI wrapper: the fake server echoes the prompt, so the completion carries it too.
        const openai = observeOpenAI(new OpenAI({ baseURL: pipeline.fake.baseURL, apiKey: pipeline.fake.apiKey, maxRetries: 0 }));
        for (const c of corpus) {
          await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: `config: ${c.text}` }, { role: 'user', content: c.text }] });
          spans++;
        }
        // The AI SDK path.
        ai.registerTelemetry(lamplightTelemetry());
        const model = createOpenAI({ baseURL: pipeline.fake.baseURL, apiKey: pipeline.fake.apiKey }).chat('gpt-4o-mini');
        await ai.generateText({ model, system: everything.slice(0, 2_000), prompt: everything });
        spans += 3; // agent → step → generation
        // A foreign span from some other library, and a manual observation.
        const span = pipeline.tracer.startSpan(`call ${github}`, {
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': `model-${aws}`,
            'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: everything }] }]),
            'acme.request.body': everything,
            'acme.request.url': corpus.find((c) => c.family === 'url-password')!.text,
            [`acme.${github}`]: 'key named after a token',
          },
        });
        span.addEvent(`retry ${jwt}`, { 'acme.detail': everything.slice(0, 3_000) });
        span.recordException(new Error(`upstream refused ${corpus.map((c) => c.text).join(' ').slice(0, 6_000)}`));
        span.setStatus({ code: SpanStatusCode.ERROR, message: `failed with ${github}` });
        span.end();
        spans++;
        observe(`manual ${aws}`, { kind: 'tool', input: everything, metadata: { [`token-${github}`]: jwt } }, (o) => o.update({ output: everything, statusMessage: `done ${jwt}` }));
        spans++;
      },
    );
    await p.flush(spans);
    const text = p.payloadText();
    expect(text.langfuse.length).toBeGreaterThan(everything.length);
    expect(leaks(text.langfuse)).toEqual([]);
    expect(leaks(text.foglamp)).toEqual([]);
    expect(p.langfuse.violations()).toEqual([]);
    expect(p.foglamp.violations()).toEqual([]);
    // The replacements say what was removed.
    expect(text.langfuse).toContain('<secret:github-token>');
    expect(text.foglamp).toContain('<secret:private-key>');
    expect(Object.values(p.privacyStats().secrets).reduce((a, b) => a + b, 0)).toBeGreaterThan(corpus.length);
  });

  it('ordinary text arrives untouched (false positives on the normal corpus: 0)', async () => {
    p = await startPrivacyPipeline();
    const normal = normalCorpus();
    observe('prose', { kind: 'generation', model: 'gpt-4o', input: normal }, (o) => o.update({ output: normal.join('\n') }));
    await p.flush(1);
    const span = p.langfuse.spans()[0]!;
    expect(JSON.parse(String(span.attributes['langfuse.observation.input']))).toEqual(normal);
    expect(p.foglamp.spans()[0]!.output).toBe(normal.join('\n'));
    expect(p.privacyStats().secrets).toEqual({});
  });
});
