/**
 * The built-in secret rules: the high-confidence formats that established secret scanners
 * detect (cloud providers, code hosts and package registries, LLM vendors, payment, chat
 * and email services, JWTs, PEM private keys, URL passwords, `key=value` assignments).
 *
 * Every rule is built so that matching stays linear in the input:
 * - it starts with a literal prefix (found by the regex engine's fast literal scan) or is
 *   run only when one of its `keywords` occurs in the text (`String#includes`, GB/s);
 * - after the prefix comes one greedy character class that is followed by nothing, so a
 *   match never backtracks: it takes the whole run of token characters and succeeds;
 * - length, digits and structure are checked in `accept`, in JavaScript, on the match
 *   alone. A rejected run has still been consumed, so the next search starts after it: a
 *   million repetitions of `sk-` cost one pass, not a million.
 */

/** A secret format. */
export interface SecretRule {
  /** Named in the replacement marker: `<secret:github-token>`. */
  readonly id: string;
  /**
   * Literal strings, one of which occurs in any text the rule can match; the rule's regex
   * runs only when the text contains one. Lower case when `caseInsensitiveKeywords`.
   */
  readonly keywords: readonly string[];
  /** Compare keywords with the text lower-cased. */
  readonly caseInsensitiveKeywords?: boolean;
  /** A global regex. Group 1, when present, is the part kept before the secret. */
  readonly pattern: RegExp;
  /**
   * The secret part of a match is replaced only when this returns true (default: always).
   * `cut` says the size budget cut the text right after the match; `kept` is group 1;
   * `next` is the character after the match ('' at the end).
   */
  readonly accept?: (secret: string, cut: boolean, kept: string, next: string) => boolean;
  /** Length of the secret when it ends before the match does (the rest is scanned again). */
  readonly secretLength?: (secret: string) => number;
}

/** Characters of base62 keys with `_` and `-`. */
const KEY = '[A-Za-z0-9_-]';
/** Not preceded by a letter or digit: `task-…` is no key, but `KEY_sk-…` or `"sk-…` is. */
const START = '(?<![A-Za-z0-9])';

const hasDigit = (s: string): boolean => /\d/.test(s);
const hasLetter = (s: string): boolean => /[A-Za-z]/.test(s);
/** At least `min` characters (or any length when the size budget cut the text right after it). */
const atLeast =
  (min: number, extra?: (s: string) => boolean) =>
  (s: string, cut: boolean): boolean =>
    cut || (s.length >= min && (extra === undefined || extra(s)));
/** Exactly `n` characters; a longer run is some other identifier. */
const exactly = (n: number) => (s: string, cut: boolean) => s.length === n || (cut && s.length < n);

/** A rule whose secret is a literal prefix followed by a run of `chars`. */
function prefixed(id: string, prefixes: readonly string[], chars: string, accept: SecretRule['accept']): SecretRule {
  const alternatives = prefixes.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return { id, keywords: prefixes, pattern: new RegExp(`${START}(?:${alternatives})${chars}*`, 'g'), accept };
}

/** Accepts a body (after the prefix) of at least `min` characters with `extra`. */
function body(prefixLength: number, min: number, extra?: (s: string) => boolean): SecretRule['accept'] {
  return (s, cut) => {
    const rest = s.slice(prefixLength);
    return cut ? rest.length > 0 : rest.length >= min && (extra === undefined || extra(rest));
  };
}
/** Like `body`, for rules with several prefixes: the body starts after the first `sep`. */
function bodyAfter(sep: string, min: number, extra?: (s: string) => boolean): SecretRule['accept'] {
  return (s, cut) => {
    const rest = s.slice(s.indexOf(sep) + sep.length);
    return cut ? rest.length > 0 : rest.length >= min && (extra === undefined || extra(rest));
  };
}

/** Assignment names that hold a secret; the name must end with one (`max_tokens` does not). */
const SECRET_NAMES =
  '(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|signing[_-]?key|account[_-]?key|auth[_-]?key|client[_-]?secret|credentials?)';
