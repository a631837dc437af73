import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Generation } from '../src/generation.js';
import { resolveTracingOptions } from '../src/options.js';
import { callSlot, wrapHelper } from '../src/patch/call-slot.js';
import { helperName } from '../src/patch/helper-name.js';
import { hookApiPromise } from '../src/patch/hook-api-promise.js';
import { hookStream } from '../src/stream/hook-stream.js';
import { isUsageOnlyChunk } from '../src/stream/stream-tracker.js';

/** A span double recording what a generation does to it. */
function fakeSpan() {
  const calls: string[] = [];
  const attributes: Record<string, unknown> = {};
  const span = {
    setAttribute: (k: string, v: unknown) => ((attributes[k] = v), span),
    setAttributes: (a: Record<string, unknown>) => (Object.assign(attributes, a), span),
    setStatus: (s: { code: SpanStatusCode; message?: string }) => (calls.push(`status:${s.code}:${s.message}`), span),
    recordException: () => calls.push('exception'),
    end: () => calls.push('end'),
  };
  return { span: span as unknown as Span, calls, attributes };
}

describe('Generation', () => {
  it('ends exactly once whichever path comes first', () => {
    const { span, calls, attributes } = fakeSpan();
    const g = new Generation(span);
    g.interrupt('aborted', { a: 1 });
    g.succeed({ b: 2 });
    g.fail(new Error('late'));
    expect(calls).toEqual(['end']);
    expect(attributes).toEqual({ a: 1, 'lamplight.observation.level': 'WARN', 'lamplight.observation.status_message': 'aborted' });
  });

  it('records an SDK-like error with status, HTTP status and error.type', () => {
    class BadRequestError extends Error {
      status = 400;
    }
    const { span, calls, attributes } = fakeSpan();
    new Generation(span).fail(new BadRequestError('400 bad'));
    expect(calls).toEqual(['exception', 'status:2:400 bad', 'end']);
    expect(attributes).toMatchObject({ 'error.type': 'BadRequestError', 'http.response.status_code': 400 });
  });

  it('treats a user abort as WARN aborted', () => {
    class APIUserAbortError extends Error {}
    const { span, attributes } = fakeSpan();
    new Generation(span).fail(new APIUserAbortError('Request was aborted.'));
    expect(attributes['lamplight.observation.status_message']).toBe('aborted');
  });

  it('the unconsumed timer ends the generation as not consumed unless disarmed', async () => {
    const first = fakeSpan();
    new Generation(first.span).armUnconsumedTimer(5, () => ({ partial: true }));
    const second = fakeSpan();
    const g = new Generation(second.span);
    g.armUnconsumedTimer(5, () => ({}));
    g.disarm();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(first.attributes).toMatchObject({ partial: true, 'lamplight.observation.status_message': 'not consumed' });
    expect(second.calls).toEqual([]);
  });
});

describe('the unconsumed timer is lazy', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('arming and disarming through a call sets one timer, and the end clears it', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { span, calls } = fakeSpan();
    const g = new Generation(span);
    // A non-streamed call: returned (armed), awaited (disarmed), response in (armed), parsed (disarmed).
    g.armUnconsumedTimer(1000, () => ({}));
    g.disarm();
    g.armUnconsumedTimer(1000, () => ({}));
    g.disarm();
    expect(vi.getTimerCount()).toBe(1);
    g.succeed({});
    expect(vi.getTimerCount()).toBe(0);
    expect(calls).toEqual(['end']);
  });

  it('re-arming restarts the stretch: the generation ends a full timeout after the last arm', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { span, attributes } = fakeSpan();
    const g = new Generation(span);
    g.armUnconsumedTimer(100, () => ({ first: true }));
    vi.advanceTimersByTime(60);
    g.disarm();
    g.armUnconsumedTimer(100, () => ({ second: true }));
    vi.advanceTimersByTime(60); // 120 ms after the first arm, 60 after the second
    expect(g.isEnded).toBe(false);
    vi.advanceTimersByTime(39);
    expect(g.isEnded).toBe(false);
    vi.advanceTimersByTime(2);
    expect(g.isEnded).toBe(true);
    expect(attributes).toMatchObject({ second: true, 'lamplight.observation.status_message': 'not consumed' });
    expect(attributes).not.toHaveProperty('first');
  });

  it('a disarmed generation outlives its pending timer; a shorter timeout replaces a later timer', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const disarmed = new Generation(fakeSpan().span);
    disarmed.armUnconsumedTimer(50, () => ({}));
    disarmed.disarm();
    vi.advanceTimersByTime(500);
    expect(disarmed.isEnded).toBe(false);
    const shorter = new Generation(fakeSpan().span);
    shorter.armUnconsumedTimer(10_000, () => ({}));
    shorter.armUnconsumedTimer(20, () => ({}));
    vi.advanceTimersByTime(21);
    expect(shorter.isEnded).toBe(true);
  });
});

describe('shape checks fall back to leaving the SDK object alone', () => {
  it('hookApiPromise refuses a plain promise and hookStream a non-stream', () => {
    const plain = Promise.resolve(1);
    const noop = { onConsumer() {}, onResponse() {}, onError() {}, onParsed() {} };
    expect(hookApiPromise(plain, noop)).toBe(false);
    expect(Object.getOwnPropertyNames(plain)).toEqual([]);
    const notAStream = { [Symbol.asyncIterator]: async function* () {} };
    const { span } = fakeSpan();
    const options = { generation: new Generation(span), accumulator: { finished: true, add() {}, carriesContent: () => true, failure: () => undefined, attributes: () => ({}) }, hideUsageChunk: false, unconsumedTimeoutMs: 1000 };
    expect(hookStream(notAStream, options)).toBe(false);
  });

  it('recognises only the usage-only chunk', () => {
    expect(isUsageOnlyChunk({ choices: [], usage: { total_tokens: 1 } })).toBe(true);
    expect(isUsageOnlyChunk({ choices: [], usage: null })).toBe(false);
    expect(isUsageOnlyChunk({ choices: [{}], usage: { total_tokens: 1 } })).toBe(false);
  });
});

describe('helper names and the call slot', () => {
  it('names helpers from the sync slot, 7.x metadata or the 5.x/6.x header', () => {
    expect(helperName('chat.completions', { __metadata: { helperMethod: 'runTools' } })).toBe('chat.completions.runTools');
    expect(helperName('chat.completions', { headers: { 'X-Stainless-Helper-Method': 'chat.completions.parse' } })).toBe('chat.completions.parse');
    expect(helperName('responses', { headers: new Headers({ 'x-stainless-helper-method': 'stream' }) })).toBe('responses.stream');
    expect(helperName('responses', undefined)).toBeUndefined();
    const helper = wrapHelper('responses.parse', () => helperName('responses', undefined));
    expect(helper()).toBe('responses.parse');
    expect(callSlot.helper).toBeUndefined();
  });

  it('the slot lives on globalThis so every copy of the package shares one guard', () => {
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('@lamplight/openai/call-slot')]).toBe(callSlot);
  });
});

describe('options', () => {
  it('applies defaults and names a bad option', () => {
    expect(resolveTracingOptions(undefined, 'x')).toEqual({ captureContent: true, includeStreamUsage: undefined, unconsumedTimeoutMs: 300_000, maxContentBytes: 1_048_576 });
    expect(() => resolveTracingOptions({ maxContentBytes: 0 }, 'observeOpenAI')).toThrow('observeOpenAI: option "maxContentBytes" must be a positive number');
    expect(() => resolveTracingOptions({ includeStreamUsage: 1 as unknown as boolean }, 'x')).toThrow(/includeStreamUsage/);
  });
});
