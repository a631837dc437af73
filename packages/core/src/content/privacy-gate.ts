import { RateLimitedLogger } from '../diag-logger.js';
import { truncateString } from '../serialize/truncate-string.js';
import { AttributeAllowList } from './attribute-allow-list.js';
import { SecretScrubber, type SecretScrubberOptions } from './secret-scrubber.js';

const log = new RateLimitedLogger('@lamplight/core');

/** Bounds the gate puts on everything but the content fields (which use `maxFieldBytes`). */
export interface PrivacyLimits {
  /** Span, trace, agent, workflow and prompt names, model and provider; UTF-8 bytes. */
  maxNameBytes: number;
  /** Status message and exception message; UTF-8 bytes. */
  maxMessageBytes: number;
  /** Exception stack trace; UTF-8 bytes. */
  maxStackBytes: number;
  /** Tags kept per trace. */
  maxTags: number;
  /** Metadata keys kept per map (observation and trace metadata, model parameters). */
  maxMetadataKeys: number;
  /** One metadata value; UTF-8 bytes. */
  maxMetadataValueBytes: number;
  /** One attribute or metadata key, in characters; longer keys are dropped. */
  maxKeyLength: number;
  /** Forwarded (not rendered) span attributes kept per span. */
  maxAttributes: number;
  /** All forwarded attribute values of one span together; UTF-8 bytes. */
  maxForwardedBytes: number;
  /** Span events kept per span. */
  maxEvents: number;
  /** Attributes kept per event. */
  maxEventAttributes: number;
  /** One event attribute value (other than a stack trace); UTF-8 bytes. */
  maxEventValueBytes: number;
}

/** The default limits. */
export const DEFAULT_PRIVACY_LIMITS: Readonly<PrivacyLimits> = Object.freeze({
  maxNameBytes: 1_024,
  maxMessageBytes: 8_192,
  maxStackBytes: 32_768,
  maxTags: 100,
  maxMetadataKeys: 64,
  maxMetadataValueBytes: 2_000,
  maxKeyLength: 256,
  maxAttributes: 256,
  maxForwardedBytes: 2_097_152,
  maxEvents: 64,
  maxEventAttributes: 32,
  maxEventValueBytes: 8_192,
});

/** What the gate did, for `stats()`. */
export interface PrivacyStats {
  /** Secrets replaced, per rule id. */
  secrets: Record<string, number>;
  /** Values cut to a budget (with a visible marker), per field. */
  cut: Record<string, number>;
  /** Items dropped, per kind: `attribute-denied` (capture off), `attribute`, `event`, `tag`, `metadata-key`, … */
  dropped: Record<string, number>;
  /** Times the user's mask threw or returned an unusable value (the value was withheld). */
  maskFailures: number;
}

/** The options the gate is built from (a subset of the processor's options). */
export interface PrivacyGateOptions {
  /** Per-field budget of content fields and forwarded attribute values; UTF-8 bytes. */
  maxFieldBytes: number;
  /** `false` turns the secret scrubber off. */
  scrubSecrets?: boolean;
  /** Rules to turn off or add. */
  secretRules?: SecretScrubberOptions;
  /** More attribute keys (or `prefix.*`) that pass with content capture off. */
  allowAttributes?: readonly string[];
  /** Overrides of the default limits. */
  privacyLimits?: Partial<PrivacyLimits>;
}

/**
 * The one privacy gate (DESIGN §6 rule 5): the budget, the secret scrubber, the capture
 * allow-list and the counters, built once per processor configuration. Every string that
 * leaves — rendered field, forwarded attribute key and value, event, name, id, tag,
 * metadata — goes through `text` (or `key`).
 */
export class PrivacyGate {
  readonly scrubber: SecretScrubber | undefined;
  readonly allowList: AttributeAllowList;
  readonly limits: Readonly<PrivacyLimits>;
  readonly maxFieldBytes: number;
  private readonly cutCounts = new Map<string, number>();
  private readonly dropCounts = new Map<string, number>();
  private maskFailureCount = 0;

