import { toWellFormed, utf8Prefix } from './utf8.js';

/** Rendered in place of a reference to a container that is still being rendered (a cycle). */
export const CIRCULAR_MARKER = '[Circular]';
/** Rendered in place of a container nested deeper than `maxDepth`. */
export const DEPTH_LIMIT_MARKER = '[Depth limit]';
/** Rendered for a `Date` whose time is `NaN`. */
export const INVALID_DATE_MARKER = 'Invalid Date';
/** The key under which an object's "N more keys omitted" marker is rendered. */
export const OMITTED_KEY = '…';

/** Longest error message or function name quoted inside a marker, in UTF-8 bytes. */
const MAX_QUOTED_BYTES = 200;

/** `…[truncated N bytes]`: appended to a string that lost its last `cutBytes` UTF-8 bytes. */
export function truncatedMarker(cutBytes: number): string {
  return `…[truncated ${cutBytes} bytes]`;
}

/**
 * `…[N more items omitted]` (or `keys`), with `: size limit` when the total byte budget
 * rather than `maxItems` stopped the container.
 */
export function omittedMarker(count: number, unit: 'items' | 'keys', sizeLimit: boolean): string {
  return `…[${count} more ${unit} omitted${sizeLimit ? ': size limit' : ''}]`;
}

/** `<binary N bytes>`: rendered for a Buffer, ArrayBuffer, TypedArray or DataView. */
export function binaryMarker(byteLength: number): string {
  return `<binary ${byteLength} bytes>`;
}

/** `<data:image/png;base64, N bytes>`: rendered for a base64 data URI too large to keep; N is the decoded size. */
export function dataUriMarker(header: string, decodedBytes: number): string {
  return `<data:${header}, ${decodedBytes} bytes>`;
}

/** Well-formed and at most `MAX_QUOTED_BYTES` long, for quoting user text inside a marker. */
function quote(text: string): string {
  const s = toWellFormed(text);
  return s.length * 3 <= MAX_QUOTED_BYTES ? s : utf8Prefix(s, MAX_QUOTED_BYTES).text;
}

/** `[Function name]` (or `[Function (anonymous)]`). Never throws. */
export function functionMarker(fn: unknown): string {
  let name = '';
  try {
    const n = (fn as { name?: unknown }).name;
    if (typeof n === 'string') name = n;
  } catch {
    // a throwing `name` getter: render as anonymous
  }
  return `[Function ${name === '' ? '(anonymous)' : quote(name)}]`;
}

/** The message of anything thrown, without ever throwing itself. */
function describeThrown(error: unknown): string {
  try {
    if (error instanceof Error) return String(error.message);
    return String(error);
  } catch {
    return 'unknown error';
  }
}

/** `[Unserializable: <message>]`: rendered for a value whose getter, `toJSON` or proxy trap threw. Never throws. */
export function unserializableMarker(error: unknown): string {
  return `[Unserializable: ${quote(describeThrown(error))}]`;
}
