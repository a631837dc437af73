import { describe, expect, it } from 'vitest';
import { safeStringify } from '../src/serialize/safe-stringify.js';
import { toJsonSafe } from '../src/serialize/to-json-safe.js';

describe('toJsonSafe: hostile values', () => {
  it('replaces a throwing getter by a marker for that field only', () => {
    const obj = {
      ok: 1,
      get bad(): never {
        throw new Error('getter exploded');
      },
      after: 'still here',
    };
    expect(toJsonSafe(obj)).toEqual({ ok: 1, bad: '[Unserializable: getter exploded]', after: 'still here' });
  });

  it('replaces a throwing toJSON by a marker', () => {
    const v = {
      a: {
        toJSON(): never {
          throw new TypeError('no json for you');
        },
      },
      b: 2,
    };
    expect(toJsonSafe(v)).toEqual({ a: '[Unserializable: no json for you]', b: 2 });
  });

  it('replaces a proxy whose ownKeys trap throws by a marker', () => {
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('ownKeys trap');
        },
      },
    );
    expect(toJsonSafe({ p: proxy, q: 1 })).toEqual({ p: '[Unserializable: ownKeys trap]', q: 1 });
  });

  it('survives revoked proxies, throwing prototype traps and throwing array items', () => {
    const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
    revoke();
    const protoTrap = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('proto trap');
        },
      },
    );
    const arr = [1, 2, 3];
    Object.defineProperty(arr, 1, {
      get() {
        throw new Error('index getter');
      },
    });
    const r = toJsonSafe([proxy, protoTrap, arr]) as unknown[];
    expect(r[0]).toMatch(/^\[Unserializable: .*revoked/);
    expect(r[1]).toBe('[Unserializable: proto trap]');
    expect(r[2]).toEqual([1, '[Unserializable: index getter]', 3]);
  });

  it('copes with thrown values that are not errors or whose message throws', () => {
    const evilError = new Proxy(new Error('x'), {
      get() {
        throw new Error('again');
      },
      getPrototypeOf() {
        throw new Error('again');
      },
    });
    const v = {
      get str(): never {
        throw 'plain string'; // eslint-disable-line @typescript-eslint/only-throw-error
      },
      get nullProto(): never {
        throw Object.create(null); // eslint-disable-line @typescript-eslint/only-throw-error
      },
      get evil(): never {
        throw evilError;
      },
    };
    expect(toJsonSafe(v)).toEqual({
      str: '[Unserializable: plain string]',
      nullProto: '[Unserializable: unknown error]',
      evil: '[Unserializable: unknown error]',
    });
  });

  it('bounds a huge error message inside the marker', () => {
    const v = {
      get big(): never {
        throw new Error('m'.repeat(100_000));
      },
    };
    const r = toJsonSafe(v) as { big: string };
    expect(r.big.startsWith('[Unserializable: mmm')).toBe(true);
    expect(r.big.length).toBeLessThan(300);
  });

  it('renders Error fields whose getters throw as markers', () => {
    const err = new Error('msg');
    Object.defineProperty(err, 'stack', {
      get() {
        throw new Error('no stack');
      },
    });
    const r = toJsonSafe(err) as Record<string, unknown>;
    expect(r).toMatchObject({ name: 'Error', message: 'msg', stack: '[Unserializable: no stack]' });
  });

  it('ignores user overrides of Map and Set iteration', () => {
    class SneakyMap extends Map<string, number> {
      override entries(): never {
        throw new Error('entries');
      }
      override get size(): number {
        throw new Error('size');
      }
    }
    expect(toJsonSafe(new SneakyMap([['a', 1]]))).toEqual({ a: 1 });
  });

  it('never throws on options with throwing getters and falls back to defaults', () => {
    const options = {
      get maxBytes(): number {
        throw new Error('options');
      },
    };
    expect(toJsonSafe({ a: 1 }, options)).toEqual({ a: 1 });
    expect(safeStringify('x', { maxBytes: Number.NaN, maxDepth: -1, maxItems: 'many' as unknown as number })).toBe('"x"');
  });

  it('treats an object as on the path while its toJSON result renders', () => {
    const self = {
      a: 1,
      toJSON(): unknown {
        return { wrapped: this };
      },
    };
    expect(toJsonSafe(self)).toEqual({ wrapped: '[Circular]' });
    const returnsThis = {
      a: 1,
      toJSON(): unknown {
        return this;
      },
    };
    expect(toJsonSafe({ x: returnsThis })).toEqual({ x: { a: 1, toJSON: '[Function toJSON]' } });
  });
});
