import { afterEach, describe, expect, it } from 'vitest';
import { encodeOtlpTraceRequest } from '@lamplight/testkit';
import { parseDevArgs, startDevServer, type DevServer, type ViewSnapshot, type ViewTrace } from '@lamplight/cli';

// In-process tests of `startDevServer`, fed over real HTTP in each backend's wire format:
// OTLP/protobuf to the Langfuse receiver, v1 JSON to the Foglamp receiver.
let dev: DevServer | undefined;
afterEach(async () => {
  await dev?.close();
  dev = undefined;
});

const start = async (maxTraces?: number): Promise<DevServer> => {
  dev = await startDevServer({ port: 0, langfusePort: 0, foglampPort: 0, maxTraces });
  return dev;
};

const T0 = 1_716_566_400_000;
const hexId = (n: number, length: number): string => n.toString(16).padStart(length, '0');

async function postFoglamp(server: DevServer, traceId: string, spans: unknown[], apiKey = server.env.FOGLAMP_API_KEY!): Promise<number> {
  const response = await fetch(`${server.env.FOGLAMP_BASE_URL}/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ version: 'v1', traces: [{ traceId, sessionId: 's-1', spans }] }),
  });
  await response.text();
  return response.status;
}

const llmSpan = (spanId: string, extra: Record<string, unknown> = {}) => ({ spanId, spanType: 'llm', name: 'chat', startTime: T0, endTime: T0 + 5, status: 'ok', ...extra });

async function postLangfuse(server: DevServer, attributes: Record<string, unknown>, traceId = 'aa'.repeat(16)): Promise<number> {
  const body = encodeOtlpTraceRequest({
    resourceSpans: [
      {
        resource: { attributes: [] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: [
              {
                traceId: Buffer.from(traceId, 'hex'),
                spanId: Buffer.from('bb'.repeat(8), 'hex'),
                name: 'chat gpt-4o',
                kind: 1,
                startTimeUnixNano: `${T0}000000`,
                endTimeUnixNano: `${T0 + 900}000000`,
                attributes: Object.entries(attributes).map(([key, value]) => ({
                  key,
                  value: Array.isArray(value) ? { arrayValue: { values: value.map((v) => ({ stringValue: v })) } } : typeof value === 'number' ? { intValue: value } : { stringValue: value },
                })),
                status: {},
              },
            ],
          },
        ],
      },
    ],
  });
  const response = await fetch(`${server.env.LANGFUSE_BASE_URL}/api/public/otel/v1/traces`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${server.env.LANGFUSE_PUBLIC_KEY}:${server.env.LANGFUSE_SECRET_KEY}`).toString('base64')}`,
      'content-type': 'application/x-protobuf',
      'x-langfuse-ingestion-version': '4',
    },
    body,
  });
  await response.text();
  return response.status;
}

const snapshot = async (server: DevServer): Promise<ViewSnapshot> => (await fetch(`${server.viewerUrl}api/traces`)).json() as Promise<ViewSnapshot>;
const traceOf = async (server: DevServer, id: string): Promise<ViewTrace> => (await fetch(`${server.viewerUrl}api/traces/${id}`)).json() as Promise<ViewTrace>;

describe('lamplight dev server', () => {
  it('keeps the newest traces only, newest first, and counts what it evicted', async () => {
    const server = await start(2);
    for (let i = 1; i <= 3; i += 1) expect(await postFoglamp(server, hexId(i, 32), [llmSpan(hexId(i, 16))])).toBe(200);
    const list = await snapshot(server);
    expect(list.traces.map((t) => t.traceId)).toEqual([hexId(3, 32), hexId(2, 32)]);
    expect(list.evicted).toBe(1);
    expect(server.store.size).toBe(2);
    expect((await fetch(`${server.viewerUrl}api/traces/${hexId(1, 32)}`)).status).toBe(404);
  });

  it('reads Langfuse usage_details back to inclusive counts, TTFT from completion_start_time, and trace fields', async () => {
    const server = await start();
    const status = await postLangfuse(server, {
      'langfuse.observation.type': 'generation',
      'langfuse.observation.model.name': 'gpt-4o',
      'langfuse.observation.usage_details': JSON.stringify({ input: 20, input_cached_tokens: 64, input_cache_creation: 4, output: 10, output_reasoning_tokens: 4, total: 102 }),
      'langfuse.observation.completion_start_time': new Date(T0 + 250).toISOString(),
      'langfuse.observation.input': JSON.stringify([{ role: 'user', content: 'hi' }]),
      'langfuse.observation.output': JSON.stringify('plain text'),
      'langfuse.observation.level': 'WARNING',
      'langfuse.observation.status_message': 'aborted',
      'langfuse.trace.name': 'my-trace',
      'langfuse.trace.tags': ['a', 'b'],
      'user.id': 'u-1',
      'session.id': 's-1',
    });
    expect(status).toBe(200);
    const trace = await traceOf(server, 'aa'.repeat(16));
    expect(trace).toMatchObject({ name: 'my-trace', userId: 'u-1', sessionId: 's-1', tags: ['a', 'b'], violations: [] });
    expect(trace.observations).toEqual([
      expect.objectContaining({
        source: 'langfuse',
        type: 'generation',
        model: 'gpt-4o',
        usage: { input: 88, cached: 64, cacheWrite: 4, output: 14, reasoning: 4, total: 102 },
        ttftMs: 250,
        level: 'WARNING',
        statusMessage: 'aborted',
        input: [{ role: 'user', content: 'hi' }],
        output: 'plain text',
        startTime: T0,
        endTime: T0 + 900,
      }),
    ]);
    expect((await snapshot(server)).traces[0]).toMatchObject({ levels: ['WARNING'], sources: ['langfuse'], durationMs: 900 });
  });

  it('attaches contract violations to their trace and lists refused requests as problems', async () => {
    const server = await start();
    await postLangfuse(server, { 'langfuse.observation.type': 'generation', 'langfuse.observation.prompt.name': 'p', 'langfuse.observation.prompt.version': '3' });
    const trace = await traceOf(server, 'aa'.repeat(16));
    expect(trace.violations).toEqual([expect.objectContaining({ source: 'langfuse', spanId: 'bb'.repeat(8), field: 'langfuse.observation.prompt.version' })]);
    expect(await postFoglamp(server, hexId(7, 32), [llmSpan('x')], 'fl_wrong')).toBe(401);
    const list = await snapshot(server);
    expect(list.traces.map((t) => t.violationCount)).toEqual([1]);
    expect(list.problems).toEqual([expect.objectContaining({ source: 'foglamp', status: 401 })]);
  });

  it('streams a snapshot, then one event per changed trace, over server-sent events', async () => {
    const server = await start();
    const controller = new AbortController();
    const response = await fetch(`${server.viewerUrl}api/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (needle: string): Promise<void> => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}: ${text}`);
        text += value;
      }
    };
    await until('event: snapshot\ndata: {"traces":[]');
    await postFoglamp(server, 'cd'.repeat(16), [llmSpan('s1', { modelId: 'gpt-4o' })]);
    await until('event: trace\n');
    await until('\n\n');
    const data = /event: trace\ndata: (.*)\n/.exec(text)?.[1];
    expect(JSON.parse(data!)).toMatchObject({ traceId: 'cd'.repeat(16), sessionId: 's-1', observationCount: 1, sources: ['foglamp'] });
    controller.abort();
  });

  it('serves the page with a policy that forbids other origins', async () => {
    const server = await start();
    const page = await fetch(server.viewerUrl);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/assets/main.js">');
    expect((await fetch(`${server.viewerUrl}assets/..%2Fpackage.json`)).status).toBe(404);
  });
});

describe('lamplight dev flags', () => {
  it('has fixed default ports and takes overrides in both spellings', () => {
    expect(parseDevArgs([])).toMatchObject({ port: 4680, langfusePort: 4681, foglampPort: 4682, host: '127.0.0.1', maxTraces: 1000 });
    expect(parseDevArgs(['--port=5000', '--langfuse-port', '5001', '--foglamp-port', '0', '--jsonl', 'out.jsonl', '--max-traces', '10'])).toMatchObject({
      port: 5000,
      langfusePort: 5001,
      foglampPort: 0,
      jsonl: 'out.jsonl',
      maxTraces: 10,
    });
  });

  it('names the flag that is wrong', () => {
    expect(() => parseDevArgs(['--prot', '1'])).toThrow(/unknown option "--prot"/);
    expect(() => parseDevArgs(['--port', 'abc'])).toThrow(/--port needs a whole number/);
    expect(() => parseDevArgs(['--port', '70000'])).toThrow(/--port must be between 0 and 65535/);
    expect(() => parseDevArgs(['--max-traces', '0'])).toThrow(/--max-traces must be between 1/);
    expect(() => parseDevArgs(['--port', '5000', '--foglamp-port', '5000'])).toThrow(/must differ/);
    expect(() => parseDevArgs(['--jsonl'])).toThrow(/--jsonl needs a file path/);
  });
});
