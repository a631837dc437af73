import type { ReadableSpanLike } from '../span-like.js';
import type { ObservationExporter } from './export-types.js';
import type { PrivacyLimits } from '../content/privacy-gate.js';
import { SecretScrubber, type SecretScrubberOptions } from '../content/secret-scrubber.js';
import type { MaskFunction } from './prepare-observation.js';
import type { SpanExporterLike } from './span-exporter-adapter.js';
import type { ObservationEnricher } from '../content-events/content-event-store.js';

/** Options of `LamplightSpanProcessor`. Code options only: the core reads no environment. */
export interface LamplightSpanProcessorOptions {
  /** Where observations go: a Lamplight exporter, or any OTel `SpanExporter` (sent Langfuse-ready spans). */
  exporter?: ObservationExporter | SpanExporterLike;
  /** Several destinations: each span is normalised once, then each destination has its own lane (queue, export loop, ledger). */
  exporters?: Array<ObservationExporter | SpanExporterLike>;
  /** `batched` (default) exports on a timer or when a batch fills; `immediate` right after each span ends (serverless). */
  exportMode?: 'batched' | 'immediate';
  /**
   * Most spans waiting, default 8192: in the intake (ended, not yet prepared) and, again,
   * in each destination's lane, so a destination that is down fills only its own lane. The
   * lanes share the prepared observations rather than copying them.
   */
  maxQueueSize?: number;
  /**
   * Most estimated bytes the processor holds in all, default 32 MiB: a quarter for ended
   * spans not yet prepared, the rest shared out between the destinations' lanes, each lane
   * counting what it has queued and what it is exporting (a prepared span counts twice its
   * size: the span and its observation). With a backend down, memory stays within this.
   */
  maxQueueBytes?: number;
  /** Spans per export; default 512. */
  maxExportBatchSize?: number;
  /** Delay before a partial batch is exported, in ms; default 1000. */
  scheduledDelayMillis?: number;
  /** Deadline of `forceFlush`/`shutdown`, in ms; default 30000. */
  exportTimeoutMillis?: number;
  /** Export every span, not only LLM spans and their ancestors. */
  exportAllSpans?: boolean;
  /**
   * Overrides the default filter: gets the span and the default decision, returns whether to
   * export. A throwing predicate keeps the default decision (logged once).
   */
  shouldExportSpan?: (span: ReadableSpanLike, defaultDecision: boolean) => boolean;
  /**
   * `false` keeps all content out of exported spans: input, output, system instructions,
   * tool definitions, and every forwarded attribute or event attribute not on the
   * non-content allow-list (deny by default); default true.
   */
  captureContent?: boolean;
  /** Rewrites every field that leaves (content, metadata, names, ids, tags, attributes, events); fails closed. */
  mask?: MaskFunction;
  /** Replaces credentials (cloud, code-host, vendor, payment, chat keys, JWTs, PEM keys, passwords) everywhere; default true. */
  scrubSecrets?: boolean;
  /** Built-in secret rules to turn off (`disable: ['assignment']`) and custom rules to add. */
  secretRules?: SecretScrubberOptions;
  /** More attribute keys (exact, or `prefix.*`) that pass with content capture off. */
  allowAttributes?: string[];
  /** Overrides of the limits on names, tags, metadata keys, forwarded attributes and events. */
  privacyLimits?: Partial<PrivacyLimits>;
  /** Byte budget per content field; default 1 MiB. */
  maxFieldBytes?: number;
  /**
   * Content that reached Lamplight outside span attributes — GenAI log events kept by the
   * log bridge (`setupLogBridge()` in `@lamplight/register/api`) — merged into each
   * observation right after it is read, before the privacy gate.
   */
  contentEvents?: ObservationEnricher;
  /** Defaults for observations that do not carry their own. */
  environment?: string;
  release?: string;
  version?: string;
}

/**
 * Default of `maxQueueBytes`. With 50 KB prompts and the backend down, heap growth after GC
 * stays under 32 MB with it (the benchmark's backend-down runs); a healthy backend drains
 * long before: a lane exports as soon as it holds a third of its share.
 */
