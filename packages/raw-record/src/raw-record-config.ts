import { RAW_RECORD_PATH } from '@lamplight/core/internal';
import { integerOption, resolveBackendConfig, type BackendConfig, type CommonExporterOptions } from '@lamplight/transport';

/** Options of `RawRecordExporter`. `baseUrl` and `apiKey` fall back to the environment. */
export interface RawRecordExporterOptions extends Omit<CommonExporterOptions, 'maxRequestBytes'> {
  /**
   * `LAMPLIGHT_RAW_RECORD_BASE_URL`: the API's base URL; records go to `{baseUrl}/api/v1/telemetry/raw`.
   * A URL that already ends in that path is used as it is. Required: there is no public default.
   */
  baseUrl?: string;
  /** `LAMPLIGHT_RAW_RECORD_API_KEY`, sent as `X-API-Key`. Optional (the API marks the header nullable); never logged. */
  apiKey?: string;
  /** Most requests in flight at once (one record each), 1–32; default 4. */
  maxConcurrency?: number;
}

/** Resolved exporter settings. */
export interface RawRecordConfig extends BackendConfig {
  apiKey?: string;
  maxConcurrency: number;
}

/** Most requests in flight a user may ask for: one record per request, but a backend is not a load test. */
export const MAX_RAW_RECORD_CONCURRENCY = 32;

/** Options > environment > defaults (the shared resolver's rules); a base URL is required. */
export function resolveRawRecordConfig(options: RawRecordExporterOptions = {}): RawRecordConfig {
  const config = resolveBackendConfig(
    {
      exporter: 'RawRecordExporter',
      path: RAW_RECORD_PATH,
      baseUrlEnv: ['LAMPLIGHT_RAW_RECORD_BASE_URL'],
      credentials: [{ option: 'apiKey', env: 'LAMPLIGHT_RAW_RECORD_API_KEY', required: false, noun: 'API key' }],
      // One record per request: the budget only bounds what the codec may send.
      maxRequestBytes: { default: Number.MAX_SAFE_INTEGER },
    },
    options as RawRecordExporterOptions & Record<string, unknown>,
  );
  const maxConcurrency = integerOption('RawRecordExporter', 'maxConcurrency', options.maxConcurrency, 4, 1, MAX_RAW_RECORD_CONCURRENCY);
  const apiKey = config.credentials.apiKey;
  return { ...config, maxConcurrency, ...(apiKey !== undefined ? { apiKey } : {}) };
}
