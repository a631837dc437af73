import { describe, expect, it } from 'vitest';
import { safeStringify } from '../src/serialize/safe-stringify.js';
import { toJsonSafe } from '../src/serialize/to-json-safe.js';

describe('toJsonSafe: value rules', () => {
  it('keeps plain JSON data as is', () => {
    const v = { a: 1, b: 'two', c: [true, false, null], d: { e: 1.5, f: '' } };
    expect(toJsonSafe(v)).toEqual(v);
  });

  it('renders a circular reference as "[Circular]"', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    a.list = [a, { back: a }];
    expect(toJsonSafe(a)).toEqual({ name: 'a', self: '[Circular]', list: ['[Circular]', { back: '[Circular]' }] });
  });

  it('renders a repeated but non-circular reference again', () => {
    const shared = { x: 1 };
    expect(toJsonSafe({ a: shared, b: shared, c: [shared, shared] })).toEqual({ a: { x: 1 }, b: { x: 1 }, c: [{ x: 1 }, { x: 1 }] });
  });

  it('renders BigInt as "<digits>n"', () => {
    expect(toJsonSafe({ n: 123n, big: 2n ** 70n, neg: -5n })).toEqual({ n: '123n', big: '1180591620717411303424n', neg: '-5n' });
  });

  it('renders a Map with string keys as an object and other Maps as [key, value] pairs', () => {
    expect(toJsonSafe(new Map<string, unknown>([['a', 1], ['b', { c: 2 }]]))).toEqual({ a: 1, b: { c: 2 } });
    expect(toJsonSafe(new Map<unknown, unknown>([[1, 'one'], [{ k: true }, 'obj']]))).toEqual([[1, 'one'], [{ k: true }, 'obj']]);
  });

  it('renders a Set as an array', () => {
    expect(toJsonSafe(new Set([1, 'two', { three: 3 }]))).toEqual([1, 'two', { three: 3 }]);
  });

  it('renders an Error with name, message, stack, cause and own enumerable props', () => {
    const cause = new TypeError('inner');
    const err = Object.assign(new RangeError('outer', { cause }), { code: 'E_OUT', status: 429 });
    const r = toJsonSafe(err) as Record<string, unknown>;
    expect(r.name).toBe('RangeError');
    expect(r.message).toBe('outer');
    expect(r.stack).toMatch(/^RangeError: outer\n\s+at /);
    expect(r.code).toBe('E_OUT');
    expect(r.status).toBe(429);
    expect(r.cause).toMatchObject({ name: 'TypeError', message: 'inner' });
    expect(Object.keys(r)).toEqual(['name', 'message', 'stack', 'cause', 'code', 'status']);
  });

  it('renders AggregateError errors and an Error without cause', () => {
    const r = toJsonSafe(new AggregateError([new Error('a')], 'many')) as Record<string, unknown>;
    expect(r.message).toBe('many');
    expect(r.errors).toEqual([expect.objectContaining({ name: 'Error', message: 'a' })]);
    expect(Object.keys(toJsonSafe(new Error('x')) as object)).toEqual(['name', 'message', 'stack']);
  });

  it('renders a Date as ISO text and an invalid Date as "Invalid Date"', () => {
    expect(toJsonSafe({ d: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), bad: new Date('nope') })).toEqual({
      d: '2024-01-02T03:04:05.006Z',
      bad: 'Invalid Date',
    });
  });

  it('renders binary data as "<binary N bytes>"', () => {
    expect(
      toJsonSafe({
        buf: Buffer.from('hello'),
        ab: new ArrayBuffer(16),
        u8: new Uint8Array(3),
        f64: new Float64Array(4),
        dv: new DataView(new ArrayBuffer(7)),
      }),
    ).toEqual({ buf: '<binary 5 bytes>', ab: '<binary 16 bytes>', u8: '<binary 3 bytes>', f64: '<binary 32 bytes>', dv: '<binary 7 bytes>' });
  });

  it('replaces a base64 data URI over maxStringBytes by a placeholder and keeps smaller ones', () => {
    const payload = Buffer.alloc(3000, 7).toString('base64'); // 4000 chars, decodes to 3000 bytes
    const uri = `data:image/png;base64,${payload}`;
    expect(toJsonSafe({ url: uri }, { maxStringBytes: 1000 })).toEqual({ url: '<data:image/png;base64, 3000 bytes>' });
    expect(toJsonSafe({ url: uri }, { maxStringBytes: 10_000 })).toEqual({ url: uri });
    const padded = `data:audio/wav;base64,${Buffer.alloc(1001, 1).toString('base64')}`; // ends with "=="
    expect(toJsonSafe(padded, { maxStringBytes: 100 })).toBe('<data:audio/wav;base64, 1001 bytes>');
    // Not base64: cut like any other string.
    expect(toJsonSafe(`data:text/plain,${'a'.repeat(500)}`, { maxStringBytes: 100 })).toMatch(/^data:text\/plain,a+…\[truncated \d+ bytes\]$/);
  });

  it('renders class instances as their own enumerable properties, without a type hint', () => {
    class Point {
      private readonly secretMethod = (): number => 1;
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
      get length(): number {
        return Math.hypot(this.x, this.y);
      }
    }
    expect(toJsonSafe(new Point(3, 4))).toEqual({ secretMethod: '[Function secretMethod]', x: 3, y: 4 });
  });

  it('renders symbols as "Symbol(desc)" and functions as "[Function name]"', () => {
    function namedFn(): void {}
    expect(toJsonSafe({ s: Symbol('desc'), e: Symbol(), f: namedFn, a: [() => 1], c: class Foo {} })).toEqual({
      s: 'Symbol(desc)',
      e: 'Symbol()',
      f: '[Function namedFn]',
      a: ['[Function (anonymous)]'],
      c: '[Function Foo]',
    });
    expect(toJsonSafe({ [Symbol('key')]: 1, k: 2 })).toEqual({ k: 2 });
  });

  it('omits undefined in objects and renders it as null in arrays and at the root', () => {
    expect(toJsonSafe({ a: undefined, b: 1 })).toEqual({ b: 1 });
    expect(Object.keys(toJsonSafe({ a: undefined, b: 1 }) as object)).toEqual(['b']);
    expect(toJsonSafe([undefined, 1, , 3])).toEqual([null, 1, null, 3]); // eslint-disable-line no-sparse-arrays
    expect(toJsonSafe(undefined)).toBeNull();
    expect(safeStringify(undefined)).toBe('null');
  });

  it('replaces lone UTF-16 surrogates with U+FFFD, in values and keys, and keeps pairs', () => {
    const r = toJsonSafe({ ['k\uDC00']: 'a\uD800b', pair: '😀', long: `${'x'.repeat(100)}\uDBFF` });
    expect(r).toEqual({ ['k\uFFFD']: 'a\uFFFDb', pair: '😀', long: `${'x'.repeat(100)}\uFFFD` });
    const text = safeStringify({ v: '\uD800\uD800\uDC00\uDC00' });
    expect(text).toBe('{"v":"\uFFFD\u{10000}\uFFFD"}');
    expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
  });

  it('renders NaN and infinities as strings and -0 as 0', () => {
    const r = toJsonSafe([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0]) as unknown[];
    expect(r).toEqual(['NaN', 'Infinity', '-Infinity', 0]);
    expect(Object.is(r[3], 0)).toBe(true);
    expect(safeStringify(-0)).toBe('0');
  });

  it('uses toJSON (with the key) except on Date and binary', () => {
    const seen: string[] = [];
    const money = {
      toJSON(key: string) {
        seen.push(key);
        return { amount: '1.00', currency: 'EUR' };
      },
    };
    expect(toJsonSafe({ price: money, list: [money] })).toEqual({ price: { amount: '1.00', currency: 'EUR' }, list: [{ amount: '1.00', currency: 'EUR' }] });
    expect(seen).toEqual(['price', '0']);
    expect(toJsonSafe({ toJSON: () => undefined, x: 1 })).toBeNull();
    expect(toJsonSafe({ a: { toJSON: () => undefined } })).toEqual({});
    expect(toJsonSafe({ toJSON: () => ({ toJSON: () => 'again' }) })).toEqual({ toJSON: '[Function toJSON]' }); // toJSON applies once, like JSON.stringify
  });

  it('unwraps boxed primitives and renders RegExp, Promise and weak collections', () => {
    expect(toJsonSafe([Object('s'), Object(2), Object(true), Object(3n), /a+b/gi, Promise.resolve(1), new WeakMap(), new WeakSet()])).toEqual([
      's',
      2,
      true,
      '3n',
      '/a+b/gi',
      '[Promise]',
      '[WeakMap]',
      '[WeakSet]',
    ]);
  });

  it('returns a key named __proto__ as an own property without touching the prototype', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
    const r = toJsonSafe(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect(Object.keys(r)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(r)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });
});
