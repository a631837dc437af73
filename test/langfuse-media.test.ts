/**
 * Images in prompts reach Langfuse through its media API: a real `openai` client against the
 * testkit's fake OpenAI server, one processor with the Langfuse and Foglamp exporters, and the
 * Langfuse public-API stand-in serving the media routes, its upload target and (forwarded) the
 * OTLP route of a Langfuse receiver, behind one base URL as Langfuse serves them.
 */
import { createHash } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor, observe } from '@lamplight/core';
import { FoglampExporter } from '@lamplight/foglamp';
import { LangfuseApiClient, LangfuseExporter, type LangfuseExporterOptions } from '@lamplight/langfuse';
import { observeOpenAI } from '@lamplight/openai';
import {
  startFakeOpenAI,
  startFoglampReceiver,
  startLangfusePublicApi,
  startLangfuseReceiver,
  type DecodedSpan,
  type FakeOpenAI,
  type FoglampReceiver,
  type LangfusePublicApi,
  type LangfuseReceiver,
} from '@lamplight/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenAI } from '../packages/openai/test/sdk.js';
import { aiSdkTelemetry } from '@lamplight/ai-sdk';
import { ai6, createOpenAIv3 } from '../packages/ai-sdk/test/support/ai-packages.js';

let fake: FakeOpenAI;
let receiver: LangfuseReceiver;
let foglamp: FoglampReceiver;
let api: LangfusePublicApi;
let provider: BasicTracerProvider | undefined;

beforeEach(async () => {
  [fake, receiver, foglamp] = await Promise.all([startFakeOpenAI(), startLangfuseReceiver(), startFoglampReceiver()]);
  api = await startLangfusePublicApi({ publicKey: receiver.publicKey, secretKey: receiver.secretKey, otlpReceiverUrl: receiver.url });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
  trace.disable();
  context.disable();
  await Promise.all([fake.close(), receiver.close(), foglamp.close(), api.close()]);
});

/** A PNG-signed image of `size` bytes whose content depends on `seed`. */
function png(size: number, seed = 1): Buffer {
  const bytes = Buffer.alloc(size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  let x = seed;
  for (let i = 8; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}
const dataUri = (bytes: Buffer): string => `data:image/png;base64,${bytes.toString('base64')}`;
/** Larger than the 1 MiB content budget: replaced by a placeholder on the app's thread. */
const BIG = png(1_500_000);
const BIG_PLACEHOLDER = `<data:image/png;base64, ${BIG.byteLength} bytes>`;

function pipeline(media?: LangfuseExporterOptions['media'], processorOptions: Partial<ConstructorParameters<typeof LamplightSpanProcessor>[0]> = {}) {
  const langfuseExporter = new LangfuseExporter({ baseUrl: api.url, publicKey: api.publicKey, secretKey: api.secretKey, env: {}, ...(media === undefined ? {} : { media }) });
  const foglampExporter = new FoglampExporter({ baseUrl: foglamp.url, apiKey: foglamp.apiKey, env: {} });
  const processor = new LamplightSpanProcessor({ exporters: [langfuseExporter, foglampExporter], scheduledDelayMillis: 10_000, ...processorOptions });
  provider = new BasicTracerProvider({ spanProcessors: [processor] });
  trace.setGlobalTracerProvider(provider);
  const openai = observeOpenAI(new OpenAI({ baseURL: fake.baseURL, apiKey: fake.apiKey, maxRetries: 0 }));
  return { langfuseExporter, processor, openai };
}

async function askAboutImage(openai: OpenAI, uri: string): Promise<void> {
  await openai.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in this image?' }, { type: 'image_url', image_url: { url: uri } }] }],
  });
}

/** The `uri` of the image part of a generation's input, as the receiver decoded it. */
function imageUri(span: DecodedSpan): unknown {
  const input = JSON.parse(span.attributes['langfuse.observation.input'] as string) as Array<{ parts: Array<{ type: string; uri?: unknown }> }>;
  return input[0]?.parts.find((p) => p.type === 'uri')?.uri;
}

const TOKEN = /^@@@langfuseMedia:type=image\/png\|id=([^|]+)\|source=base64_data_uri@@@$/;
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('base64');

