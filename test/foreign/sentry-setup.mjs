// Preloaded before @lamplight/register: @sentry/node initialised first, as Sentry documents
// (its own OpenTelemetry setup), keeping 20 % of traces. The DSN points at a closed local
// port: Sentry's own sending fails quietly, which is all this app needs from it.
import * as Sentry from '@sentry/node';

Sentry.init({ dsn: 'http://public@127.0.0.1:9/1', tracesSampleRate: 0.2 });
