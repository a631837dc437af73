import type * as Zlib from 'node:zlib';

let zlib: Promise<typeof Zlib> | undefined;

/**
 * gzip with zlib's asynchronous API, which runs on the libuv thread pool, so a large batch
 * never stalls the app's event loop. `node:zlib` is loaded on first use: the module graph
 * of the edge entry never reaches this file, and a Node app pays for zlib only once it
 * compresses.
 */
export async function nodeGzip(data: Uint8Array, level: number): Promise<Uint8Array> {
  zlib ??= import('node:zlib');
  const { gzip, constants } = await zlib;
  return new Promise((resolve, reject) => {
    gzip(data, { level: Math.max(constants.Z_NO_COMPRESSION, Math.min(constants.Z_BEST_COMPRESSION, level)) }, (error, out) =>
      error ? reject(error) : resolve(out),
    );
  });
}
