import { fetchSend } from './fetch-send.js';
import type { TransportPlatform } from './transport-platform.js';
import { webGzip } from './web-gzip.js';

/** Web APIs only: `fetch` and `CompressionStream`. */
export const webPlatform: TransportPlatform = {
  name: 'web',
  defaultClient: 'fetch',
  clients: { fetch: fetchSend },
  canGzip: () => typeof CompressionStream === 'function',
  gzip: (data) => webGzip(data),
};
