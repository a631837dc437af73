/**
 * Property-based bad input through the manual API (`startObservation`, `observe`,
 * `update()`), end to end to both receivers. The values are the ones DESIGN §6 rule 4 names —
 * circular objects, BigInt, Map/Set, Buffers and typed arrays, class instances, throwing
 * getters and `toJSON`, Proxies that throw on every trap, revoked Proxies, invalid Dates,
 * symbols, functions, lone surrogates, NaN — in every field, typed or not. Properties:
 * no call throws into user code; `update()` returns its observation; `observe` returns the
 * very value (or promise) `fn` returned and rethrows the very error it threw; every request
 * both receivers get is contract-valid and accepted; every observation reaches both.
 */
import type { ObservationOptions, ObservationUpdate, LamplightObservation } from '@lamplight/core';
import { observe, startObservation } from '@lamplight/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBadInputPipeline, type BadInputPipeline } from './bad-input-harness.js';
import { key } from './fault-harness.js';
import { build, countingArray, countWrites, fields, planArb, returnable, revokedProxy, throwingProxy, timeOf } from './bad-input-values.js';

const SEED = Number(process.env.FC_SEED ?? 0x5eed);
const RUNS = Number(process.env.FC_RUNS ?? 60);

let pipeline: BadInputPipeline;
beforeAll(async () => {
  pipeline = await startBadInputPipeline();
});
afterAll(async () => {
  await pipeline.close();
});

const idOf = (o: LamplightObservation): string => key(o.traceId, o.id);

