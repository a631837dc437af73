import { safeStringify } from '../serialize/safe-stringify.js';
import type { SerializeOptions } from '../serialize/options.js';
import { binaryRetentionEnabled, retainBinaryParts, type BinaryPart } from './binary-parts.js';

/**
 * `safeStringify` for a content attribute of `span`: while a destination stores media, the
 * binary values the budget replaces by placeholders are kept beside the span by reference
 * (no copy) for that destination to upload. Otherwise exactly `safeStringify`.
 */
export function stringifyContent(span: object, value: unknown, options: SerializeOptions): string {
  if (!binaryRetentionEnabled()) return safeStringify(value, options);
  const binaryParts: BinaryPart[] = [];
  const text = safeStringify(value, { ...options, binaryParts });
  retainBinaryParts(span, binaryParts);
  return text;
}