/** Values that are placeholders, not secrets. */
const PLACEHOLDER = /^(?:\$|<|\{|%|\*{3}|x{4}|\[|null$|none$|nil$|undefined$|true$|false$|required$|optional$|string$|str$|your[_-])/i;

/** The built-in rules, in the order they run (specific formats before generic ones). */
export const BUILT_IN_RULES: readonly SecretRule[] = [
  // PEM private keys, also inside JSON text (`\n` escapes). The body run stops at the first
  // character that cannot be in a PEM block; the END line is part of the run.
  {
    id: 'private-key',
    keywords: ['-----BEGIN'],
    pattern: /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\s\\:,._-]*/g,
    secretLength: (s) => {
      const end = s.indexOf('-----END', 11);
      if (end < 0) return s.length;
      const close = s.indexOf('-----', end + 8);
      return close < 0 ? s.length : close + 5;
    },
  },
  // JWTs: three base64url parts, the first two JSON objects (`eyJ` = `{"`).
  {
    id: 'jwt',
    keywords: ['eyJ'],
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_.-]*/g,
    accept: (s, cut) => {
      const parts = s.split('.');
      if (cut) return parts.length >= 2 || s.length >= 16;
      return parts.length >= 3 && parts.length <= 5 && parts[1]!.startsWith('eyJ') && parts[0]!.length >= 10 && parts[1]!.length >= 10;
    },
  },
  // Passwords in URLs of any scheme: `postgres://user:secret@host`, `redis://:secret@host`.
  {
    id: 'url-password',
    keywords: ['://'],
    pattern: /(:\/\/[^\s:/@"'<>]{0,256}:)([^\s/@"'<>]{1,256})(?=@)/g,
    accept: (s) => !PLACEHOLDER.test(s) && s !== '<secret:url-password>',
  },
  // LLM vendors and observability backends.
  prefixed('langfuse-key', ['sk-lf-', 'pk-lf-'], '[A-Za-z0-9-]', body(6, 8)),
  prefixed('anthropic-key', ['sk-ant-'], KEY, body(7, 16)),
  prefixed('openai-key', ['sk-proj-', 'sk-svcacct-', 'sk-admin-'], KEY, bodyAfter('-', 20, hasDigit)),
  prefixed('openai-key', ['sk-'], KEY, body(3, 20, hasDigit)),
  prefixed('foglamp-key', ['fl_'], KEY, body(3, 12, hasDigit)),
  prefixed('huggingface-token', ['hf_'], '[A-Za-z0-9]', body(3, 30)),
  prefixed('groq-key', ['gsk_'], '[A-Za-z0-9]', body(4, 40)),
  prefixed('replicate-token', ['r8_'], '[A-Za-z0-9]', body(3, 30, hasDigit)),
  prefixed('perplexity-key', ['pplx-'], '[A-Za-z0-9]', body(5, 40)),
  prefixed('xai-key', ['xai-'], '[A-Za-z0-9]', body(4, 60)),
  // Cloud providers.
  prefixed('aws-access-key', ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'], '[A-Z0-9]', (s, cut) => exactly(20)(s, cut) && hasDigit(s.slice(4))),
  prefixed('google-api-key', ['AIza'], KEY, exactly(39)),
  prefixed('digitalocean-token', ['dop_v1_', 'doo_v1_', 'dor_v1_'], '[a-f0-9]', body(7, 64)),
  prefixed('databricks-token', ['dapi'], '[a-f0-9]', (s, cut) => exactly(36)(s, cut) && hasDigit(s)),
  prefixed('vault-token', ['hvs.', 'hvb.'], KEY, body(4, 24)),
  prefixed('age-secret-key', ['AGE-SECRET-KEY-1'], '[A-Z0-9]', body(16, 40)),
  // Code hosts, CI and package registries.
  prefixed('github-token', ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], '[A-Za-z0-9]', body(4, 36)),
  prefixed('github-token', ['github_pat_'], '[A-Za-z0-9_]', body(11, 60)),
  prefixed('gitlab-token', ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glimt-', 'glcbt-', 'glsoat-'], KEY, bodyAfter('-', 20)),
  prefixed('npm-token', ['npm_'], '[A-Za-z0-9]', body(4, 36)),
  prefixed('pypi-token', ['pypi-AgE'], KEY, body(8, 50)),
  prefixed('docker-token', ['dckr_pat_'], KEY, body(9, 20)),
  prefixed('atlassian-token', ['ATATT3'], '[A-Za-z0-9_=-]', body(6, 100)),
  prefixed('linear-key', ['lin_api_'], '[A-Za-z0-9]', body(8, 40)),
  prefixed('sentry-token', ['sntrys_', 'sntryu_'], '[A-Za-z0-9_=+/.-]', body(7, 40)),
  prefixed('grafana-token', ['glsa_', 'glc_'], '[A-Za-z0-9_=+/-]', bodyAfter('_', 32)),
  prefixed('newrelic-key', ['NRAK-'], '[A-Z0-9]', body(5, 27)),
  prefixed('shopify-token', ['shpat_', 'shpca_', 'shppa_', 'shpss_'], '[a-fA-F0-9]', body(6, 32)),
  prefixed('notion-token', ['ntn_'], '[A-Za-z0-9]', body(4, 40)),
  // Payment.
  prefixed('stripe-key', ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'whsec_'], '[A-Za-z0-9]', (s, cut) => {
    const rest = s.replace(/^(?:[sr]k_(?:live|test)_|whsec_)/, '');
    return cut ? rest.length > 0 : rest.length >= 20;
  }),
  prefixed('square-token', ['sq0atp-', 'sq0csp-'], KEY, bodyAfter('-', 22)),
  // Chat and email.
  prefixed('slack-token', ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxe-', 'xapp-'], '[A-Za-z0-9-]', body(5, 10, hasDigit)),
  {
    id: 'slack-webhook',
    keywords: ['hooks.slack.com/'],
    pattern: /(hooks\.slack\.com\/(?:services|workflows|triggers)\/)[A-Za-z0-9+/_-]*/g,
    accept: (s, cut) => cut || s.length >= 20,
  },
  {
    id: 'discord-webhook',
    keywords: ['/api/webhooks/'],
    pattern: /(discord(?:app)?\.com\/api\/webhooks\/)[0-9A-Za-z/_-]*/g,
    accept: (s, cut) => cut || s.length >= 20,
  },
  {
    id: 'telegram-bot-token',
    keywords: [':AA'],
    pattern: /(?<![0-9])[0-9]{5,16}:AA[A-Za-z0-9_-]*/g,
    accept: (s, cut) => cut || s.length - s.indexOf(':') - 1 >= 32,
  },
  prefixed('sendgrid-key', ['SG.'], '[A-Za-z0-9_.-]', (s, cut) => cut || (s.length >= 60 && s.split('.').length === 3)),
  prefixed('mailgun-key', ['key-'], '[a-z0-9]', (s, cut) => exactly(36)(s, cut) && hasDigit(s.slice(4))),
  prefixed('twilio-key', ['SK'], '[a-fA-F0-9]', (s, cut) => exactly(34)(s, cut) && hasDigit(s)),
  // HTTP credentials.
  {
    id: 'bearer-token',
    keywords: ['bearer'],
    caseInsensitiveKeywords: true,
    pattern: /(\b[Bb][Ee][Aa][Rr][Ee][Rr][ \t]+)[A-Za-z0-9._~+/=-]*/g,
    accept: atLeast(8, (s) => hasDigit(s) && hasLetter(s)),
  },
  {
    id: 'basic-auth',
    keywords: ['basic'],
    caseInsensitiveKeywords: true,
    pattern: /(\b[Bb][Aa][Ss][Ii][Cc][ \t]+)[A-Za-z0-9+/=]*/g,
    accept: atLeast(12, (s) => hasDigit(s) && /[a-z]/.test(s) && /[A-Z]/.test(s)),
  },
  // `password=…`, `"api_key": "…"`, `DB_PASSWORD: '…'`, `AccountKey=…;` (connection strings),
  // `?token=…&`, also inside JSON text, escaped up to three times (`\\\"password\\\":…`). Group 1 is the name and the
  // separator, kept; the value is checked in `accept`.
  {
    id: 'assignment',
    keywords: ['pass', 'pwd', 'secret', 'token', 'key', 'credential'],
    caseInsensitiveKeywords: true,
    pattern: new RegExp(`((?<!<)${SECRET_NAMES}(?:\\\\{0,7}["'])?[ \\t]{0,8}(?::=|=>|[:=])[ \\t]{0,8}(?:\\\\{0,7}["'])?)[^\\s"'\\\\&;,<>(){}\\[\\]]*`, 'gi'),
    accept: (value, cut, kept, next) => acceptAssignment(kept, value, cut, next),
  },
];

/**
 * Whether an assignment's value is a secret: not a placeholder or a marker. A quoted value
 * (`"password": "…"`, `API_KEY='…'`) of 3+ characters is; an unquoted one only when it
 * looks like a credential — 6+ characters with a digit or a symbol — and not like code:
 * `token = getToken()`, `password = input`, `apiKey: config.apiKey` and prose ("token:
 * the unit of text") stay.
 */
export function acceptAssignment(kept: string, value: string, cut: boolean, next = ''): boolean {
  if (value.length === 0 || PLACEHOLDER.test(value) || value.startsWith('<secret:')) return false;
  if (cut) return true;
  if (value.length < 3) return false;
  if (/["']\s*$/.test(kept)) return true;
  // Code that reads the secret from elsewhere (`password = config.db.password`, an environment lookup, a call).
  if (next === '(' || /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value) || /^(?:process\.env|os\.environ|getenv)/.test(value)) return false;
  return value.length >= 6 && (hasDigit(value) || /[^A-Za-z_]/.test(value));
}
