/**
 * The hostile values of the manual-API bad-input suite (bad-input-manual-api.test.ts) and
 * the fast-check arbitraries over them: every value DESIGN §6 rule 4 names, in every field
 * of `update()`, plus the probes that count how much work a call did.
 */
import type { LamplightObservation } from '@lamplight/core';
import fc from 'fast-check';

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
export function throwingProxy(target: object = {}): object {
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

export function revokedProxy(): object {
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
export const build = (name: string): unknown => (HOSTILE[name] as () => unknown)();

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
export const timeOf = (name: string | undefined): number | Date | undefined => (name === undefined ? undefined : (ODD_TIMES[name] as () => number | Date)());

const updateArb = fc.record({ field: fc.constantFrom(...FIELDS), value: hostileName, shape: fc.constantFrom(...SHAPES) });

export const planArb = fc.record({
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

export function fields(list: ReadonlyArray<{ field: Field; value: string; shape: (typeof SHAPES)[number] }>): Record<string, unknown> {
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
export function returnable(outcome: string, name: string): string {
  return outcome === 'resolve' && UNREADABLE.has(name) ? 'circular' : name;
}

/** An array Proxy reporting `length` and counting index reads (and returning holes). */
export function countingArray(length: number): { proxy: unknown[]; reads: () => number } {
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
export function countWrites(o: LamplightObservation): () => number {
  const span = o.span as unknown as { setAttribute: (...args: unknown[]) => unknown };
  const original = span.setAttribute.bind(span);
  let writes = 0;
  span.setAttribute = (...args: unknown[]) => {
    writes++;
    return original(...args);
  };
  return () => writes;
}
