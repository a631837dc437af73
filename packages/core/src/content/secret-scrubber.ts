import type { TimeSlicer } from '../processor/time-slicer.js';
import { BUILT_IN_RULES, type SecretRule } from './secret-rules.js';
import { KeywordIndex } from './keyword-index.js';
import { chunkEnd, SCRUB_CHUNK } from './scrub-chunks.js';

/**
 * The secret scrubber (DESIGN §6 rule 5): credentials that end up in prompts, tool
 * results, metadata, names or error messages are replaced before export by a marker that
 * says what was removed: `<secret:github-token>`, `password=<secret:assignment>`.
 *
 * Linear in the input: each rule runs only when one of its keywords occurs, and its regex
 * never backtracks (see `secret-rules.ts`). Long strings are scrubbed in chunks of about
 * 16 K characters cut at line breaks (never inside a PEM block), so the sliced variant can
 * give the event loop back between chunks; the result is the same either way.
 */

/** A user-supplied rule: a regex for the whole secret (its group 1, if any, is kept). */
export interface CustomSecretRule {
  /** Named in the marker: `<secret:id>`. */
  id: string;
  /** The secret's format; made global. Should be linear (no nested quantifiers). */
  pattern: RegExp;
  /** Literal strings one of which the text must contain for the rule to run (faster). */
  keywords?: string[];
}

/** Options of a `SecretScrubber`. */
export interface SecretScrubberOptions {
  /** Ids of built-in rules to turn off (e.g. `['assignment']` when prompts discuss config files). */
  disable?: readonly string[];
  /** More rules, run after the built-in ones. */
  rules?: readonly CustomSecretRule[];
}

/** The marker that replaces a secret found by rule `id`. */
export function secretMarker(id: string): string {
  return `<secret:${id}>`;
}

/** Kept for callers that name the old marker: every marker starts with it. */
export const REDACTED = '<secret:';

const CUT_MARKER = '…[truncated ';

let builtInIndex: KeywordIndex | undefined;

/** Strings up to this length that held no secret are remembered (keys, model names, labels). */
const CLEAN_MEMO_MAX_LENGTH = 96;
/** Entries in that memo before it starts over: a bound on memory, about 1 MB at most. */
const CLEAN_MEMO_MAX_ENTRIES = 4_096;

/** A compiled set of rules. Stateless apart from its counters. */
export class SecretScrubber {
  private readonly index: KeywordIndex;
  /** Secrets replaced, per rule id. */
  readonly counts = new Map<string, number>();
  /**
   * Short strings already found clean. Attribute keys, model and provider names, operation
   * names and ids repeat on every span: each costs two keyword-regex passes otherwise.
   * Only clean results are kept, so every secret is still found
   * and counted each time it occurs; the rules are fixed per scrubber, so a string clean
   * once is clean again.
   */
  private readonly clean = new Set<string>();

  constructor(options: SecretScrubberOptions = {}) {
    const disabled = new Set(options.disable ?? []);
    const custom = (options.rules ?? []).map(customRule);
    // The built-in set's index is built once and shared: a gate per options object is cheap.
    this.index =
      disabled.size === 0 && custom.length === 0
        ? (builtInIndex ??= new KeywordIndex(BUILT_IN_RULES))
        : new KeywordIndex([...BUILT_IN_RULES.filter((r) => !disabled.has(r.id)), ...custom]);
  }

  /** `text` with every recognised secret replaced; the very same string when there is none. */
  scrub(text: string): string {
    if (text.length <= CLEAN_MEMO_MAX_LENGTH) return this.scrubShort(text);
    if (text.length <= SCRUB_CHUNK) return this.scrubChunk(text);
    let out = '';
    let changed = false;
    const hasPem = text.includes('-----BEGIN');
    for (let pos = 0; pos < text.length; ) {
      const end = chunkEnd(text, pos, hasPem);
      const piece = text.slice(pos, end);
      const clean = this.scrubChunk(piece);
      if (clean !== piece) changed = true;
      out += clean;
      pos = end;
    }
    return changed ? out : text;
  }

  /** Like `scrub`, giving the event loop back between chunks when the slice is used up. */
  async scrubSliced(text: string, slicer: TimeSlicer): Promise<string> {
    if (text.length <= CLEAN_MEMO_MAX_LENGTH) return this.scrubShort(text);
    if (text.length <= SCRUB_CHUNK) return this.scrubChunk(text);
    let out = '';
    let changed = false;
    const hasPem = text.includes('-----BEGIN');
    for (let pos = 0; pos < text.length; ) {
      const pause = slicer.maybeYield();
      if (pause) await pause;
      const end = chunkEnd(text, pos, hasPem);
      const piece = text.slice(pos, end);
      const clean = this.scrubChunk(piece);
      if (clean !== piece) changed = true;
      out += clean;
      pos = end;
    }
    return changed ? out : text;
  }

