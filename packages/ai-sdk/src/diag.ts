import { RateLimitedLogger } from '@lamplight/core/internal';

/**
 * The package's component logger on OTel `diag`. Internal failures are logged once per
 * key and minute: a broken assumption about the AI SDK repeats on every call.
 */
export const log = new RateLimitedLogger('@lamplight/ai-sdk');
