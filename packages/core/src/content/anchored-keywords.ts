/**
 * Case-sensitive keywords found by their anchor: the first character that is not a
 * lower-case ASCII letter (`-` in `sk-proj-`, `_` in `ghp_`, `J` in `eyJ`, `A` in `AKIA`).
 *
 * Why: V8 scans an alternation of literals quickly only when its alternatives begin with
 * characters that are rare in the text. Most credential prefixes begin with a lower-case
 * letter, so the plain alternation tried a match at nearly every position of ordinary prose
 * (6–23 ms per MB here). Searching for the keywords' tails from their anchor on — alternatives
 * that all begin with `-`, `_`, `.`, `:`, `/`, a digit or a capital — runs at under 1 ms per MB
 * on prose without them; each hit is then checked against the few keywords anchored on that
 * character with `startsWith`. Complete: every occurrence of a keyword has its anchor at a
 * position where the tail pattern matches, and the search resumes one character after each
 * hit, so overlapping keywords are all seen.
 */
export class AnchoredKeywords {
  private readonly pattern: RegExp;
  /**
   * Keywords by where their anchor is: the character before the anchor and the anchor
   * (`k-` for `sk-`), or the anchor alone for keywords that start with it. Keeps the list
   * checked per hit short: a `-` in prose is checked against a keyword or two, not forty.
   */
  private readonly byAnchor = new Map<string, Array<{ keyword: string; offset: number }>>();

  /** `keywords` must each have an anchor (`anchorOf(k) >= 0`). */
  constructor(keywords: Iterable<string>) {
    const tails = new Set<string>();
    for (const keyword of keywords) {
      const offset = anchorOf(keyword);
      if (offset < 0) throw new RangeError(`keyword "${keyword}" has no anchor`);
      const key = keyword.slice(Math.max(0, offset - 1), offset + 1);
      const list = this.byAnchor.get(key) ?? [];
      list.push({ keyword, offset });
      this.byAnchor.set(key, list);
      tails.add(keyword.slice(offset));
    }
    const sorted = [...tails].sort((a, b) => b.length - a.length);
    this.pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
  }

  /** Calls `found` with every keyword that occurs in `text` (possibly more than once). */
  scan(text: string, found: (keyword: string) => void): void {
    const re = this.pattern;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const at = m.index;
      const anchor = text.charAt(at);
      for (const { keyword } of this.byAnchor.get(anchor) ?? NONE) {
        if (text.startsWith(keyword, at)) found(keyword);
      }
      if (at > 0) {
        for (const { keyword, offset } of this.byAnchor.get(text.charAt(at - 1) + anchor) ?? NONE) {
          if (at >= offset && text.startsWith(keyword, at - offset)) found(keyword);
        }
      }
      re.lastIndex = at + 1;
    }
    re.lastIndex = 0;
  }
}

const NONE: ReadonlyArray<{ keyword: string; offset: number }> = [];

/** Offset of a keyword's anchor: its first character that is not `a`–`z`; -1 when it has none. */
export function anchorOf(keyword: string): number {
  for (let i = 0; i < keyword.length; i++) {
    const c = keyword.charCodeAt(i);
    if (c < 97 || c > 122) return i;
  }
  return -1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
