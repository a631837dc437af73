// The secret scrubber as it was before the privacy gate (issue 14): five regexes in one
// unsliced pass. Kept only so privacy-bench.mjs can report before/after on the same machine.
/**
 * The built-in secret scrubber (DESIGN §6 rule 5): API keys and bearer tokens that end up
 * in prompts, tool results, metadata or error messages are replaced before export.
 *
 * Recognised, each keeping its prefix so a reader still sees what was there:
 * - Langfuse keys `pk-lf-…` / `sk-lf-…`
 * - OpenAI / Anthropic style keys `sk-…` (`sk-proj-…`, `sk-ant-api03-…`): 20+ key
 *   characters including a digit, so prose like `sk-learn-model-selection` is left alone
 * - Foglamp keys `fl_…`: 12+ key characters including a digit
 * - `Bearer <token>`: 8+ token characters including a digit ("Bearer authentication" stays)
 * - a key prefix right before the serializer's `…[truncated N bytes]` cut marker, so a key
 *   cut in half by the size budget does not leak its first characters
 *
 * One regular expression, one linear pass per string; strings without a match are returned
 * unchanged (no copy).
 */

/** What replaces the secret part of a match. */
export const REDACTED = '[redacted]';

const KEY = '[A-Za-z0-9_-]';
const TOKEN = '[A-Za-z0-9._~+/=-]';
/**
 * "Contains a digit" is looked for within the first 200 characters only: an unbounded
 * look-ahead would make a string like `sk-sk-sk-…` quadratic. Real keys have a digit long
 * before that (a 200-character base62 key without one has probability ~1e-15).
 */
const HAS_DIGIT = (chars) => `(?=${chars}{0,200}\\d)`;
/** Not inside a word: `task-…` is no key, but `KEY_sk-…` or `"sk-…` is (`\b` would miss the `_` case). */
const START = '(?<![A-Za-z0-9])';
const SECRET_PATTERN = new RegExp(
  [
    `${START}((?:sk|pk)-lf-)[A-Za-z0-9-]{8,}`,
    `${START}(sk-(?:proj|ant|svcacct|admin)-)${KEY}{16,}`,
    `${START}(sk-)${HAS_DIGIT(KEY)}${KEY}{20,}`,
    `${START}(fl_)${HAS_DIGIT(KEY)}${KEY}{12,}`,
    `${START}([Bb]earer\\s+)${HAS_DIGIT(TOKEN)}${TOKEN}{8,}`,
  ].join('|'),
  'g',
);
const GROUPS = 5;

/** A key prefix and partial key right before the cut marker at the very end of a string. */
const CUT_TAIL = new RegExp(
  `${START}((?:sk|pk)-lf-|sk-(?:proj|ant|svcacct|admin)-|sk-|fl_|[Bb]earer\\s+)${TOKEN}{0,300}(?=…\\[truncated \\d+ bytes\\]$)`,
);
/** Where the cut marker is looked for: the tail of the string only. */
const TAIL_LENGTH = 400;

function replaceMatch(_match, ...groups) {
  for (let i = 0; i < GROUPS; i++) {
    const prefix = groups[i];
    if (typeof prefix === 'string') return prefix + REDACTED;
  }
  return REDACTED;
}

/** `text` with every recognised secret replaced; the same string when there is none. */
export function scrubSecrets(text) {
  SECRET_PATTERN.lastIndex = 0;
  let out = SECRET_PATTERN.test(text) ? text.replace(SECRET_PATTERN, replaceMatch) : text;
  SECRET_PATTERN.lastIndex = 0;
  if (out.endsWith(' bytes]') && out.includes('…[truncated ', out.length - TAIL_LENGTH)) {
    const start = Math.max(0, out.length - TAIL_LENGTH);
    const tail = out.slice(start).replace(CUT_TAIL, (_m, prefix) => prefix + REDACTED);
    out = out.slice(0, start) + tail;
  }
  return out;
}

/**
 * Scrubs every string (values and object keys) of a JSON-safe value. Objects and arrays are
 * rewritten in place: call it on a copy the caller owns, such as the fresh tree
 * `toJsonSafe` returns after the size budget, so each field is walked once and only up to
 * its budget. Iterative, so depth never threatens the stack.
 */
export function scrubJsonValue(value) {
  if (typeof value === 'string') return scrubSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  const stack = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item = node[i];
        if (typeof item === 'string') node[i] = scrubSecrets(item);
        else if (item !== null && typeof item === 'object') stack.push(item);
      }
      continue;
    }
    for (const key of Object.keys(node)) {
      const item = node[key];
      const cleanKey = scrubSecrets(key);
      if (cleanKey !== key) {
        delete node[key];
        node[cleanKey] = item;
      }
      if (typeof item === 'string') node[cleanKey] = scrubSecrets(item);
      else if (item !== null && typeof item === 'object') stack.push(item);
    }
  }
  return value;
}