describe('bad input: the manual API through the whole pipeline to both receivers', () => {
  it('startObservation / update / end never throw, and every observation arrives valid at both receivers', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, async (plan) => {
        const keys: string[] = [];
        let observation: LamplightObservation | undefined;
        expect(() => {
          observation = startObservation(plan.name, {
            kind: plan.kind,
            captureContent: plan.captureContent,
            startTime: timeOf(plan.startTime),
            ...fields(plan.start),
          } as ObservationOptions);
        }).not.toThrow();
        const o = observation as LamplightObservation;
        keys.push(idOf(o));
        for (const u of plan.updates) {
          let returned: unknown;
          expect(() => (returned = o.update(fields([u]) as ObservationUpdate))).not.toThrow();
          expect(returned).toBe(o);
        }
        if (plan.child) {
          const child = o.startObservation('child', fields(plan.child) as ObservationOptions);
          keys.push(idOf(child));
          expect(() => child.update(fields(plan.child ?? []) as ObservationUpdate).end()).not.toThrow();
        }
        expect(() => o.recordError(build(plan.result))).not.toThrow();
        expect(() => o.end(timeOf(plan.endTime))).not.toThrow();
        expect(() => o.end()).not.toThrow(); // a second end is ignored
        await pipeline.checkDelivery(keys, expect);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('observe returns exactly what fn returned and rethrows exactly what it threw, sync and async', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, async (plan) => {
        const keys: string[] = [];
        const value = build(returnable(plan.outcome, plan.result));
        const fn = (o: LamplightObservation): unknown => {
          keys.push(idOf(o));
          for (const u of plan.updates) expect(o.update(fields([u]) as ObservationUpdate)).toBe(o);
          if (plan.child) {
            const child = o.startObservation('child', fields(plan.child) as ObservationOptions);
            keys.push(idOf(child));
            child.end();
          }
          switch (plan.outcome) {
            case 'return':
              return value;
            case 'throw':
              throw value;
            case 'resolve':
              return userPromise;
            case 'reject':
              return userPromise;
          }
        };
        // Built before observe so its identity can be compared; settles with `value` itself.
        const userPromise =
          plan.outcome === 'resolve' ? new Promise((resolve) => setImmediate(() => resolve(value))) : new Promise((_, reject) => setImmediate(() => reject(value)));
        if (plan.outcome !== 'reject') userPromise.catch(() => undefined);
        const options = { kind: plan.kind, captureContent: plan.captureContent, ...fields(plan.start) } as ObservationOptions;

        if (plan.outcome === 'throw') {
          let caught: unknown = 'nothing thrown';
          try {
            observe(plan.name, options, fn);
          } catch (error) {
            caught = error;
          }
          expect(Object.is(caught, value)).toBe(true);
        } else {
          let returned: unknown;
          expect(() => (returned = observe(plan.name, options, fn))).not.toThrow();
          if (plan.outcome === 'return') expect(Object.is(returned, value)).toBe(true);
          else {
            expect(returned).toBe(userPromise);
            const settled = await (returned as Promise<unknown>).then(
              (v) => ({ ok: true, v }),
              (e: unknown) => ({ ok: false, v: e }),
            );
            expect(settled.ok).toBe(plan.outcome === 'resolve');
            expect(Object.is(settled.v, value)).toBe(true);
            await new Promise((resolve) => setImmediate(resolve)); // observe ends the span after settlement
          }
        }
        await pipeline.checkDelivery(keys, expect);
      }),
      { numRuns: RUNS, seed: SEED + 1 },
    );
  });

  /**
   * Regression (`observe` read `then` outside any try: a Proxy whose traps throw, a revoked
   * Proxy or a throwing `then` getter threw into the caller and leaked the span). Now only
   * a native promise — checked by its internal slot, no property read — is awaited.
   */
  it('observe returns a Proxy (or any value whose `then` throws) unchanged', () => {
    const throwingThen = Object.defineProperty({}, 'then', {
      get() {
        throw new Error('then getter');
      },
    });
    for (const value of [throwingProxy(), revokedProxy(), throwingThen]) {
      let returned: unknown;
      expect(() => (returned = observe('returns a proxy', {}, () => value))).not.toThrow();
      expect(Object.is(returned, value)).toBe(true);
    }
  });

  /**
   * Regression (`observe` called `then` on any thenable; a lazy one — a Knex query builder,
   * a Mongoose Query — ran twice). Now only native promises are awaited; any other value,
   * thenable or not, comes back untouched and the observation ends when `fn` returns.
   */
  it('observe does not call `then` on a lazy thenable it returns (the caller runs it once)', async () => {
    let runs = 0;
    const query = {
      then<T>(resolve: (v: string) => T, reject?: (e: unknown) => T): Promise<T> {
        runs++;
        return Promise.resolve('rows').then(resolve, reject);
      },
    };
    const returned = observe('db query', { kind: 'retriever' }, () => query);
    expect(returned).toBe(query);
    expect(await returned).toBe('rows');
    expect(runs).toBe(1);
  });

  /**
   * Regression (`recordError` used `String(error)`, which walks every element of an array:
   * a sparse array of length 2^32-2 hung the app; here a Proxy counts the reads of a
   * 10^6-long one). Now bounded `safeStringify`.
   */
  it('recording a thrown non-Error does bounded work', () => {
    const { proxy, reads } = countingArray(1_000_000);
    let caught: unknown;
    try {
      observe('throws an array', {}, () => {
        throw proxy;
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(proxy);
    expect(reads()).toBeLessThanOrEqual(10_000);
  });

  /**
   * Regression (`writeFields` handed `model`, `provider`, `level`, `statusMessage`,
   * `prompt.*` and `completionStartTime` to `span.setAttribute` unchecked; the SDK walks an
   * array element by element, so a huge or sparse array hung `update()`). Now each field is
   * type-checked first and strings are cut to a budget.
   */
  it('update() does bounded work on a huge array passed as a string field', () => {
    for (const field of ['model', 'provider', 'level', 'statusMessage', 'completionStartTime', 'prompt.name', 'prompt.version'] as const) {
      const { proxy, reads } = countingArray(1_000_000);
      const o = startObservation('odd field', { kind: 'generation' });
      const update = field.startsWith('prompt.') ? { prompt: { name: 'p', version: 1, [field.slice(7)]: proxy } } : { [field]: proxy };
      expect(o.update(update as unknown as ObservationUpdate)).toBe(o);
      o.end();
      expect({ field, reads: reads() }).toEqual({ field, reads: 0 });
    }
  });

  it('update() writes only checked values: strings cut to a budget, known levels, safe-integer prompt versions', () => {
    const o = startObservation('checked fields', { kind: 'generation' });
    const attributes = (o.span as unknown as { attributes: Record<string, unknown> }).attributes;
    o.update({ model: 'm'.repeat(100_000), statusMessage: 's'.repeat(100_000), level: 'warning' as never, prompt: { name: 'p', version: 2 ** 63 } });
    expect((attributes['lamplight.observation.model'] as string).length).toBeLessThanOrEqual(1_024);
    expect(attributes['lamplight.observation.model']).toMatch(/truncated/);
    expect((attributes['lamplight.observation.status_message'] as string).length).toBeLessThanOrEqual(32_768);
    expect(attributes['lamplight.observation.level']).toBe('WARN');
    expect(attributes['lamplight.observation.prompt.name']).toBe('p');
    expect(attributes).not.toHaveProperty(['lamplight.observation.prompt.version']);
    o.update({ level: 'LOUD' as never, model: 42 as never, usage: { inputTokens: 3, bogus: 9 } as never });
    expect(attributes['lamplight.observation.level']).toBe('WARN');
    expect(attributes['lamplight.observation.model']).toMatch(/^m+…/);
    expect(attributes['lamplight.usage.inputTokens']).toBe(3);
    expect(attributes).not.toHaveProperty(['lamplight.usage.bogus']);
    o.end();
  });

  /**
   * Regression (`usage`, `cost` and `metadata` were walked with `Object.entries`, one
   * `setAttribute` per entry: a 2 MB string as metadata blocked `update()` for seconds).
   * Now only plain objects are walked: usage and cost by their known keys, metadata up to
   * 64 entries.
   */
  it('update() makes a bounded number of attribute writes for usage, cost and metadata', () => {
    for (const [field, value] of [
      ['metadata', 'x'.repeat(100_000)],
      ['usage', Buffer.alloc(100_000, 1)],
      ['cost', Array.from({ length: 100_000 }, () => 1)],
      ['metadata', Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]))],
    ] as const) {
      const o = startObservation('wide update', { kind: 'generation' });
      const writes = countWrites(o);
      o.update({ [field]: value } as unknown as ObservationUpdate);
      o.end();
      expect({ field, bounded: writes() <= 200 }).toEqual({ field, bounded: true });
    }
    const o = startObservation('wide metadata', { kind: 'generation' });
    o.update({ metadata: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i])) });
    const written = Object.keys((o.span as unknown as { attributes: Record<string, unknown> }).attributes).filter((k) => k.includes('.metadata.'));
    expect(written).toHaveLength(64);
    o.end();
  });

  /**
   * Regression (an invalid Date or NaN/Infinity as `startTime` or `end(time)` went to the SDK
   * as is: Foglamp dropped the span as `render-error`, Langfuse dated it 1970). Now
   * `toEpochMs` gives undefined (= now) for anything but a finite number or a valid Date.
   */
  it('an invalid Date or NaN as a time still delivers the observation to both receivers', async () => {
    await pipeline.settle();
    const keys: string[] = [];
    for (const [start, end] of [
      [new Date(Number.NaN), undefined],
      [undefined, new Date(Number.NaN)],
      [Number.NaN, Infinity],
    ] as const) {
      const o = startObservation('bad time', { kind: 'generation', startTime: start });
      keys.push(idOf(o));
      o.end(end);
    }
    await pipeline.checkDelivery(keys, expect);
  });

  /**
   * Regression (a start time in nanoseconds, an easy unit slip, was rendered as is and
   * Foglamp refused the request). Now the manual API treats a time beyond the Date range
   * (|t| > 8.64e15 ms) as "now", and `toFoglampSpan` refuses one (a counted render error,
   * never a request) — see packages/core/test/foglamp-render.test.ts.
   */
  it('a start time in nanoseconds never produces a contract-invalid Foglamp request', async () => {
    await pipeline.settle();
    const o = startObservation('unit slip', { kind: 'generation', startTime: Date.now() * 1e6 });
    o.end();
    await pipeline.checkDelivery([idOf(o)], expect);
  });
});
