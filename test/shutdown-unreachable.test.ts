import { createServer } from 'node:net';
import { LamplightSpanProcessor } from '@lamplight/core';
import { FoglampExporter } from '@lamplight/foglamp';
import { LangfuseExporter } from '@lamplight/langfuse';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';

/** A URL on this machine where nothing listens: connections are refused at once. */
async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('shutdown with the backend gone', () => {
  it('does not retry a backend that refuses connections once shutdown has begun: one attempt, counted retries-exhausted', async () => {
    const url = await refusingUrl();
    const langfuse = new LangfuseExporter({ baseUrl: url, publicKey: 'pk-lf-x', secretKey: 'sk-lf-x', env: {} });
    const foglamp = new FoglampExporter({ baseUrl: url, apiKey: 'fl_x', env: {} });
    // A deadline long enough for all six attempts of the normal retry schedule (about 12.5 s of backoff).
    const processor = new LamplightSpanProcessor({ exporters: [langfuse, foglamp], scheduledDelayMillis: 60_000, exportTimeoutMillis: 25_000 });
    const provider = new BasicTracerProvider({ spanProcessors: [processor as never] });
    const tracer = provider.getTracer('app');
    for (let i = 0; i < 6; i++) tracer.startSpan(`chat ${i}`, { attributes: { 'gen_ai.request.model': 'm', 'gen_ai.operation.name': 'chat' } }).end();
    await processor.shutdown();
    const stats = processor.stats();
    for (const name of ['langfuse', 'foglamp']) {
      expect(stats.destinations[name]).toMatchObject({ exported: 0, dropped: expect.objectContaining({ 'retries-exhausted': 6, shutdown: 0 }) });
    }
    expect(langfuse.stats().requests).toBe(1);
    expect(foglamp.stats().requests).toBe(1);
  });
});
