import type { Env } from './env-values.js';

/**
 * Every environment variable a Lamplight package reads. A variable that is not one of these
 * but is spelt almost like one is pointed out at startup (DESIGN §6 rule 7), because a
 * misspelt key or URL otherwise drops a backend, or sends to a default host, silently.
 */
export const KNOWN_VARIABLES: readonly string[] = [
  'LANGFUSE_PUBLIC_KEY',
  'LANGFUSE_SECRET_KEY',
  'LANGFUSE_BASE_URL',
  'LANGFUSE_HOST',
  'LANGFUSE_TRACING_ENVIRONMENT',
  'LANGFUSE_RELEASE',
  'LAMPLIGHT_LANGFUSE_TRANSPORT',
  'LAMPLIGHT_LANGFUSE_INGESTION_TYPES',
  'LAMPLIGHT_LANGFUSE_MEDIA',
  'LAMPLIGHT_LANGFUSE_OTLP_ENCODER',
  'FOGLAMP_API_KEY',
  'FOGLAMP_BASE_URL',
  'LAMPLIGHT_RAW_RECORD_BASE_URL',
  'LAMPLIGHT_RAW_RECORD_API_KEY',
  'LAMPLIGHT_CAPTURE_CONTENT',
  'LAMPLIGHT_ALLOW_ATTRIBUTES',
  'LAMPLIGHT_FOLLOW_HOST_SAMPLING',
  'LAMPLIGHT_EXPORT_MODE',
  'LAMPLIGHT_SAMPLE_RATE',
  'LAMPLIGHT_DISABLED',
  'LAMPLIGHT_LOG_LEVEL',
];

/** Names newcomers guess that are too far from ours for the edit distance, and what they meant. */
const GUESSED_NAMES: Readonly<Record<string, string>> = {
  LANGFUSE_URL: 'LANGFUSE_BASE_URL',
  LANGFUSE_ENDPOINT: 'LANGFUSE_BASE_URL',
  FOGLAMP_URL: 'FOGLAMP_BASE_URL',
  FOGLAMP_HOST: 'FOGLAMP_BASE_URL',
  FOGLAMP_ENDPOINT: 'FOGLAMP_BASE_URL',
  FOGLAMP_KEY: 'FOGLAMP_API_KEY',
  FOGLAMP_TOKEN: 'FOGLAMP_API_KEY',
};

/** Which backends the code options switch off (`false`) or configure, as far as the checks need. */
export interface BackendOptionsPresence {
  langfuse?: false | { publicKey?: string; secretKey?: string; baseUrl?: string };
  foglamp?: false | { apiKey?: string; baseUrl?: string };
  rawRecord?: false | { baseUrl?: string; apiKey?: string };
}

/**
 * The configuration mistakes a newcomer makes, one startup line each: a backend with one of
 * its settings but not the other (it is not exported to), and a variable that looks like a
 * misspelt Lamplight, Langfuse or Foglamp one. Never throws; values are never echoed (they
 * may be secrets), only names.
 */
export function findConfigMistakes(env: Env, options: BackendOptionsPresence = {}): string[] {
  const lines: string[] = [];
  const has = (name: string, option?: string): boolean => Boolean(option?.trim() || env[name]?.trim());
  if (options.langfuse !== false) {
    const o = options.langfuse ?? {};
    const pub = has('LANGFUSE_PUBLIC_KEY', o.publicKey);
    const sec = has('LANGFUSE_SECRET_KEY', o.secretKey);
    if (pub && !sec) lines.push('LANGFUSE_PUBLIC_KEY is set but LANGFUSE_SECRET_KEY is not, so nothing is sent to Langfuse: set both keys of the project');
    else if (sec && !pub) lines.push('LANGFUSE_SECRET_KEY is set but LANGFUSE_PUBLIC_KEY is not, so nothing is sent to Langfuse: set both keys of the project');
    else if (!pub && !sec) {
      const url = ['LANGFUSE_BASE_URL', 'LANGFUSE_HOST'].find((n) => has(n)) ?? (o.baseUrl ? 'the langfuse.baseUrl option' : undefined);
      if (url) lines.push(`${url} is set but LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are not, so nothing is sent to Langfuse: set both keys of the project`);
    }
  }
  if (options.foglamp !== false) {
    const o = options.foglamp ?? {};
    if (!has('FOGLAMP_API_KEY', o.apiKey) && (has('FOGLAMP_BASE_URL') || o.baseUrl)) {
      lines.push('FOGLAMP_BASE_URL is set but FOGLAMP_API_KEY is not, so nothing is sent to Foglamp: set FOGLAMP_API_KEY');
    }
  }
  if (options.rawRecord !== false) {
    const o = options.rawRecord ?? {};
    if (!has('LAMPLIGHT_RAW_RECORD_BASE_URL', o.baseUrl) && (has('LAMPLIGHT_RAW_RECORD_API_KEY') || o.apiKey)) {
      lines.push('LAMPLIGHT_RAW_RECORD_API_KEY is set but LAMPLIGHT_RAW_RECORD_BASE_URL is not, so no raw records are sent: set LAMPLIGHT_RAW_RECORD_BASE_URL');
    }
  }
  for (const name of Object.keys(env)) {
    const suggestion = misspeltVariable(name);
    if (suggestion) lines.push(`${name} is not a variable Lamplight reads; did you mean ${suggestion}?`);
  }
  return lines;
}

/**
 * The known variable `name` looks like a misspelling of, or undefined. Only names that start
 * like ours are compared (`LANGFUSE_DEBUG` of another tool is left alone, being far from any
 * of ours); a match is the same name without underscores, or one within a small edit distance.
 */
export function misspeltVariable(name: string): string | undefined {
  const upper = name.toUpperCase();
  if (KNOWN_VARIABLES.includes(name) || upper.length < 8 || upper.length > 48) return undefined;
  if (!/^(LA|LN|FO|FG)/.test(upper)) return undefined;
  if (GUESSED_NAMES[upper]) return GUESSED_NAMES[upper];
  const squash = (s: string) => s.replace(/[_\-.]/g, '');
  let best: { name: string; distance: number } | undefined;
  for (const known of KNOWN_VARIABLES) {
    if (upper === known) return known === name ? undefined : known; // right name, wrong case
    const distance = squash(upper) === squash(known) ? 0 : editDistance(upper, known, 3);
    if (distance <= (known.length >= 14 ? 2 : 1) && (!best || distance < best.distance)) best = { name: known, distance };
  }
  return best?.name;
}

/** Optimal-string-alignment distance, giving up (returning `limit + 1`) beyond `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      row.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}
