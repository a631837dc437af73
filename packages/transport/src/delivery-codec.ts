import type { DropReason, ExportItem } from '@lamplight/core';
import type { Sender } from './send-body.js';

/** What a 2xx answer says about the items of one request. */
export interface AcceptedItems {
  /** Items the backend took. */
  delivered: number;
  /** Items it named as refused, by reason; delivered + dropped = the request's items. */
  dropped?: Partial<Record<DropReason, number>>;
  /** One line per refusal (`generation "chat" (span 1f…): 400 …`), quoted in the call's diagnostic. */
  rejections?: string[];
  /** A note for the log when the answer could not be read (the items are then counted delivered). */
  unreadable?: string;
}

/**
 * One backend's wire format over the shared delivery engine: how prepared observations pack
 * into request bodies and what an answer says about them. Everything about delivery —
 * deadline, retries, 413 halving, 401/403, abort, accounting, redacted diagnostics — is the
 * engine's, so a codec holds no timer, no counter and no log line of its own.
 *
 * `R` is the codec's own request unit (rendered spans, JSON pieces, one record, …); `I` is
 * what it is given to deliver — prepared observations, or another kind of item (scores).
 */
export interface DeliveryCodec<R, I = ExportItem> {
  /**
   * Renders the batch into requests, lazily: the engine pulls the next request only when
   * it can send it, so rendering a large batch is spread over the export instead of done
   * in one stretch. An item that cannot be rendered is reported to `onRenderError` (counted
   * `render-error`) and left out; an empty request is never produced.
   */
  pack(items: readonly I[], onRenderError: (item: I, error: unknown) => void): Iterable<R> | AsyncIterable<R>;
  /** How an item is named in a diagnostic; default: its observation's name. */
  itemName?(item: I): string;
  /** The number of items a request carries: what its outcome is counted in. */
  itemCount(request: R): number;
  /** The request body as sent (compressed where the codec compresses). */
  encode(request: R): Uint8Array | Promise<Uint8Array>;
  /** The two halves of a request refused with 413, or undefined when it cannot be split (one item). */
  split(request: R): [R, R] | undefined;
  /** What a 2xx answer (its body) says; without it every item of a 2xx counts as delivered. */
  accepted?(request: R, body: string): AcceptedItems;
  /** How a refused request is named in a diagnostic (`span "chat" (1f…)`); default: its item count. */
  describe?(request: R): string;
  /** Why a request must not be sent at all (above a hard limit of the backend): it is counted `too-large`. */
  oversize?(request: R): string | undefined;
}

/** Where a codec's requests go and how each backend's mistakes are explained. */
export interface DeliveryTarget {
  /** A short name for stats and diagnostics: `langfuse`, `foglamp`, … */
  name: string;
  /** How the backend is called in a sentence: `Langfuse`, `the raw record endpoint`. */
  label: string;
  url: URL;
  headers: Record<string, string>;
  /** Timeout of one attempt, in ms. */
  timeoutMillis: number;
  /** One deadline for every request, retry and wait of an export call, in ms. */
  exportDeadlineMillis: number;
  /** Credentials configured for this target: blanked out of every diagnostic. */
  secrets: ReadonlyArray<string | undefined>;
  /** What to check after a 401/403, e.g. `LANGFUSE_PUBLIC_KEY/LANGFUSE_SECRET_KEY and LANGFUSE_BASE_URL`. */
  authHint: string;
  /** Requests in flight at once; default 1 (raw records, one per request, use more). */
  concurrency?: number;
  /** The HTTP client; default `httpSend` (`node:http`). */
  send?: Sender;
}
