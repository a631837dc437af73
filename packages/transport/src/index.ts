export { httpSend } from './http-send.js';
export type { HttpRequest } from './http-send.js';
export { sendWithRetry } from './retry.js';
export type { RetryOptions, RetryOutcome } from './retry.js';
export { isRetryableStatus, parseRetryAfter } from './send-result.js';
export type { SendResult } from './send-result.js';
export { gzipAsync, DEFAULT_GZIP_LEVEL } from './gzip.js';