  constructor(options: PrivacyGateOptions) {
    this.maxFieldBytes = options.maxFieldBytes;
    this.limits = { ...DEFAULT_PRIVACY_LIMITS, ...positiveEntries(options.privacyLimits) };
    let scrubber: SecretScrubber | undefined;
    if (options.scrubSecrets !== false) {
      try {
        scrubber = new SecretScrubber(options.secretRules);
      } catch (error) {
        // A malformed custom rule must not turn scrubbing off: the built-in rules still run.
        log.warn('secret-rules', 'ignored the custom secret rules: they are malformed', error);
        scrubber = new SecretScrubber();
      }
    }
    this.scrubber = scrubber;
    this.allowList = new AttributeAllowList(Array.isArray(options.allowAttributes) ? options.allowAttributes : []);
  }

  /** `value` cut to `maxBytes` (counted under `field`) and scrubbed (`done` holds results scrubbed earlier). */
  text(value: string, maxBytes: number, field: string, done?: ReadonlyMap<string, string>): string {
    const bounded = this.cut(value, maxBytes, field);
    if (this.scrubber === undefined) return bounded;
    return done?.get(bounded) ?? this.scrubber.scrub(bounded);
  }

  /** `value` cut to `maxBytes`, counted under `field` when cut; not scrubbed. */
  cut(value: string, maxBytes: number, field: string): string {
    const { value: out, cutBytes } = truncateString(value, maxBytes);
    if (cutBytes > 0) this.countCut(field);
    return out;
  }

  /** An attribute or metadata key: undefined (counted) when longer than the key limit, else scrubbed. */
  key(key: string, kind: string): string | undefined {
    if (key.length === 0 || key.length > this.limits.maxKeyLength) {
      this.countDrop(`${kind}-key`);
      return undefined;
    }
    return this.scrubber ? this.scrubber.scrub(key) : key;
  }

  /** Counts `n` values of `field` cut to their budget. */
  countCut(field: string, n = 1): void {
    this.cutCounts.set(field, (this.cutCounts.get(field) ?? 0) + n);
  }

  /** Counts `n` items of `kind` dropped (denied by the capture switch, over a count limit, …). */
  countDrop(kind: string, n = 1): void {
    if (n > 0) this.dropCounts.set(kind, (this.dropCounts.get(kind) ?? 0) + n);
  }

  /** Counts a mask failure on `field` and says so once (rate-limited; never the value). */
  countMaskFailure(field: string, error?: unknown): void {
    this.maskFailureCount++;
    log.warn(`mask:${field}`, `the mask failed on field "${field}"; the value was withheld`, ...(error === undefined ? [] : [error]));
  }

  /** A snapshot of the counters. */
  stats(): PrivacyStats {
    return {
      secrets: Object.fromEntries(this.scrubber?.counts ?? []),
      cut: Object.fromEntries(this.cutCounts),
      dropped: Object.fromEntries(this.dropCounts),
      maskFailures: this.maskFailureCount,
    };
  }
}

const gates = new WeakMap<object, PrivacyGate>();

/**
 * The gate of one options object, built on first use. The processor passes the same
 * resolved options object for every span, so its gate (and its counters) is built once.
 */
export function privacyGateFor(options: PrivacyGateOptions): PrivacyGate {
  let gate = gates.get(options);
  if (gate === undefined) {
    gate = new PrivacyGate(options);
    gates.set(options, gate);
  }
  return gate;
}

/** The counters of the gate of `options` (all zero before the first span). */
export function privacyStatsFor(options: PrivacyGateOptions): PrivacyStats {
  return privacyGateFor(options).stats();
}

function positiveEntries(limits: Partial<PrivacyLimits> | undefined): Partial<PrivacyLimits> {
  const out: Partial<PrivacyLimits> = {};
  if (limits === null || typeof limits !== 'object') return out;
  for (const key of Object.keys(DEFAULT_PRIVACY_LIMITS) as Array<keyof PrivacyLimits>) {
    const v = limits[key];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[key] = Math.floor(v);
  }
  return out;
}
