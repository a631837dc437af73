/**
 * gzip through the Web `CompressionStream` (Workers, Vercel Edge, Deno, Bun, browsers,
 * Node ≥ 18): compressed natively off the JavaScript thread. The format has no level
 * setting, so `gzipLevel` does not apply here (the runtime's default level is used).
 */
export async function webGzip(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
