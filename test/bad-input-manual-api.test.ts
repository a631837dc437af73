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

const SEED = Number(process.env.FC_SEED ?? 0x5eed);
const RUNS = Number(process.env.FC_RUNS ?? 60);

class Secretive {
  #hidden = 'private field';
  visible = 1;
  get computed(): number {
    return this.visible + 1;
  }
  toString(): string {
    return `Secretive(${this.#hidden.length})`;
  }
}

/** Every trap throws. */
function throwingProxy(target: object = {}): object {
  const boom = (): never => {
    throw new Error('proxy trap');
  };
  return new Proxy(target, {
    get: boom,
    has: boom,
    ownKeys: boom,
    getOwnPropertyDescriptor: boom,
    getPrototypeOf: boom,
    set: boom,
    defineProperty: boom,
    deleteProperty: boom,
    apply: boom,
    construct: boom,
    isExtensible: boom,
    preventExtensions: boom,
    setPrototypeOf: boom,
  });
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/**
 * Hostile values by name (fresh on every call: some are stateful). Names keep fast-check's
 * counterexamples readable. None of these is a thenable — see the `observe` tests below.
 */
const HOSTILE: Record<string, () => unknown> = {
  circular: () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    a.list = [a, { back: a }];
    return a;
  },
  circularArray: () => {
    const list: unknown[] = [1];
    list.push(list, { list });
    return list;
  },
  bigint: () => 2n ** 70n,
  bigintInObject: () => ({ tokens: 12n, nested: [1n, -3n] }),
  map: () => new Map<unknown, unknown>([[{ k: 1 }, 'object key'], ['big', 5n], ['set', new Set([1, 'a', null])]]),
  set: () => new Set([1, 'two', { three: 3 }, 4n]),
  weakMap: () => new WeakMap([[{}, 1]]),
  buffer: () => Buffer.alloc(200_000, 7),
  uint8: () => new Uint8Array([1, 2, 3]),
  float64: () => new Float64Array([NaN, Infinity, -0]),
  arrayBuffer: () => new ArrayBuffer(64),
  dataView: () => new DataView(new ArrayBuffer(8)),
  classInstance: () => new Secretive(),
  throwingGetter: () =>
    Object.defineProperty({ ok: 1 }, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter boom');
      },
    }),
  throwingToJSON: () => ({
    toJSON() {
      throw new Error('toJSON boom');
    },
  }),
  selfToJSON: () => ({
    toJSON() {
      return this;
    },
  }),
  throwingPrimitive: () => ({
    toString() {
      throw new Error('toString boom');
    },
    valueOf() {
      throw new Error('valueOf boom');
    },
    [Symbol.toPrimitive]() {
      throw new Error('toPrimitive boom');
    },
  }),
  throwingProxy: () => throwingProxy(),
  throwingArrayProxy: () => throwingProxy([1, 2, 3]),
  revokedProxy: () => revokedProxy(),
  lyingArrayProxy: () => new Proxy([], { get: (_t, p) => (p === 'length' ? 1e12 : undefined) }),
  nullPrototype: () => Object.assign(Object.create(null) as object, { a: 1, b: 'x' }),
  errorWithCycle: () => {
    const error = new Error('outer \uD800');
    (error as Error & { cause?: unknown }).cause = error;
    return error;
  },
  aggregateError: () => new AggregateError([new TypeError('a'), 'b'], 'many'),
  invalidDate: () => new Date(Number.NaN),
  date: () => new Date(0),
  symbol: () => Symbol('sym'),
  fn: () => function named(): void {},
  asyncFn: () => async (): Promise<void> => {},
  generator: () =>
    (function* gen(): Generator<number> {
      yield 1;
    })(),
  deep: () => {
    let node: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 20_000; i++) node = { next: node };
    return node;
  },
  wide: () => Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i])),
  longArray: () => Array.from({ length: 100_000 }, (_, i) => i),
  sparseArray: () => {
    const a: unknown[] = [];
    a[2 ** 32 - 2] = 'last';
    return a;
  },
  huge: () => 'y'.repeat(2_000_000),
  loneSurrogates: () => '\uD800 start \uDFFF end \uDBFF',
  invalidJsonText: () => '{"role":"user","content":',
  nan: () => Number.NaN,
  infinity: () => -Infinity,
  negative: () => -42.5,
  hugeNumber: () => 1e308,
  negativeZero: () => -0,
  undefinedValue: () => undefined,
  nullValue: () => null,
  emptyString: () => '',
  secret: () => ({ apiKey: 'sk-proj-abcdefghijklmnopqrstuvwxyz0123', header: 'Bearer pk-lf-1234567890abcdef' }),
};
const NAMES = Object.keys(HOSTILE);
const build = (name: string): unknown => (HOSTILE[name] as () => unknown)();

