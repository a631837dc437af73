import { FOGLAMP_MAX_TRACES_PER_BATCH } from '@lamplight/core/internal';
import { integerOption, resolveBackendConfig, type BackendConfig, type CommonExporterOptions, type CompressionOptions } from '@lamplight/transport';

/** Options of `FoglampExporter`. `apiKey` and `baseUrl` fall back to the environment, then to a default. */
export interface FoglampExporterOptions extends CommonExporterOptions, CompressionOptions {
  /** `FOGLAMP_API_KEY` (keys look like `fl_…`). Sent as `Authorization: Bearer <key>`; never logged. */
  apiKey?: string;
  /** `FOGLAMP_BASE_URL`; default `http://localhost:4000` (the vendor page's example). Requests go to `{baseUrl}/ingest`. */
  baseUrl?: string;
  /** Most trace entries per request, 1–1000; default 1000 (the contract's limit). */
  maxTracesPerRequest?: number;
}

/** Resolved exporter settings. */
export interface FoglampConfig extends BackendConfig {
  apiKey: string;
  maxTracesPerRequest: number;
}

/** The vendor page's example base URL, used when neither the option nor the environment gives one. */
export const DEFAULT_FOGLAMP_BASE_URL = 'http://localhost:4000';
/** Path of the ingest route, appended to the base URL. */
export const FOGLAMP_INGEST_PATH = '/ingest';

/**
 * Options > environment > defaults (the shared resolver's rules). gzip is off by default:
 * the vendor does not promise to accept it.
 */
export function resolveFoglampConfig(options: FoglampExporterOptions = {}): FoglampConfig {
  const config = resolveBackendConfig(
    {
      exporter: 'FoglampExporter',
      path: FOGLAMP_INGEST_PATH,
      baseUrlEnv: ['FOGLAMP_BASE_URL'],
      defaultBaseUrl: DEFAULT_FOGLAMP_BASE_URL,
      credentials: [{ option: 'apiKey', env: 'FOGLAMP_API_KEY', required: true, noun: 'API key' }],
      maxRequestBytes: { default: 2 * 1024 * 1024 },
      compression: 'none',
    },
    options as FoglampExporterOptions & Record<string, unknown>,
  );
  const maxTracesPerRequest = integerOption('FoglampExporter', 'maxTracesPerRequest', options.maxTracesPerRequest, FOGLAMP_MAX_TRACES_PER_BATCH, 1, FOGLAMP_MAX_TRACES_PER_BATCH);
  return { ...config, apiKey: config.credentials.apiKey as string, maxTracesPerRequest };
}
