/**
 * Splitting text into stream pieces. Pieces always join back to the original text, and
 * splitting works on code points so a surrogate pair is never cut in half (a cut pair
 * would arrive as two U+FFFD characters and make text assertions fail for the wrong reason).
 */

/** `count` pieces of near-equal length (the first ones one code point longer); some may be empty. */
export function splitEvenly(text: string, count: number): string[] {
  const points = Array.from(text);
  const base = Math.floor(points.length / count);
  const extra = points.length % count;
  const pieces: string[] = [];
  let at = 0;
  for (let index = 0; index < count; index += 1) {
    const size = base + (index < extra ? 1 : 0);
    pieces.push(points.slice(at, at + size).join(''));
    at += size;
  }
  return pieces;
}

/** One piece per word, each carrying its leading whitespace (`"a b"` → `["a", " b"]`). */
export function splitWords(text: string): string[] {
  const words = text.match(/\s*\S+|\s+$/g);
  return words && words.length > 0 ? words : [text];
}

/** Pieces of at most `size` code points. */
export function splitBySize(text: string, size: number): string[] {
  const points = Array.from(text);
  if (points.length === 0) return [''];
  const pieces: string[] = [];
  for (let at = 0; at < points.length; at += size) pieces.push(points.slice(at, at + size).join(''));
  return pieces;
}

/**
 * Resolves a piece spec: exact pieces as given, a count via {@link splitEvenly}, or the
 * fallback splitter when no spec was given.
 */
export function toPieces(text: string, spec: number | string[] | undefined, fallback: (text: string) => string[]): string[] {
  if (Array.isArray(spec)) return spec.length > 0 ? [...spec] : [''];
  if (spec !== undefined) return splitEvenly(text, spec);
  return fallback(text);
}
