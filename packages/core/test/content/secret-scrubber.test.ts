import { describe, expect, it } from 'vitest';
import { REDACTED, scrubJsonValue, scrubSecrets } from '../../src/internal.js';

// Secrets are assembled at run time so no key-shaped literal sits in the source.
const body = (n: number) => 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'.slice(0, n);
const OPENAI = ['sk', 'proj', body(30)].join('-');
const OPENAI_LEGACY = 'sk-' + body(32);
const ANTHROPIC = ['sk', 'ant', 'api03', body(30)].join('-');
const LF_PUBLIC = ['pk', 'lf', '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d'].join('-');
const LF_SECRET = ['sk', 'lf', '9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0'].join('-');
const FOGLAMP = 'fl_' + body(24);
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join('.');

describe('secret scrubber', () => {
  it('redacts each kind of key, keeping its prefix', () => {
    expect(scrubSecrets(`key=${OPENAI}`)).toBe(`key=sk-proj-${REDACTED}`);
    expect(scrubSecrets(`"${OPENAI_LEGACY}"`)).toBe(`"sk-${REDACTED}"`);
    expect(scrubSecrets(ANTHROPIC)).toBe(`sk-ant-${REDACTED}`);
    expect(scrubSecrets(`${LF_PUBLIC}:${LF_SECRET}`)).toBe(`pk-lf-${REDACTED}:sk-lf-${REDACTED}`);
    expect(scrubSecrets(`Authorization: Bearer ${FOGLAMP}`)).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(scrubSecrets(`use ${FOGLAMP} here`)).toBe(`use fl_${REDACTED} here`);
    expect(scrubSecrets(`authorization: bearer ${JWT}`)).toBe(`authorization: bearer ${REDACTED}`);
  });

  it('leaves prose and look-alikes alone (and returns the very same string)', () => {
    for (const text of [
      'ask-the-user-for-confirmation-before-deleting',
      'see the sk-learn-model-selection-guide page',
      'Bearer authentication is described in RFC 6750',
      'task-12 and desk-3',
      'fl_ag',
      'a normal sentence with no keys',
    ]) {
      expect(scrubSecrets(text)).toBe(text);
    }
  });

  it('redacts the first characters of a key cut by the size budget', () => {
    expect(scrubSecrets('token sk-proj-A1b2…[truncated 120 bytes]')).toBe(`token sk-proj-${REDACTED}…[truncated 120 bytes]`);
    expect(scrubSecrets('Bearer ey…[truncated 9 bytes]')).toBe(`Bearer ${REDACTED}…[truncated 9 bytes]`);
  });

  it('walks a JSON tree in place: values, nested arrays and keys', () => {
    const tree = { headers: { authorization: `Bearer ${FOGLAMP}` }, list: [[OPENAI]], [LF_SECRET]: 1, n: 2 };
    expect(scrubJsonValue(tree)).toEqual({ headers: { authorization: `Bearer ${REDACTED}` }, list: [[`sk-proj-${REDACTED}`]], [`sk-lf-${REDACTED}`]: 1, n: 2 });
    expect(scrubJsonValue(OPENAI)).toBe(`sk-proj-${REDACTED}`);
    expect(scrubJsonValue(null)).toBe(null);
  });

  it('stays linear on adversarial input (completes; no timing assertion)', () => {
    const text = 'sk-'.repeat(200_000) + 'Bearer '.repeat(50_000) + 'fl_'.repeat(100_000) + OPENAI;
    const out = scrubSecrets(text);
    expect(out).not.toContain(body(30));
    expect(out.endsWith(REDACTED)).toBe(true);
  });
});
