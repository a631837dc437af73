/**
 * The user's extra headers without those the exporter owns: names in `reserved` (lower
 * case; matched case-insensitively, as HTTP does) and values that are not strings are left
 * out, so a proxy header can be added but the credentials or body framing cannot be replaced.
 */
export function userHeaders(headers: Record<string, unknown>, reserved: ReadonlySet<string>): Record<string, string> {
  const kept = Object.entries(headers).filter((entry): entry is [string, string] => !reserved.has(entry[0].toLowerCase()) && typeof entry[1] === 'string');
  return Object.fromEntries(kept);
}
