/**
 * Where the scrubber cuts a long string into chunks. A secret must never straddle a cut, so
 * a chunk ends at a line break after about `SCRUB_CHUNK` characters (secrets are single
 * tokens; the assignment and `Bearer` rules allow spaces and tabs, not line breaks), and
 * never inside a PEM block. Text without a line break for a whole chunk is cut at a space
 * or tab not preceded by a separator (`=`, `:`) or an auth scheme word, and only text
 * without any of those is cut hard: a single token that long is no credential format.
 */

/** Characters per chunk, about 0.2 ms of scrubbing for ordinary text, under 2 ms for the worst adversarial input. */
export const SCRUB_CHUNK = 16_384;
/** Most a chunk grows to keep a PEM block whole (a 16384-bit RSA key is about 12.7 K characters). */
const MAX_PEM = 16_384;

/**
 * The end (exclusive) of the chunk that starts at `pos`. `hasPem` (default: looked up) says
 * whether the text holds a PEM header at all: the caller cutting a long text into chunks
 * looks once, so text without one (nearly all) never pays a backward search per chunk.
 */
export function chunkEnd(text: string, pos: number, hasPem = text.includes('-----BEGIN')): number {
  const soft = pos + SCRUB_CHUNK;
  if (soft >= text.length) return text.length;
  const limit = Math.min(text.length, soft + SCRUB_CHUNK);
  let end = lineBreakIn(text, soft, limit) ?? safeSpaceIn(text, soft, limit) ?? limit;
  if (hasPem) end = keepPemWhole(text, pos, end);
  return Math.max(end, pos + 1);
}

/** Searches only [from, to): an unbounded `indexOf` on a text without line breaks would make chunking quadratic. */
function lineBreakIn(text: string, from: number, to: number): number | undefined {
  const i = text.slice(from, to).indexOf('\n');
  return i >= 0 ? from + i + 1 : undefined;
}

/** A space or tab in [from, to) that no assignment or auth scheme spans. Bounded tries. */
function safeSpaceIn(text: string, from: number, to: number): number | undefined {
  let i = from;
  for (let tries = 0; tries < 64; tries++) {
    const space = nextBlank(text, i, to);
    if (space === undefined) return undefined;
    const before = text.slice(Math.max(0, space - 24), space).toLowerCase();
    const after = text.charAt(space + 1);
    if (!/[=:>]\s*$/.test(before) && !/(?:bearer|basic|token)\s*$/.test(before) && after !== '=' && after !== ':') return space + 1;
    i = space + 1;
  }
  return undefined;
}

function nextBlank(text: string, from: number, to: number): number | undefined {
  const window = text.slice(from, to);
  const a = window.indexOf(' ');
  const b = window.indexOf('\t');
  const i = a < 0 ? b : b < 0 ? a : Math.min(a, b);
  return i >= 0 ? from + i : undefined;
}

/** Moves `end` so that no PEM block that begins before it is cut. */
function keepPemWhole(text: string, pos: number, end: number): number {
  const inChunk = text.slice(pos, end).lastIndexOf('-----BEGIN');
  if (inChunk < 0) return end;
  const begin = pos + inChunk;
  const found = text.slice(begin, begin + MAX_PEM).indexOf('-----END');
  const close = found < 0 ? -1 : begin + found;
  if (close >= 0 && close < end - 8) {
    // The last block closes inside the chunk: its END line must be inside too.
    const tail = text.slice(close + 8, close + 200).indexOf('-----');
    return tail >= 0 && close + 8 + tail + 5 > end ? close + 8 + tail + 5 : end;
  }
  if (begin > pos) return begin;
  // The block began at the chunk start: grow the chunk to its END line (or the PEM bound).
  const tail = close >= 0 ? text.slice(close + 8, close + 200).indexOf('-----') : -1;
  const blockEnd = tail >= 0 ? close + 8 + tail + 5 : begin + MAX_PEM;
  return Math.min(text.length, Math.max(end, blockEnd));
}