export const DEFAULT_MAX_QUEUE_BYTES = 32 * 1024 * 1024;

/** Options after defaults and validation. */
export type ResolvedProcessorOptions = Required<
  Pick<
    LamplightSpanProcessorOptions,
    | 'exportMode'
    | 'maxQueueSize'
    | 'maxQueueBytes'
    | 'maxExportBatchSize'
    | 'scheduledDelayMillis'
    | 'exportTimeoutMillis'
    | 'exportAllSpans'
    | 'captureContent'
    | 'maxFieldBytes'
    | 'scrubSecrets'
  >
> &
  Pick<LamplightSpanProcessorOptions, 'shouldExportSpan' | 'mask' | 'environment' | 'release' | 'version' | 'contentEvents' | 'secretRules' | 'allowAttributes' | 'privacyLimits'>;

/**
 * Applies defaults and validates. A bad code option throws here, in the constructor,
 * with a message naming the option (DESIGN §6 rule 7).
 */
export function resolveProcessorOptions(o: LamplightSpanProcessorOptions): ResolvedProcessorOptions {
  const positive = (name: keyof LamplightSpanProcessorOptions, value: number | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new TypeError(`LamplightSpanProcessor: option "${name}" must be a positive number, got ${String(value)}`);
    }
    return value;
  };
  if (o.exportMode !== undefined && o.exportMode !== 'batched' && o.exportMode !== 'immediate') {
    throw new TypeError(`LamplightSpanProcessor: option "exportMode" must be "batched" or "immediate", got ${String(o.exportMode)}`);
  }
  if (o.shouldExportSpan !== undefined && typeof o.shouldExportSpan !== 'function') {
    throw new TypeError('LamplightSpanProcessor: option "shouldExportSpan" must be a function');
  }
  if (o.contentEvents !== undefined && typeof o.contentEvents?.enrich !== 'function') {
    throw new TypeError('LamplightSpanProcessor: option "contentEvents" must have an enrich(observation) method');
  }
  if (o.mask !== undefined && typeof o.mask !== 'function') {
    throw new TypeError('LamplightSpanProcessor: option "mask" must be a function');
  }
  if (o.secretRules !== undefined) {
    try {
      new SecretScrubber(o.secretRules);
    } catch (error) {
      throw new TypeError(`LamplightSpanProcessor: option "secretRules" is malformed: ${(error as Error).message}`);
    }
  }
  if (o.allowAttributes !== undefined && (!Array.isArray(o.allowAttributes) || o.allowAttributes.some((k) => typeof k !== 'string'))) {
    throw new TypeError('LamplightSpanProcessor: option "allowAttributes" must be an array of attribute keys');
  }
  const maxQueueSize = positive('maxQueueSize', o.maxQueueSize, 8192);
  const maxExportBatchSize = Math.min(positive('maxExportBatchSize', o.maxExportBatchSize, 512), maxQueueSize);
  return {
    exportMode: o.exportMode ?? 'batched',
    maxQueueSize,
    maxQueueBytes: positive('maxQueueBytes', o.maxQueueBytes, DEFAULT_MAX_QUEUE_BYTES),
    maxExportBatchSize,
    scheduledDelayMillis: positive('scheduledDelayMillis', o.scheduledDelayMillis, 1000),
    exportTimeoutMillis: positive('exportTimeoutMillis', o.exportTimeoutMillis, 30_000),
    exportAllSpans: o.exportAllSpans ?? false,
    captureContent: o.captureContent ?? true,
    scrubSecrets: o.scrubSecrets ?? true,
    maxFieldBytes: positive('maxFieldBytes', o.maxFieldBytes, 1_048_576),
    shouldExportSpan: o.shouldExportSpan,
    contentEvents: o.contentEvents,
    mask: o.mask,
    secretRules: o.secretRules,
    allowAttributes: o.allowAttributes,
    privacyLimits: o.privacyLimits,
    environment: o.environment,
    release: o.release,
    version: o.version,
  };
}
