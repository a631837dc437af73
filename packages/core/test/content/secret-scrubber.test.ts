import { describe, expect, it } from 'vitest';
import { BUILT_IN_RULES, scrubJsonValue, scrubSecrets, SecretScrubber, TimeSlicer } from '../../src/internal.js';
import { normalCorpus, secretCorpus } from '../../../../test/fixtures/secret-corpus.mjs';

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
  it('replaces each kind of key by a marker naming what was removed', () => {
    expect(scrubSecrets(`key=${OPENAI}`)).toBe('key=<secret:openai-key>');
    expect(scrubSecrets(`"${OPENAI_LEGACY}"`)).toBe('"<secret:openai-key>"');
    expect(scrubSecrets(ANTHROPIC)).toBe('<secret:anthropic-key>');
    expect(scrubSecrets(`${LF_PUBLIC}:${LF_SECRET}`)).toBe('<secret:langfuse-key>:<secret:langfuse-key>');
    expect(scrubSecrets(`Authorization: Bearer ${FOGLAMP}`)).toBe('Authorization: Bearer <secret:foglamp-key>');
    expect(scrubSecrets(`use ${FOGLAMP} here`)).toBe('use <secret:foglamp-key> here');
    expect(scrubSecrets(`authorization: bearer ${JWT}`)).toBe('authorization: bearer <secret:jwt>');
    expect(scrubSecrets(`Bearer ${body(20)}`)).toBe('Bearer <secret:bearer-token>');
    expect(scrubSecrets('postgres://app:' + body(12) + '@db:5432/x')).toBe('postgres://app:<secret:url-password>@db:5432/x');
    expect(scrubSecrets('{"password": "' + body(9) + '"}')).toBe('{"password": "<secret:assignment>"}');
  });

  it(`finds every sample of the generated corpus (${secretCorpus().length} samples, every family)`, () => {
    const corpus = secretCorpus();
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    const leaks = corpus.filter((c) => scrubSecrets(c.text).includes(c.secret)).map((c) => c.family);
    expect(leaks).toEqual([]);
    // Every built-in rule but the ones only a corpus line can exercise shows up in some marker.
    const ids = new Set(corpus.flatMap((c) => [...scrubSecrets(c.text).matchAll(/<secret:([a-z0-9-]+)>/g)].map((m) => m[1])));
    for (const id of ['aws-access-key', 'github-token', 'gitlab-token', 'npm-token', 'stripe-key', 'slack-token', 'jwt', 'private-key', 'url-password', 'assignment', 'basic-auth', 'sendgrid-key', 'telegram-bot-token']) {
      expect(ids).toContain(id);
    }
  });

  it('leaves ordinary prose and code alone: zero false positives on the normal corpus', () => {
    const changed = normalCorpus().filter((text) => scrubSecrets(text) !== text);
    expect(changed).toEqual([]);
  });

  it('returns the very same string when there is nothing to replace', () => {
    const text = 'a normal sentence with no keys '.repeat(5_000);
    expect(scrubSecrets(text)).toBe(text);
  });

  it('replaces a key cut by the size budget, however short the part left', () => {
    expect(scrubSecrets('token sk-proj-A1b2…[truncated 120 bytes]')).toBe('token <secret:openai-key>…[truncated 120 bytes]');
    expect(scrubSecrets('Bearer ey…[truncated 9 bytes]')).toBe('Bearer <secret:bearer-token>…[truncated 9 bytes]');
    expect(scrubSecrets('x ghp_A1…[truncated 30 bytes]')).toBe('x <secret:github-token>…[truncated 30 bytes]');
  });

  it('walks a JSON tree in place: values, nested arrays and keys', () => {
    const tree = { headers: { authorization: `Bearer ${FOGLAMP}` }, list: [[OPENAI]], [LF_SECRET]: 1, n: 2 };
    expect(scrubJsonValue(tree)).toEqual({ headers: { authorization: 'Bearer <secret:foglamp-key>' }, list: [['<secret:openai-key>']], '<secret:langfuse-key>': 1, n: 2 });
    expect(scrubJsonValue(OPENAI)).toBe('<secret:openai-key>');
    expect(scrubJsonValue(null)).toBe(null);
  });

  it('keeps a PEM block whole across the chunks of a long text, and finds keys on both sides of every cut', () => {
    const corpus = secretCorpus();
    const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. ';
    let text = '';
    for (let i = 0; i < 60; i++) text += filler.repeat(40 + (i % 7)) + '\n' + corpus[i % corpus.length]!.text + (i % 3 === 0 ? ' ' : '\n');
    expect(text.length).toBeGreaterThan(100_000);
    const out = scrubSecrets(text);
    for (const c of corpus) expect(out).not.toContain(c.secret);
  });

  it('the sliced form gives the same result as the synchronous one', async () => {
    const corpus = secretCorpus();
    const text = corpus.map((c) => c.text + '\n' + 'x y z '.repeat(2_000)).join('\n');
    const sync = scrubSecrets(text);
    expect(await new SecretScrubber().scrubSliced(text, new TimeSlicer(0))).toBe(sync);
  });

  it('stays linear on adversarial input (completes; no timing assertion)', () => {
    const text =
      'sk-'.repeat(200_000) + ' ' + 'Bearer '.repeat(50_000) + 'fl_'.repeat(100_000) + ' ' + 'password='.repeat(30_000) + '://a:'.repeat(30_000) + 'eyJ.'.repeat(50_000) + ' -----BEGIN PRIVATE KEY-----'.repeat(2_000) + '; ' + 'ghp_'.repeat(50_000) + ' ' + OPENAI;
    const out = scrubSecrets(text);
    expect(out).not.toContain(body(30));
    expect(out.endsWith('<secret:openai-key>')).toBe(true);
  });

  it('rules can be turned off and added', () => {
    const noAssign = new SecretScrubber({ disable: ['assignment'] });
    expect(noAssign.scrub('password=hunter22')).toBe('password=hunter22');
    expect(scrubSecrets('password=hunter22')).toBe('password=<secret:assignment>');
    const custom = new SecretScrubber({ rules: [{ id: 'acme-key', pattern: /acme_[a-z0-9]{16}/, keywords: ['acme_'] }] });
    expect(custom.scrub('k acme_0123456789abcdef end')).toBe('k <secret:acme-key> end');
    expect(custom.counts.get('acme-key')).toBe(1);
    expect(() => new SecretScrubber({ rules: [{ id: 'x' } as never] })).toThrow(TypeError);
    expect(new Set(BUILT_IN_RULES.map((r) => r.id)).size).toBeGreaterThan(35);
  });
});
