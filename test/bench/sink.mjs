// A minimal OTLP/JSON sink for benchmarks: answers every POST with 200 `{}` and counts
// requests and body bytes as they arrive on the wire. `POST /reset` zeroes the counters
// (the child calls it after its warm-up), `POST /counters` reads them. It runs in the parent process so that its CPU
// never counts against the pipeline measured in the child.
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { decodeOtlpJson, decodeOtlpProtobuf } from '@lamplight/testkit';

/** Spans in an OTLP request body (protobuf or JSON, gzip or not); -1 when undecodable. */
function countSpans(headers, body) {
  try {
    const raw = headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
    const decoded = String(headers['content-type']).includes('json') ? decodeOtlpJson(raw.toString('utf8')) : decodeOtlpProtobuf(raw);
    return decoded.spans.length;
  } catch {
    return 0;
  }
}

/** Starts a sink on 127.0.0.1, port 0. */
export async function startSink() {
  const counters = { requests: 0, bytes: 0, spans: 0, undecodable: 0 };
  const server = createServer((req, res) => {
    let bytes = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      bytes += chunk.length;
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (req.url === '/reset') {
        Object.assign(counters, { requests: 0, bytes: 0, spans: 0, undecodable: 0 });
      } else if (req.url === '/counters') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(counters));
        return;
      } else {
        counters.requests++;
        counters.bytes += bytes;
        counters.spans += countSpans(req.headers, Buffer.concat(chunks));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    counters,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
