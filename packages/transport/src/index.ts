// The Node entry: installs the Node platform (`node:http` by default, zlib with a level),
// which is loaded lazily, so an HTTP instrumentation loaded after us can still patch it.
import { nodePlatform } from './node-platform.js';
import { useTransportPlatform } from './transport-platform.js';

useTransportPlatform(nodePlatform);

export { httpSend } from './http-send.js';
export { nodePlatform } from './node-platform.js';
export { fetchSend } from './fetch-send.js';
export type { HttpRequest } from './http-request.js';
export { sendWithRetry } from './retry.js';
export type { RetryOptions, RetryOutcome } from './retry.js';
export { sendBodyWithRetry } from './send-body.js';
export type { BodySendLimits, BodyTarget, Sender } from './send-body.js';
export { userHeaders } from './user-headers.js';
export { abortedResult, classifyResponse, connectionFailure, isRetryableStatus, parseRetryAfter } from './send-result.js';
export type { SendResult } from './send-result.js';
export { gzipAsync, DEFAULT_GZIP_LEVEL } from './gzip.js';
export { DeliveryEngine } from './delivery-engine.js';
export { DeliveryExporter } from './delivery-exporter.js';
export type { AcceptedItems, DeliveryCodec, DeliveryTarget } from './delivery-codec.js';
export { createRedactor, displayUrl } from './redact.js';
export type { Redactor } from './redact.js';
export { responseReason } from './response-reason.js';
export { ConfigError, choiceOption, deliveryTarget, integerOption, positiveOption, resolveBackendConfig } from './backend-config.js';
export type { BackendConfig, BackendSpec, CommonExporterOptions, CompressionOptions, CredentialSpec, TargetFields } from './backend-config.js';
export { processEnv } from './backend-config.js';
export { transportPlatform, useTransportPlatform } from './transport-platform.js';
export type { TransportPlatform } from './transport-platform.js';
export { webPlatform } from './web-platform.js';