const hostileName = fc.constantFrom(...NAMES);

/** Update fields, typed or not: the API gets whatever a JavaScript caller passes. */
const FIELDS = [
  'input', 'output', 'model', 'provider', 'modelParameters', 'usage', 'cost', 'level', 'statusMessage', 'metadata', 'prompt', 'completionStartTime',
] as const;
type Field = (typeof FIELDS)[number];

/** How a hostile value is placed in a field: as the field itself, or inside the shape the field expects. */
const SHAPES = ['as-is', 'inside'] as const;

function fieldValue(field: Field, name: string, shape: (typeof SHAPES)[number]): unknown {
  const value = build(name);
  if (shape === 'as-is') return value;
  switch (field) {
    case 'modelParameters':
      return { temperature: value, max_tokens: 5 };
    case 'usage':
      return { inputTokens: value, outputTokens: 3 };
    case 'cost':
      return { total: value };
    case 'metadata':
      return { user: 'u-1', weird: value };
    case 'prompt':
      return { name: value, version: 2 };
    default:
      return { wrapped: value };
  }
}

/**
 * Odd times (epoch ms or Date): the epoch, the distant past, the future, end before start,
 * and invalid or absurd ones (NaN, an invalid Date, Infinity, nanoseconds, the wrong type),
 * which count as "now".
 */
const ODD_TIMES: Record<string, () => number | Date> = {
  epoch: () => new Date(0),
  one: () => 1,
  past: () => Date.now() - 20 * 365 * 86_400_000,
  future: () => new Date(Date.now() + 86_400_000),
  fractional: () => Date.now() - 0.123,
  nan: () => Number.NaN,
  infinity: () => Infinity,
  invalidDate: () => new Date(Number.NaN),
  nanoseconds: () => Date.now() * 1e6,
  beyondDateRange: () => -8.64e15 - 1,
  notATime: () => '2024-01-01' as unknown as number,
};
const timeOf = (name: string | undefined): number | Date | undefined => (name === undefined ? undefined : (ODD_TIMES[name] as () => number | Date)());

const updateArb = fc.record({ field: fc.constantFrom(...FIELDS), value: hostileName, shape: fc.constantFrom(...SHAPES) });

const planArb = fc.record({
  kind: fc.constantFrom('generation', 'embedding', 'tool', 'agent', 'chain', 'retriever', 'guardrail', 'evaluator', 'event', 'span', 'bogus', ''),
  name: fc.oneof(fc.constantFrom('chat', '', '\uD800', 'x'.repeat(5_000)), fc.string({ maxLength: 12, unit: 'binary' })),
  start: fc.array(updateArb, { maxLength: 3 }),
  updates: fc.array(updateArb, { maxLength: 4 }),
  captureContent: fc.constantFrom(true, false, undefined),
  outcome: fc.constantFrom('return', 'throw', 'resolve', 'reject'),
  result: hostileName,
  child: fc.option(fc.array(updateArb, { maxLength: 3 }), { nil: undefined }),
  startTime: fc.constantFrom(...Object.keys(ODD_TIMES), undefined),
  endTime: fc.constantFrom(...Object.keys(ODD_TIMES), undefined),
});

function fields(list: ReadonlyArray<{ field: Field; value: string; shape: (typeof SHAPES)[number] }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const u of list) out[u.field] = fieldValue(u.field, u.value, u.shape);
  return out;
}

/** Values whose `then` cannot even be read (every read throws). */
const UNREADABLE = new Set(['throwingProxy', 'throwingArrayProxy', 'revokedProxy']);

/**
 * What `fn`'s promise may resolve with in the observe property. Resolving a promise with a
 * value whose `then` cannot be read rejects it by the language's own rules (resolution
 * reads `then`), so that does not belong in the property. Returning, throwing and
 * rejecting with them stay in.
 */
function returnable(outcome: string, name: string): string {
  return outcome === 'resolve' && UNREADABLE.has(name) ? 'circular' : name;
}

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

/** An array Proxy reporting `length` and counting index reads (and returning holes). */
function countingArray(length: number): { proxy: unknown[]; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy([] as unknown[], {
    get(target, property, receiver) {
      if (property === 'length') return length;
      if (typeof property === 'string' && /^\d+$/.test(property)) {
        reads++;
        return undefined;
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { proxy, reads: () => reads };
}

/** Counts `setAttribute` calls on the observation's span. */
function countWrites(o: LamplightObservation): () => number {
  const span = o.span as unknown as { setAttribute: (...args: unknown[]) => unknown };
  const original = span.setAttribute.bind(span);
  let writes = 0;
  span.setAttribute = (...args: unknown[]) => {
    writes++;
    return original(...args);
  };
  return () => writes;
}
