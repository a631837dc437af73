import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { normalize, prepareObservation, prepareObservationSliced, privacyStatsFor, SecretScrubber, TimeSlicer, toLangfuseSpan } from '../../src/internal.js';
import { secretCorpus } from '../../../../test/fixtures/secret-corpus.mjs';
import { makeSpan } from '../span-factory.js';

const options = (extra: Record<string, unknown> = {}) => ({ captureContent: false, maxFieldBytes: 1_048_576, ...extra });

describe('privacy gate', () => {
  it('capture off forwards allow-listed keys only; the user extends the list by key or prefix', () => {
    const span = makeSpan({ 'gen_ai.request.model': 'gpt-4o', 'acme.retry.count': 2, 'acme.region': 'eu', 'acme.body': 'private' }, { name: 'chat' });
    const opts = options({ allowAttributes: ['acme.retry.*', 'acme.region'] });
    const view = toLangfuseSpan(span, prepareObservation(normalize(span), opts));
    expect(view.attributes).toMatchObject({ 'gen_ai.request.model': 'gpt-4o', 'acme.retry.count': 2, 'acme.region': 'eu' });
    expect(view.attributes['acme.body']).toBeUndefined();
    expect(privacyStatsFor(opts).dropped['attribute-denied']).toBe(1);
  });

  it('capture off keeps exception type but drops its message and stack from events (the status message stays, scrubbed)', () => {
    const key = ['gh', 'p_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('');
    const span = makeSpan({}, {
      name: 'call',
      status: { code: SpanStatusCode.ERROR, message: `refused ${key}` },
      events: [{ name: 'exception', time: [1, 0], attributes: { 'exception.type': 'Error', 'exception.message': 'private prompt text', 'exception.stacktrace': 'at private' } }],
    });
    const view = toLangfuseSpan(span, prepareObservation(normalize(span), options()));
    expect(view.events[0]?.attributes).toEqual({ 'exception.type': 'Error' });
    expect(view.status.message).toBe('refused <secret:github-token>');
  });

  it('the sliced preparation gives the same observation as the synchronous one', async () => {
    const text = secretCorpus()
      .map((c) => c.text)
      .join('\n')
      .repeat(20);
    const attributes = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm', 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: text }] }]) };
    const opts = options({ captureContent: true });
    const sync = prepareObservation(normalize(makeSpan(attributes, { name: 's' })), opts);
    const sliced = await prepareObservationSliced(normalize(makeSpan(attributes, { name: 's' })), opts, true, new TimeSlicer(0));
    expect(sliced.input).toEqual(sync.input);
    for (const c of secretCorpus()) expect(JSON.stringify(sync.input)).not.toContain(c.secret);
  });

  it('given the span, the sliced preparation pre-scrubs long forwarded values; the view is the same as the synchronous one', async () => {
    const corpus = secretCorpus();
    const long = corpus.map((c) => c.text).join('\n').repeat(10);
    const attributes = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm', 'acme.log': long };
    const events = [{ name: 'acme.dump', time: [1, 0] as [number, number], attributes: { detail: long } }];
    const opts = options({ captureContent: true });
    const span = makeSpan(attributes, { name: 's', events });
    const sliced = toLangfuseSpan(span, await prepareObservationSliced(normalize(span), opts, true, new TimeSlicer(0), span));
    const sync = toLangfuseSpan(span, prepareObservation(normalize(span), opts));
    expect(sliced.attributes).toEqual(sync.attributes);
    expect(sliced.events).toEqual(sync.events);
    const text = JSON.stringify([sliced.attributes, sliced.events]);
    for (const c of corpus) expect(text).not.toContain(c.secret);
  });

  it('finds a keyword that starts inside another one (no skipped overlap)', () => {
    const pem = secretCorpus().find((c) => c.family === 'private-key')!;
    expect(new SecretScrubber().scrub(`sk${pem.value}`)).not.toContain(pem.secret);
  });

  it('a secret right at a chunk boundary is still found', () => {
    const aws = secretCorpus().find((c) => c.family === 'aws-access-key')!.value;
    for (const pad of [16_380, 16_384, 16_390, 32_760]) {
      const text = `${'a'.repeat(pad)} ${aws} ${'b'.repeat(40_000)}`;
      expect(new SecretScrubber().scrub(text)).not.toContain(aws);
      const lines = `${'line of text\n'.repeat(pad / 13)}Bearer ${aws}\n${'more text\n'.repeat(4_000)}`;
      expect(new SecretScrubber().scrub(lines)).not.toContain(aws);
    }
  });
});
