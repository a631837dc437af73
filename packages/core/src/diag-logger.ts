import { diag, type DiagLogger } from '@opentelemetry/api';

/** How long a repeated message stays silent after it was logged once. */
const REPEAT_INTERVAL_MS = 60_000;
/** Bound on distinct message keys remembered, so a stream of unique keys cannot grow memory. */
const MAX_KEYS = 256;

/**
 * A component logger on OTel `diag` that logs each message key at most once a minute.
 * Instrumentation failures tend to repeat on every span; one line says it, a counter in
 * `stats()` says how often.
 */
export class RateLimitedLogger {
  private readonly logger: DiagLogger;
  private readonly lastLogged = new Map<string, number>();

  constructor(namespace: string) {
    this.logger = diag.createComponentLogger({ namespace });
  }

  /** Logs at warn level unless `key` was logged within the last minute. */
  warn(key: string, message: string, ...args: unknown[]): void {
    if (this.allow(key)) this.logger.warn(message, ...args);
  }

  /** Logs at error level unless `key` was logged within the last minute. */
  error(key: string, message: string, ...args: unknown[]): void {
    if (this.allow(key)) this.logger.error(message, ...args);
  }

  /** Debug output is not rate limited: it is off unless the user asks for it. */
  debug(message: string, ...args: unknown[]): void {
    this.logger.debug(message, ...args);
  }

  /** Info output, rate limited per key. */
  info(key: string, message: string, ...args: unknown[]): void {
    if (this.allow(key)) this.logger.info(message, ...args);
  }

  private allow(key: string): boolean {
    const now = Date.now();
    const last = this.lastLogged.get(key);
    if (last !== undefined && now - last < REPEAT_INTERVAL_MS) return false;
    if (this.lastLogged.size >= MAX_KEYS) this.lastLogged.clear();
    this.lastLogged.set(key, now);
    return true;
  }
}