  /** Total secrets replaced so far. */
  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }

  private scrubShort(text: string): string {
    if (this.clean.has(text)) return text;
    const out = this.scrubChunk(text);
    if (out === text) {
      if (this.clean.size >= CLEAN_MEMO_MAX_ENTRIES) this.clean.clear();
      this.clean.add(text);
    }
    return out;
  }

  private scrubChunk(text: string): string {
    // Rules run in order on the output of the ones before; a replacement only removes
    // text (markers hold no keyword), so the rules found for the input still cover it.
    let out = text;
    for (const rule of this.index.rulesFor(text)) out = this.applyRule(rule, out);
    return out;
  }

  /** One pass of one rule. Matches are consumed whole, so the next search starts after each. */
  private applyRule(rule: SecretRule, text: string): string {
    const re = rule.pattern;
    re.lastIndex = 0;
    let out = '';
    let last = 0;
    let found = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const whole = m[0];
      if (whole.length === 0) {
        re.lastIndex++;
        continue;
      }
      const kept = m[1] ?? '';
      const start = m.index + kept.length;
      let secret = whole.slice(kept.length);
      if (rule.secretLength) {
        const length = rule.secretLength(secret);
        if (length < secret.length) {
          secret = secret.slice(0, length);
          // The rest of the run is scanned again (it may hold another block).
          re.lastIndex = start + length;
        }
      }
      const end = start + secret.length;
      const cut = text.startsWith(CUT_MARKER, end);
      let accepted = false;
      try {
        accepted = secret.length > 0 && (rule.accept === undefined || rule.accept(secret, cut, kept, text.charAt(end)));
      } catch {
        accepted = true; // A rule that cannot decide fails closed.
      }
      if (!accepted) continue;
      out += text.slice(last, start) + secretMarker(rule.id);
      last = end;
      found++;
    }
    re.lastIndex = 0;
    if (found === 0) return text;
    this.counts.set(rule.id, (this.counts.get(rule.id) ?? 0) + found);
    return out + text.slice(last);
  }
}

function customRule(rule: CustomSecretRule): SecretRule {
  if (rule === null || typeof rule !== 'object' || typeof rule.id !== 'string' || !(rule.pattern instanceof RegExp)) {
    throw new TypeError('secret rule must be { id: string, pattern: RegExp, keywords?: string[] }');
  }
  const flags = rule.pattern.flags.includes('g') ? rule.pattern.flags : rule.pattern.flags + 'g';
  const keywords = Array.isArray(rule.keywords) && rule.keywords.length > 0 ? rule.keywords.filter((k) => typeof k === 'string') : [''];
  return { id: rule.id, keywords, pattern: new RegExp(rule.pattern.source, flags.replace('y', '')) };
}

/** The scrubber with every built-in rule, used where no options apply (diagnostics, defaults). */
export const defaultScrubber = new SecretScrubber();

/**
 * `text` with every secret the built-in rules recognise replaced by `<secret:rule-id>`;
 * the very same string when there is none. Linear in the length of `text`.
 */
export function scrubSecrets(text: string): string {
  return defaultScrubber.scrub(text);
}

/**
 * Scrubs every string (values and object keys) of a JSON-safe value. Objects and arrays are
 * rewritten in place: call it on a copy the caller owns, such as the fresh tree
 * `toJsonSafe` returns after the size budget. Iterative, so depth never threatens the stack.
 */
export function scrubJsonValue(value: unknown, scrubber: SecretScrubber = defaultScrubber): unknown {
  if (typeof value === 'string') return scrubber.scrub(value);
  if (value === null || typeof value !== 'object') return value;
  const stack: object[] = [value];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown> | unknown[];
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item = node[i];
        if (typeof item === 'string') node[i] = scrubber.scrub(item);
        else if (item !== null && typeof item === 'object') stack.push(item);
      }
      continue;
    }
    for (const key of Object.keys(node)) {
      const item = node[key];
      const cleanKey = scrubber.scrub(key);
      if (cleanKey !== key) {
        delete node[key];
        node[cleanKey] = item;
      }
      if (typeof item === 'string') node[cleanKey] = scrubber.scrub(item);
      else if (item !== null && typeof item === 'object') stack.push(item);
    }
  }
  return value;
}
