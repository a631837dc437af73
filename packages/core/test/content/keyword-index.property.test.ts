/**
 * The keyword index decides which secret rules run on a text: a keyword it misses is a
 * secret that leaks. These properties compare it with the obvious definition — a rule runs
 * when `text.includes(keyword)` for one of its keywords (lower-cased on both sides for the
 * case-insensitive ones) — on texts built to hold keywords at every position, overlapping,
 * cut, next to each other and in other case.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnchoredKeywords, anchorOf } from '../../src/content/anchored-keywords.js';
import { KeywordIndex } from '../../src/content/keyword-index.js';
import { BUILT_IN_RULES, type SecretRule } from '../../src/content/secret-rules.js';

const KEYWORDS = [...new Set(BUILT_IN_RULES.flatMap((rule) => rule.keywords))];

/** Text made of keywords, their pieces, case-flipped pieces and filler. */
const textArb = fc
  .array(
    fc.oneof(
      fc.constantFrom(...KEYWORDS),
      fc.constantFrom(...KEYWORDS).chain((k) => fc.nat(k.length).map((n) => k.slice(0, n))),
      fc.constantFrom(...KEYWORDS).chain((k) => fc.nat(k.length).map((n) => k.slice(n))),
      fc.constantFrom(...KEYWORDS).map((k) => (k === k.toLowerCase() ? k.toUpperCase() : k.toLowerCase())),
      fc.string({ maxLength: 6 }),
      fc.constantFrom(' ', '-', '_', '.', ':', '/', 'a', 'k', 'sk', 'gl', 'xo', 'A', '\n'),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

function expected(rules: readonly SecretRule[], text: string): string[] {
  const lower = text.toLowerCase();
  return rules
    .filter((rule) => rule.keywords.some((k) => (rule.caseInsensitiveKeywords ? lower.includes(k.toLowerCase()) : text.includes(k))))
    .map((rule) => rule.id);
}

describe('keyword index', () => {
  it('runs exactly the rules one of whose keywords the text contains', () => {
    const index = new KeywordIndex(BUILT_IN_RULES);
    fc.assert(
      fc.property(textArb, (text) => {
        expect(index.rulesFor(text).map((rule) => rule.id)).toEqual(expected(BUILT_IN_RULES, text));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds every anchored keyword occurrence, overlapping ones included', () => {
    const anchored = KEYWORDS.filter((k) => anchorOf(k) >= 0 && !BUILT_IN_RULES.some((r) => r.caseInsensitiveKeywords && r.keywords.includes(k)));
    const scanner = new AnchoredKeywords(anchored);
    fc.assert(
      fc.property(textArb, (text) => {
        const found = new Set<string>();
        scanner.scan(text, (k) => found.add(k));
        expect([...found].sort()).toEqual(anchored.filter((k) => text.includes(k)).sort());
      }),
      { numRuns: 3000 },
    );
  });

  it('knows a keyword without an anchor, and custom lower-case keywords still run their rule', () => {
    expect(anchorOf('dapi')).toBe(-1);
    expect(anchorOf('sk-proj-')).toBe(2);
    expect(anchorOf('AKIA')).toBe(0);
    const custom: SecretRule = { id: 'custom', keywords: ['acme'], pattern: /acme\w+/g };
    const index = new KeywordIndex([...BUILT_IN_RULES, custom]);
    expect(index.rulesFor('token acmeXYZ').map((r) => r.id)).toContain('custom');
    expect(index.rulesFor('see dapi0123 here').map((r) => r.id)).toEqual(expected(BUILT_IN_RULES, 'see dapi0123 here'));
  });
});
