import type { BinaryPart } from '../media/binary-parts.js';
import { dataUriPlaceholder } from './data-uri.js';
import { truncatedMarker } from './markers.js';
import { cutString } from './truncate-string.js';
import { isWellFormed, toWellFormed, utf8ByteLength } from './utf8.js';

/** Strings shorter than this are measured at once (cheap); longer ones may be deferred. */
const DEFER_MIN_LENGTH = 64;

/** Whether `s` is printable ASCII without a quote or backslash, so its JSON text is `"` + s + `"`. */
function isPlainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/**
 * The running UTF-8 size of the JSON text being rendered, and the fitting of strings
 * into what is left of it.
 *
 * A long string that certainly fits (even at 3 bytes per UTF-16 unit) is not measured
 * when it is added: its JSON length is counted as a lower bound, `slack` records how much
 * more it could take, and exact sizes are settled only once the budget gets close. So a
 * payload well under the budget never pays for a UTF-8 scan, and no string is measured twice.
 * @internal
 */
export class ByteBudget {
  /** Bytes counted so far (exact, or a lower bound while `slack > 0`). */
  used = 0;
  /** Upper bound of the bytes of `pending` beyond their counted lengths. */
  private slack = 0;
  /** JSON texts counted by length only, not yet measured in UTF-8 bytes. */
  private pending: string[] = [];
  /** The last fitted string: its rendered value and JSON text. */
  value = '';
  json = '';

  constructor(
    readonly maxBytes: number,
    readonly maxStringBytes: number,
    /** Where data URIs replaced by their placeholder are recorded (by reference), when given. */
    private readonly binaryParts?: BinaryPart[],
  ) {}

  /** Whether the budget is spent (settling deferred sizes first when it might be). */
  exhausted(): boolean {
    if (this.used + this.slack >= this.maxBytes) this.settle();
    return this.used >= this.maxBytes;
  }

  /**
   * Fits `s` into the per-string and remaining total budget and counts its JSON text:
   * kept whole when it fits, else a data URI placeholder or a prefix plus
   * `…[truncated N bytes]`. Lone surrogates become U+FFFD. Sets `value` and `json`.
   */
  fitString(s: string): void {
    const { maxBytes, maxStringBytes } = this;
    // Short printable ASCII (most keys and enum-like values): no escaping, 1 byte per unit.
    if (s.length < DEFER_MIN_LENGTH && isPlainAscii(s) && s.length <= maxStringBytes && this.used + this.slack + s.length + 2 <= maxBytes) {
      this.keep(s, '"' + s + '"', s.length + 2);
      return;
    }
    // UTF-8 bytes >= UTF-16 units, so a longer string cannot fit either budget.
    if (s.length <= maxStringBytes && s.length + 2 <= maxBytes - this.used) {
      let str = s;
      let json = JSON.stringify(s);
      // JSON.stringify escapes a lone surrogate as `\udXXX`: only then scan the string.
      if (json.includes('\\ud') && !isWellFormed(s)) {
        str = toWellFormed(s);
        json = JSON.stringify(str);
      }
      const length = json.length;
      if (length < DEFER_MIN_LENGTH) {
        const bytes = utf8ByteLength(json);
        if (this.used + this.slack + bytes <= maxBytes && bytes - 2 <= maxStringBytes) {
          this.keep(str, json, bytes);
          return;
        }
      } else if (this.used + this.slack + 3 * length <= maxBytes && 3 * str.length <= maxStringBytes) {
        this.pending.push(json);
        this.slack += 2 * length;
        this.keep(str, json, length);
        return;
      }
      this.settle();
      const bytes = utf8ByteLength(json);
      if (bytes <= maxBytes - this.used && (bytes - 2 <= maxStringBytes || utf8ByteLength(str) <= maxStringBytes)) {
        this.keep(str, json, bytes);
        return;
      }
    }
    this.settle();
    this.cut(s, maxBytes - this.used);
  }

  private keep(value: string, json: string, bytes: number): void {
    this.value = value;
    this.json = json;
    this.used += bytes;
  }

  /** Replaces the lower bounds counted for deferred strings by their exact UTF-8 sizes. */
  private settle(): void {
    if (this.pending.length === 0) return;
    for (const json of this.pending) this.used += utf8ByteLength(json) - json.length;
    this.pending = [];
    this.slack = 0;
  }

  /**
   * A string that does not fit: a data URI placeholder, or a prefix plus marker taking at
   * most `room` bytes of JSON. `s` may hold lone surrogates; they count 3 bytes each (as
   * U+FFFD) and only the kept prefix is repaired, so a 50 MB string is scanned once.
   */
  private cut(s: string, room: number): void {
    const placeholder = dataUriPlaceholder(s);
    if (placeholder !== undefined) {
      const value = toWellFormed(placeholder);
      this.binaryParts?.push({ placeholder: value, source: s, bytes: decodedSize(placeholder) });
      const json = JSON.stringify(value);
      this.keep(value, json, utf8ByteLength(json));
      return;
    }
    const total = utf8ByteLength(s);
    let cap = Math.min(this.maxStringBytes, room - 2);
    // Escapes (quotes, newlines) make the JSON longer than the content: shrink until it fits.
    for (let attempt = 0; ; attempt++) {
      const value = cap > 0 ? toWellFormed(cutString(s, total, cap).value) : truncatedMarker(total);
      const json = JSON.stringify(value);
      const bytes = utf8ByteLength(json);
      if (bytes <= room || cap <= 0 || attempt >= 4) {
        this.keep(value, json, bytes);
        return;
      }
      cap -= bytes - room;
    }
  }
}

/** The decoded size a data URI placeholder states (`<data:…, N bytes>`). */
function decodedSize(placeholder: string): number {
  const match = / (\d+) bytes>$/.exec(placeholder);
  return match === null ? 0 : Number(match[1]);
}
