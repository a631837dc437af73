import { trace } from '@opentelemetry/api';
import { RateLimitedLogger, type ExportCounterStats } from '@lamplight/core/internal';
import { DeliveryEngine, positiveOption, resolveBackendConfig } from '@lamplight/transport';
import { langfuseSpec, langfuseTarget, withKeys, type LangfuseExporterOptions } from '../langfuse-config.js';
import { LangfuseApiClient } from './langfuse-api-client.js';
import { scoreCodec } from './score-codec.js';
import { scoreBody, type ScoreBody, type ScoreInput } from './score-input.js';

const log = new RateLimitedLogger('@lamplight/langfuse');

/** Options of `LangfuseScores`: the exporter's keys, host and HTTP settings, and a queue. */
export interface LangfuseScoresOptions extends LangfuseExporterOptions {
  /** Most scores waiting; more are dropped and counted `queue-full`. Default 1000. */
  maxQueueSize?: number;
  /** Delay before queued scores are sent, in ms; default 1000. */
  scheduledDelayMillis?: number;
}

/** The trace id of the span active here, for scoring the current trace; undefined outside a trace. */
export function currentTraceId(): string | undefined {
  const ctx = trace.getActiveSpan()?.spanContext();
  return ctx && ctx.traceId !== '00000000000000000000000000000000' ? ctx.traceId : undefined;
}

/**
 * Sends scores to Langfuse (`POST /api/public/scores`) the way spans are sent: queued (never
 * on the caller's path), one request per score through the shared delivery engine with
 * retries inside a deadline, and every score accounted for in `stats()`. `score()` never
 * throws: a score that cannot be sent is counted `render-error` with one diagnostic.
 */
export class LangfuseScores {
  private readonly engine: DeliveryEngine<ScoreBody, ScoreBody>;
  private readonly client: LangfuseApiClient;
  private readonly maxQueueSize: number;
  private readonly delayMs: number;
  private queue: ScoreBody[] = [];
  private invalid = 0;
  private full = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sending: Promise<void> = Promise.resolve();
  private projectId: Promise<string | undefined> | undefined;
  private closed = false;

  constructor(options: LangfuseScoresOptions = {}) {
    const { maxQueueSize, scheduledDelayMillis, ...rest } = options;
    const config = withKeys(resolveBackendConfig(langfuseSpec('LangfuseScores', '/api/public/scores', { default: 1_048_576 }), rest as LangfuseExporterOptions & Record<string, unknown>));
    this.engine = new DeliveryEngine(langfuseTarget('langfuse-scores', 'Langfuse scores', config, { 'content-type': 'application/json' }, new Set(['authorization', 'content-type'])), scoreCodec);
    this.client = new LangfuseApiClient(rest);
    this.maxQueueSize = positiveOption('LangfuseScores', 'maxQueueSize', maxQueueSize, 1000);
    this.delayMs = positiveOption('LangfuseScores', 'scheduledDelayMillis', scheduledDelayMillis, 1000);
  }

  /** Queues a score; never throws. See `ScoreInput` for the target and value rules. */
  score(input: ScoreInput): void {
    try {
      const body = this.closed ? 'the score client is shut down' : scoreBody(input, () => crypto.randomUUID());
      if (typeof body === 'string') {
        this.invalid++;
        log.warn('invalid-score', `a score was not sent: ${body}`);
        return;
      }
      if (this.queue.length >= this.maxQueueSize) {
        this.full++;
        log.warn('scores-full', `the score queue is full (${this.maxQueueSize}); score dropped (reason: queue-full)`);
        return;
      }
      this.queue.push(body);
      this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
      (this.timer as { unref?: () => void }).unref?.();
    } catch (error) {
      this.invalid++;
      log.warn('score-error', 'a score could not be queued', error);
    }
  }

  /** Sends everything queued; resolves when Langfuse has answered (or the deadline passed). */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    // One delivery at a time, in order.
    this.sending = this.sending.then(async () => {
      if (batch.length > 0) await this.engine.deliver(batch);
    });
    return this.sending;
  }

  /** Sends what is queued, then refuses new scores. */
  async shutdown(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /** Scores sent, dropped by reason (invalid ones as `render-error`, a full queue as `queue-full`), requests made. */
  stats(): ExportCounterStats & { queued: number } {
    const s = this.engine.stats();
    const dropped = { ...s.dropped };
    if (this.invalid > 0) dropped['render-error'] = (dropped['render-error'] ?? 0) + this.invalid;
    if (this.full > 0) dropped['queue-full'] = (dropped['queue-full'] ?? 0) + this.full;
    return { ...s, dropped, queued: this.queue.length };
  }

  /** The trace's page in the Langfuse UI (the project is looked up once); undefined when it cannot be known. */
  async traceUrl(traceId: string | undefined = currentTraceId()): Promise<string | undefined> {
    if (traceId === undefined) return undefined;
    this.projectId ??= this.client.getProject().then((answer) => (answer.ok ? answer.body.id : undefined));
    const project = await this.projectId;
    if (project === undefined) this.projectId = undefined;
    return project === undefined ? undefined : `${this.client.baseUrl}/project/${encodeURIComponent(project)}/traces/${traceId}`;
  }
}
