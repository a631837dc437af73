import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeOtlpTraceRequest, runNodeFixture, startFakeOpenAI } from '@lamplight/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT, startDevProcess, type DevProcess } from './helpers/dev-process.js';

// A real headless Chromium (Debian's `chromium` package, which .ci/run installs) driven by
// playwright-core, against the built `lamplight dev` and an app run with
// `node --import @lamplight/register`. Where no browser could be installed the suite is
// skipped and says why in its name and on stderr.
const CHROMIUM = '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM) ? `${CHROMIUM} is not installed (apt-get install chromium; .ci/run does it)` : !BUILT ? '@lamplight/cli is not built' : undefined;
if (missing) process.stderr.write(`[viewer-browser.test] SKIPPED: ${missing}\n`);

const testDir = fileURLToPath(new URL('../../../test/', import.meta.url));
const SCREENSHOT = process.env.LAMPLIGHT_VIEWER_SCREENSHOT ?? join(tmpdir(), 'lamplight-viewer.png');

type Playwright = typeof import('playwright-core');
type BrowserContext = Awaited<ReturnType<Playwright['chromium']['launchPersistentContext']>>;

let dev: DevProcess;
let context: BrowserContext;
let profile: string;

describe.skipIf(missing !== undefined)(`lamplight dev in a real browser${missing ? ` (SKIPPED: ${missing})` : ''}`, () => {
  beforeAll(async () => {
    dev = await startDevProcess();
    const { chromium } = (await import('playwright-core')) as Playwright;
    profile = mkdtempSync(join(tmpdir(), 'lamplight-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 820 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await dev?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('shows a trace that arrives while the page is open: tree with model and tokens, then input and output', async () => {
    expect(dev.env).toEqual({
      LANGFUSE_BASE_URL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      LANGFUSE_PUBLIC_KEY: 'pk-lf-lamplight-dev',
      LANGFUSE_SECRET_KEY: 'sk-lf-lamplight-dev',
      FOGLAMP_BASE_URL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      FOGLAMP_API_KEY: 'fl_lamplight_dev',
      LAMPLIGHT_LANGFUSE_MEDIA: 'false',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const origin = new URL(dev.viewerUrl).origin;
    const foreign: string[] = [];
    const sizes: Array<Promise<number>> = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) foreign.push(request.url());
    });
    page.on('requestfinished', (request) => {
      if (request.url().endsWith('/api/events')) return;
      sizes.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
    });
    await page.goto(dev.viewerUrl, { waitUntil: 'load' });
    await page.getByText('Waiting for traces').waitFor();
    const loadBytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    process.stderr.write(`[viewer-browser.test] page weight ${loadBytes} bytes in ${sizes.length} responses; cold start ${Math.round(dev.startupMs)} ms\n`);
    expect(loadBytes).toBeGreaterThan(0);
    expect(loadBytes).toBeLessThan(64 * 1024);

    // The app runs only now: the trace must reach the open page over server-sent events.
    const app = await runNodeFixture({ file: join(testDir, 'fixtures/viewer-app.mjs'), nodeArgs: ['--import', '@lamplight/register'], cwd: testDir, env: dev.env });
    expect(app.code, app.stderr).toBe(0);
    const traceRow = page.locator('#traces [data-trace]', { hasText: 'weather-question' });
    await traceRow.waitFor();
    await expect.poll(() => traceRow.textContent()).toContain('user-viewer');
    await traceRow.click();

    const generation = page.locator('#tree [data-type="generation"]').first();
    await generation.waitFor();
    const rowText = (await generation.textContent()) ?? '';
    expect(rowText).toContain('chat gpt-4o-mini');
    expect(rowText).toContain('gpt-4o-mini');
    expect(rowText).toContain('in 52');
    expect(rowText).toContain('out 18');
    expect(rowText).toMatch(/TTFT \d/);
    const second = page.locator('#tree [data-type="generation"]').nth(1);
    expect(await second.textContent()).toContain('in 88 (64 cached) · out 14 (4 reasoning)');

    await generation.click();
    const detail = page.locator('#detail');
    await detail.locator('.input').waitFor();
    expect(await detail.locator('.input').textContent()).toContain('What is the weather in Paris?');
    expect(await detail.locator('.input .role').allTextContents()).toEqual(['system', 'user']);
    expect(await detail.locator('.input img.thumb').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const output = (await detail.locator('.output').textContent()) ?? '';
    expect(output).toContain('tool call get_weather');
    expect(output).toContain('"city": "Paris"');

    await second.click();
    await expect.poll(() => detail.locator('.output').textContent()).toContain('It is 18 °C and clear in Paris.');
    expect(await detail.locator('.input').textContent()).toContain('tool');

    // The same trace as Foglamp received it.
    await page.getByRole('button', { name: 'Foglamp' }).click();
    await expect.poll(() => page.locator('#tree [data-type="llm"]').count()).toBe(2);

    await page.getByRole('button', { name: 'Langfuse' }).click();
    await page.locator('#tree [data-type="generation"]').first().click();
    await page.screenshot({ path: SCREENSHOT });
    expect(readFileSync(SCREENSHOT).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
    expect(foreign).toEqual([]);
  });

  it('keyboard: j/k move through the list and the tree, Enter opens, / filters', async () => {
    const page = context.pages()[0]!;
    await page.locator('#traces').focus();
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe('tree');
    // The open trace keeps the observation selected before (the first generation).
    await expect.poll(() => page.locator('#tree [aria-selected="true"]').getAttribute('data-type')).toBe('generation');
    await page.keyboard.press('k');
    await expect.poll(() => page.locator('#tree [aria-selected="true"]').getAttribute('data-type')).toBe('agent');
    await page.keyboard.press('j');
    await expect.poll(() => page.locator('#tree [aria-selected="true"]').getAttribute('data-type')).toBe('generation');
    await expect.poll(() => page.locator('#detail .input').textContent()).toContain('What is the weather in Paris?');
    await page.keyboard.press('j');
    await expect.poll(() => page.locator('#tree [aria-selected="true"]').getAttribute('data-type')).toBe('tool');
    await page.keyboard.press('k');
    await expect.poll(() => page.locator('#tree [aria-selected="true"]').getAttribute('data-type')).toBe('generation');

    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    await page.keyboard.type('nobody');
    await page.getByText('No trace matches the filters.').waitFor();
    await page.locator('#f-user').fill('user-viewer');
    await page.locator('#traces [data-trace]').first().waitFor();
    await page.locator('#f-user').fill('');
    await page.locator('#f-tag').fill('viewer-test');
    expect(await page.locator('#traces [data-trace]').count()).toBe(1);
    await page.locator('#f-tag').fill('');
    await page.locator('#f-level').selectOption('ERROR');
    await page.getByText('No trace matches the filters.').waitFor();
    await page.locator('#f-level').selectOption('');
  });

  it('highlights a contract violation the receiver found', async () => {
    const page = context.pages()[0]!;
    // A span Langfuse would silently drop: its prompt version is a string, not an int.
    const body = encodeOtlpTraceRequest({
      resourceSpans: [
        {
          resource: { attributes: [] },
          scopeSpans: [
            {
              scope: { name: 'hand-made' },
              spans: [
                {
                  traceId: Buffer.from('5b8efff798038103d269b633813fc60c', 'hex'),
                  spanId: Buffer.from('eee19b7ec3c1b174', 'hex'),
                  name: 'bad generation',
                  kind: 1,
                  startTimeUnixNano: '1700000000000000000',
                  endTimeUnixNano: '1700000000250000000',
                  attributes: [
                    { key: 'langfuse.observation.type', value: { stringValue: 'generation' } },
                    { key: 'langfuse.observation.prompt.name', value: { stringValue: 'p' } },
                    { key: 'langfuse.observation.prompt.version', value: { stringValue: '3' } },
                  ],
                  status: {},
                },
              ],
            },
          ],
        },
      ],
    });
    const auth = `Basic ${Buffer.from(`${dev.env.LANGFUSE_PUBLIC_KEY}:${dev.env.LANGFUSE_SECRET_KEY}`).toString('base64')}`;
    const response = await fetch(`${dev.env.LANGFUSE_BASE_URL}/api/public/otel/v1/traces`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-protobuf', 'x-langfuse-ingestion-version': '4' },
      body,
    });
    expect(response.status).toBe(200);
    const row = page.locator('#traces [data-trace="5b8efff798038103d269b633813fc60c"]');
    await row.waitFor();
    expect(await row.getAttribute('class')).toContain('bad');
    await row.click();
    const treeRow = page.locator('#tree [data-span="eee19b7ec3c1b174"]');
    await treeRow.waitFor();
    expect(await treeRow.getAttribute('class')).toContain('bad');
    await treeRow.click();
    await expect.poll(() => page.locator('#detail .violations').textContent()).toContain('langfuse.observation.prompt.version');
  });

  it('renders the OTel GenAI messages the real openai package produces (against the fake OpenAI server)', async () => {
    const page = context.pages()[0]!;
    const openai = await startFakeOpenAI();
    try {
      const app = await runNodeFixture({
        file: join(testDir, 'fixtures/openai-app.mjs'),
        nodeArgs: ['--import', '@lamplight/register'],
        cwd: testDir,
        env: { ...dev.env, FAKE_OPENAI_BASE_URL: openai.baseURL },
      });
      expect(app.code, app.stderr).toBe(0);
    } finally {
      await openai.close();
    }
    // Each call is a trace of its own: a chat, a streamed chat, an embedding.
    const rows = page.locator('#traces [data-trace]', { hasText: 'user-openai' });
    await expect.poll(() => rows.count()).toBe(3);
    const shown: Record<string, string> = {};
    for (let i = 0; i < 3; i += 1) {
      const id = (await rows.nth(i).getAttribute('data-trace'))!;
      await rows.nth(i).click();
      const first = page.locator('#tree [role="treeitem"]').first();
      await expect.poll(() => page.locator('#traces [aria-selected="true"]').getAttribute('data-trace')).toBe(id);
      await first.waitFor();
      await first.click();
      await page.locator('#detail .input').waitFor();
      shown[(await first.getAttribute('data-type'))! + ((await first.textContent())!.includes('TTFT') ? ' streamed' : '')] = [
        await first.textContent(),
        await page.locator('#detail .input').textContent(),
        await page.locator('#detail .output').count() ? await page.locator('#detail .output').textContent() : '',
      ].join(' | ');
    }
    expect(Object.keys(shown).sort()).toEqual(['embedding', 'generation', 'generation streamed']);
    expect(shown['generation streamed']).toMatch(/gpt-4o-mini · .* · TTFT .* · in 11 · out 7 \| userstream please \| assistantecho: stream please$/);
    expect(shown.generation).toMatch(/in 11 · out 7 \| userhello there \| assistantecho: hello there$/);
    expect(shown.embedding).toMatch(/text-embedding-3-small .*in 11 \| vector me/);
  });
});