describe('Langfuse media', () => {
  it('an OpenAI call with an image data URI: one upload, the token in the generation input, the media record patched; Foglamp keeps the placeholder', async () => {
    const { processor, openai, langfuseExporter } = pipeline();
    await askAboutImage(openai, dataUri(BIG));
    await processor.forceFlush();

    const [span] = await receiver.waitForSpans(1);
    const media = api.media();
    expect(media).toHaveLength(1);
    const record = media[0]!;
    expect(record).toMatchObject({ contentType: 'image/png', contentLength: BIG.byteLength, sha256Hash: sha256(BIG), uploads: 1, uploadAttempts: [200] });
    expect(record.links).toEqual([{ traceId: span!.traceId, observationId: span!.spanId, field: 'input' }]);
    expect(record.bytes?.equals(BIG)).toBe(true);
    expect(record.patches).toHaveLength(1);
    expect(record.patches[0]).toMatchObject({ uploadHttpStatus: 200, uploadHttpError: null });
    expect(Number.isInteger(record.patches[0]!.uploadTimeMs)).toBe(true);
    expect(imageUri(span!)).toBe(`@@@langfuseMedia:type=image/png|id=${record.mediaId}|source=base64_data_uri@@@`);

    // Read back through the public API, as Langfuse's UI resolves the token.
    const client = new LangfuseApiClient({ baseUrl: api.url, publicKey: api.publicKey, secretKey: api.secretKey, env: {} });
    const got = await client.request<{ mediaId: string; uploadedAt: string | null; contentLength: number }>('GET', `/media/${record.mediaId}`);
    expect(got).toMatchObject({ ok: true, body: { mediaId: record.mediaId, contentLength: BIG.byteLength } });
    expect(got.ok && got.body.uploadedAt).toBe(record.patches[0]!.uploadedAt);

    const [fogSpan] = await foglamp.waitForSpans(1);
    expect(fogSpan!.input).toContain(BIG_PLACEHOLDER);
    expect(fogSpan!.input).not.toContain('langfuseMedia');
    expect(langfuseExporter.stats().media).toMatchObject({ uploaded: 1, deduplicated: 0, failed: 0, bytesUploaded: BIG.byteLength });
    expect(api.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('the same image twice: one upload, both generations carry the same media reference', async () => {
    const { processor, openai, langfuseExporter } = pipeline();
    await askAboutImage(openai, dataUri(BIG));
    await processor.forceFlush();
    await askAboutImage(openai, dataUri(BIG));
    await processor.forceFlush();

    const spans = await receiver.waitForSpans(2);
    expect(api.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    const [record] = api.media();
    expect(api.media()).toHaveLength(1);
    expect(record!.uploads).toBe(1);
    expect(record!.links.map((l) => l.observationId).sort()).toEqual(spans.map((s) => s.spanId).sort());
    const ids = spans.map((s) => TOKEN.exec(String(imageUri(s)))?.[1]);
    expect(ids).toEqual([record!.mediaId, record!.mediaId]);
    expect(langfuseExporter.stats().media).toMatchObject({ uploaded: 1, deduplicated: 1, failed: 0 });
  });

  it('the upload target down: the placeholder is sent, the failure counted and patched, the trace delivered', async () => {
    const { processor, openai, langfuseExporter } = pipeline({ timeoutMillis: 1_500 });
    api.failUploads('reset');
    await askAboutImage(openai, dataUri(BIG));
    await processor.forceFlush();

    const [span] = await receiver.waitForSpans(1);
    expect(imageUri(span!)).toBe(BIG_PLACEHOLDER);
    const stats = langfuseExporter.stats();
    expect(stats).toMatchObject({ exported: 1 });
    expect(stats.media).toMatchObject({ uploaded: 0, failed: 1 });
    expect(stats.media?.lastError).toMatch(/upload to http:\/\/127\.0\.0\.1:\d+\/upload\/\S+ failed/);
    const [record] = api.media();
    expect(record!.uploads).toBe(0);
    expect(record!.patches).toHaveLength(1);
    expect(record!.patches[0]!.uploadHttpStatus).toBe(0);
    expect(record!.patches[0]!.uploadHttpError).toEqual(expect.any(String));
    const [fogSpan] = await foglamp.waitForSpans(1);
    expect(fogSpan!.input).toContain(BIG_PLACEHOLDER);
    expect(processor.stats().destinations.langfuse).toMatchObject({ exported: 1 });
  });

  it('an upload the target refuses (wrong checksum answer 400): placeholder, counted, nothing retried forever', async () => {
    const { processor, openai, langfuseExporter } = pipeline();
    api.failUploads(400);
    await askAboutImage(openai, dataUri(BIG));
    await processor.forceFlush();
    const [span] = await receiver.waitForSpans(1);
    expect(imageUri(span!)).toBe(BIG_PLACEHOLDER);
    expect(langfuseExporter.stats().media).toMatchObject({ failed: 1, uploaded: 0 });
    expect(api.media()[0]!.patches[0]).toMatchObject({ uploadHttpStatus: 400 });
  });

  it('a small image kept inline is uploaded for Langfuse too; Foglamp keeps the data URI as before', async () => {
    const { processor, openai } = pipeline();
    const small = png(3_000, 7);
    await askAboutImage(openai, dataUri(small));
    await processor.forceFlush();
    const [span] = await receiver.waitForSpans(1);
    const [record] = api.media();
    expect(record).toMatchObject({ contentLength: small.byteLength, uploads: 1, sha256Hash: sha256(small) });
    expect(imageUri(span!)).toBe(`@@@langfuseMedia:type=image/png|id=${record!.mediaId}|source=base64_data_uri@@@`);
    const [fogSpan] = await foglamp.waitForSpans(1);
    expect(fogSpan!.input).toContain(dataUri(small));
  });

  it('a Responses input_image is uploaded the same way', async () => {
    const { processor, openai } = pipeline();
    await openai.responses.create({
      model: 'gpt-4o',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Describe' }, { type: 'input_image', image_url: dataUri(BIG), detail: 'auto' }] }],
    });
    await processor.forceFlush();
    const [span] = await receiver.waitForSpans(1);
    const [record] = api.media();
    expect(record).toMatchObject({ uploads: 1, contentLength: BIG.byteLength });
    expect(imageUri(span!)).toBe(`@@@langfuseMedia:type=image/png|id=${record!.mediaId}|source=base64_data_uri@@@`);
  });

  it('media: false sends the placeholder and calls no media route', async () => {
    const { processor, openai, langfuseExporter } = pipeline(false);
    await askAboutImage(openai, dataUri(BIG));
    await processor.forceFlush();
    const [span] = await receiver.waitForSpans(1);
    expect(imageUri(span!)).toBe(BIG_PLACEHOLDER);
    expect(api.media()).toHaveLength(0);
    expect(langfuseExporter.stats().media).toBeUndefined();
  });

  it('content capture off: nothing is uploaded (the gate removed the input before the media step)', async () => {
    const { processor, openai } = pipeline();
    const { withTraceAttributes } = await import('@lamplight/core');
    await withTraceAttributes({ captureContent: false }, () => askAboutImage(openai, dataUri(png(3_000, 9))));
    await processor.forceFlush();
    const [span] = await receiver.waitForSpans(1);
    expect(span!.attributes['langfuse.observation.input']).toBeUndefined();
    expect(api.media()).toHaveLength(0);
  });

  it('AI SDK 6: an image given as bytes (a file part) is uploaded from the generation input; Foglamp gets the placeholder', async () => {
    const { processor } = pipeline();
    (globalThis as { AI_SDK_LOG_WARNINGS?: false }).AI_SDK_LOG_WARNINGS = false;
    fake.enqueue({ text: 'A cat.' });
    const model = createOpenAIv3({ baseURL: fake.baseURL, apiKey: fake.apiKey }).chat('gpt-4o-mini');
    await ai6.generateText({
      model,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is it?' }, { type: 'image', image: new Uint8Array(BIG) }] }],
      experimental_telemetry: aiSdkTelemetry({ functionId: 'describe' }),
    });
    await processor.forceFlush();
    const spans = await receiver.waitForSpans(2);
    const generation = spans.find((s) => s.name === 'ai.generateText.doGenerate')!;
    const [record] = api.media();
    expect(record).toMatchObject({ contentType: 'image/png', contentLength: BIG.byteLength, sha256Hash: sha256(BIG), uploads: 1 });
    expect(record!.links).toEqual([{ traceId: generation.traceId, observationId: generation.spanId, field: 'input' }]);
    const input = generation.attributes['langfuse.observation.input'] as string;
    expect(input).toContain(`@@@langfuseMedia:type=image/png|id=${record!.mediaId}|source=base64_data_uri@@@`);
    const fogSpans = await foglamp.waitForSpans(2);
    const fogGeneration = fogSpans.find((s) => s.name === 'ai.generateText.doGenerate')!;
    expect(fogGeneration.input).toContain(BIG_PLACEHOLDER);
    expect(fogGeneration.input).not.toContain('langfuseMedia');
  });

  it('limits: a value above maxBytesPerValue and values beyond maxValuesPerExport keep their placeholders, counted', async () => {
    const { processor, openai, langfuseExporter } = pipeline({ maxBytesPerValue: 1_000_000, maxValuesPerExport: 1 });
    await askAboutImage(openai, dataUri(BIG)); // too large
    await askAboutImage(openai, dataUri(png(2_000, 3))); // uploaded: the first within the count
    await askAboutImage(openai, dataUri(png(2_000, 4))); // over the count of this export
    await processor.forceFlush();
    const spans = await receiver.waitForSpans(3);
    const uris = spans.map((s) => String(imageUri(s)));
    expect(uris.filter((u) => TOKEN.test(u))).toHaveLength(1);
    expect(uris).toContain(BIG_PLACEHOLDER);
    expect(uris).toContain(dataUri(png(2_000, 4)));
    expect(api.media()).toHaveLength(1);
    expect(langfuseExporter.stats().media).toMatchObject({ uploaded: 1, skipped: { 'too-large': 1, 'over-limit': 1 } });
  });

  it('a host without the media API (404): asked once, then placeholders; every span delivered', async () => {
    // Straight at an OTLP-only receiver, as with an older self-hosted Langfuse or an OTLP-only proxy.
    const langfuseExporter = new LangfuseExporter({ baseUrl: receiver.url, publicKey: receiver.publicKey, secretKey: receiver.secretKey, env: {} });
    const processor = new LamplightSpanProcessor({ exporter: langfuseExporter, scheduledDelayMillis: 10_000 });
    provider = new BasicTracerProvider({ spanProcessors: [processor] });
    trace.setGlobalTracerProvider(provider);
    const openai = observeOpenAI(new OpenAI({ baseURL: fake.baseURL, apiKey: fake.apiKey, maxRetries: 0 }));
    await askAboutImage(openai, dataUri(BIG));
    await askAboutImage(openai, dataUri(png(2_000, 5)));
    await processor.forceFlush();
    const spans = await receiver.waitForSpans(2);
    expect(spans.map((s) => String(imageUri(s))).sort()).toEqual([BIG_PLACEHOLDER, dataUri(png(2_000, 5))].sort());
    expect(receiver.requests.filter((r) => r.path === '/api/public/media').map((r) => r.status)).toEqual([404]);
    const stats = langfuseExporter.stats();
    expect(stats).toMatchObject({ exported: 2, media: { failed: 1, skipped: { 'no-media-api': 1 } } });
    expect(stats.media?.lastError).toContain('no media API');
  });

  it('observe(): a Buffer in the input is uploaded as bytes (type from its signature); Foglamp gets <binary N bytes>', async () => {
    const { processor, langfuseExporter } = pipeline();
    const picture = png(4_096, 11);
    observe('vision', { kind: 'generation', model: 'gpt-4o', input: { question: 'What is it?', picture } }, () => 'a picture');
    await processor.forceFlush();
    const [span] = await receiver.waitForSpans(1);
    const [record] = api.media();
    expect(record).toMatchObject({ contentType: 'image/png', contentLength: picture.byteLength, sha256Hash: sha256(picture), uploads: 1 });
    expect(record!.links).toEqual([{ traceId: span!.traceId, observationId: span!.spanId, field: 'input' }]);
    expect(JSON.parse(span!.attributes['langfuse.observation.input'] as string)).toEqual({ question: 'What is it?', picture: `@@@langfuseMedia:type=image/png|id=${record!.mediaId}|source=bytes@@@` });
    const [fogSpan] = await foglamp.waitForSpans(1);
    expect(JSON.parse(fogSpan!.input!)).toEqual({ question: 'What is it?', picture: '<binary 4096 bytes>' });
    expect(langfuseExporter.stats().media).toMatchObject({ uploaded: 1, failed: 0 });
  });

  it('a mask that replaces an image keeps it from being uploaded; one that repeats a placeholder makes it ambiguous: kept, counted', async () => {
    const mask = (value: unknown, { field }: { field: string }): unknown => {
      if (field !== 'input') return value;
      const text = JSON.stringify(value);
      // The second call's image placeholder is doubled: which part is which can no longer be told.
      if (text.includes('second')) {
        const messages = value as Array<{ parts: Array<Record<string, unknown>> }>;
        const image = messages[0]!.parts.find((p) => p.type === 'uri')!;
        return [{ ...messages[0], parts: [...messages[0]!.parts, { type: 'text', content: image.uri }] }];
      }
      return JSON.parse(text.replace(/"<data:image\/png;base64, \d+ bytes>"/g, '"[image removed]"')) as unknown;
    };
    const { processor, openai, langfuseExporter } = pipeline(undefined, { mask });
    await askAboutImage(openai, dataUri(BIG));
    await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'second' }, { type: 'image_url', image_url: { url: dataUri(png(1_400_000, 2)) } }] }],
    });
    await processor.forceFlush();
    const spans = await receiver.waitForSpans(2);
    expect(api.media()).toHaveLength(0);
    const inputs = spans.map((s) => s.attributes['langfuse.observation.input'] as string);
    expect(inputs.some((i) => i.includes('[image removed]'))).toBe(true);
    expect(inputs.every((i) => !i.includes('langfuseMedia'))).toBe(true);
    // Both places of the doubled placeholder keep it.
    expect(inputs.find((i) => i.includes('second'))!.match(/<data:image\/png;base64, 1400000 bytes>/g)).toHaveLength(2);
    expect(langfuseExporter.stats().media).toMatchObject({ uploaded: 0, failed: 0, skipped: { unmatched: 2 } });
  });
});
