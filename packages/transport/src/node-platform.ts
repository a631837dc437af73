import { fetchSend } from './fetch-send.js';
import { httpSend } from './http-send.js';
import { nodeGzip } from './node-gzip.js';
import type { TransportPlatform } from './transport-platform.js';

/** Node: `node:http` by default (`fetch` on request) and zlib with a chosen level. */
export const nodePlatform: TransportPlatform = {
  name: 'node',
  defaultClient: 'node',
  clients: { node: httpSend, fetch: fetchSend },
  canGzip: () => true,
  gzip: nodeGzip,
};
