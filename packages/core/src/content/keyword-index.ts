import { AnchoredKeywords, anchorOf } from './anchored-keywords.js';
import type { SecretRule } from './secret-rules.js';

/** The keywords of one case mode, as one regex, and what each occurrence means. */
interface KeywordSet {
  /** Every keyword, longest first, as one alternation (the case-insensitive set with the `i` flag). */
  readonly pattern: RegExp;
  /** Keyword → the keywords that are its prefixes (itself included): found with it at the same position. */
  readonly prefixes: ReadonlyMap<string, readonly string[]>;
  /**
   * Keyword → where to resume after it: the first offset at which a suffix of it starts
   * another keyword (its length when none), so overlapping keywords are never skipped.
   */
  readonly resume: ReadonlyMap<string, number>;
}

/**
 * Which rules can match a text, found with one regex pass per case mode instead of one
 * `includes` per keyword (a hundred and fifty passes over every chunk of ordinary text).
 * Case-insensitive keywords are searched with the `i` flag — the same case folding as the
 * rules' own case-insensitive patterns, and no lower-cased copy of every chunk (which cost
 * as much as the search). Complete: a keyword found at p credits its prefixes, and the
 * search resumes where another keyword could begin inside it.
 */
export class KeywordIndex {
  /** Case-sensitive keywords with an anchor (all built-in ones): see `AnchoredKeywords`. */
  private readonly anchored: AnchoredKeywords | undefined;
  /** Case-sensitive keywords of lower-case letters only. */
  private readonly exact: KeywordSet | undefined;
  private readonly folded: KeywordSet | undefined;
  private readonly rulesByKeyword = new Map<string, SecretRule[]>();
  /** Rules without keywords (custom rules that gave none): always run. */
  private readonly always: SecretRule[] = [];

  constructor(private readonly rules: readonly SecretRule[]) {
    const exact = new Set<string>();
    const folded = new Set<string>();
    for (const rule of rules) {
      for (const raw of rule.keywords) {
        if (raw.length === 0) {
          if (!this.always.includes(rule)) this.always.push(rule);
          continue;
        }
        const insensitive = rule.caseInsensitiveKeywords === true;
        const word = insensitive ? raw.toLowerCase() : raw;
        (insensitive ? folded : exact).add(word);
        const id = (insensitive ? 'i:' : 's:') + word;
        const list = this.rulesByKeyword.get(id) ?? [];
        if (!list.includes(rule)) list.push(rule);
        this.rulesByKeyword.set(id, list);
      }
    }
    const anchored = [...exact].filter((word) => anchorOf(word) >= 0);
    this.anchored = anchored.length > 0 ? new AnchoredKeywords(anchored) : undefined;
    this.exact = keywordSet(new Set([...exact].filter((word) => anchorOf(word) < 0)), 'g');
    this.folded = keywordSet(folded, 'gi');
  }

  /** The rules whose keywords occur in `text`, in rule order. */
  rulesFor(text: string): SecretRule[] {
    const found = new Set<string>();
    this.anchored?.scan(text, (word) => found.add(`s:${word}`));
    if (this.exact) scan(this.exact, text, 's:', found);
    if (this.folded) scan(this.folded, text, 'i:', found);
    if (found.size === 0 && this.always.length === 0) return [];
    const active = new Set<SecretRule>(this.always);
    for (const id of found) for (const rule of this.rulesByKeyword.get(id) ?? []) active.add(rule);
    return this.rules.filter((r) => active.has(r));
  }
}

function scan(set: KeywordSet, text: string, mode: string, found: Set<string>): void {
  const re = set.pattern;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const word = mode === 'i:' ? m[0].toLowerCase() : m[0];
    for (const prefix of set.prefixes.get(word) ?? [word]) found.add(mode + prefix);
    re.lastIndex = m.index + (set.resume.get(word) ?? word.length);
  }
  re.lastIndex = 0;
}

function keywordSet(words: Set<string>, flags: string): KeywordSet | undefined {
  if (words.size === 0) return undefined;
  const sorted = [...words].sort((a, b) => b.length - a.length);
  const prefixes = new Map<string, string[]>();
  const resume = new Map<string, number>();
  for (const word of sorted) {
    prefixes.set(
      word,
      sorted.filter((w) => word.startsWith(w)),
    );
    let offset = word.length;
    for (let o = 1; o < word.length && offset === word.length; o++) {
      const tail = word.slice(o);
      if (sorted.some((w) => w.startsWith(tail) || tail.startsWith(w))) offset = o;
    }
    resume.set(word, offset);
  }
  const pattern = new RegExp(sorted.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), flags);
  return { pattern, prefixes, resume };
}
