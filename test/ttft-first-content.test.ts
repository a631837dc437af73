import { fileURLToPath } from 'node:url';
import {
  runNodeFixture,
  type FakeOpenAI,
  type FoglampReceiver,
  type LangfuseReceiver,
} from '@lamplight/testkit';
import { describe, expect, it } from 'vitest';
import { generationView } from './openai-harness.js';
import { useE2eBackends } from './e2e-backends.js';

// Time to first token is the time to the first event that carries output content, not to
// the first event: the fake server pauses DELAY ms between stream events, so the first
// content arrives (index of the first content event) × DELAY after the first event.
const DELAY = 120;
const cwd = fileURLToPath(new URL('.', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/ttft-app.mjs', import.meta.url));

let langfuse: LangfuseReceiver;
let foglamp: FoglampReceiver;
let openai: FakeOpenAI;
useE2eBackends((b) => ({ langfuse, foglamp, openai } = b));

/** Each call of the fixture: a word of its prompt, and where its first content event is. */
const CASES = [
  // role-only chunk first, then the text
  { prompt: 'chat text', firstContentIndex: 1 },
  // role-only chunk (content null), then the chunk naming the tool
  { prompt: 'chat tool', firstContentIndex: 1 },
  // response.created, response.in_progress, output_item.added (message), content_part.added, then the first delta
  { prompt: 'responses text', firstContentIndex: 4 },
  // response.created, response.in_progress, then output_item.added naming the function
  { prompt: 'responses tool', firstContentIndex: 2 },
  // AI SDK v7 over the chat model: role-only chunk first, then the text
  { prompt: 'ai sdk text', firstContentIndex: 1 },
];

describe('time to first token is taken at the first content, on every stream shape', () => {
  it('register: OpenAI chat and Responses streams (text and tool calls) and AI SDK streamText, at both backends', async () => {
    openai.enqueue(
      { text: 'alpha beta', chunkDelayMs: DELAY },
      { toolCalls: [{ name: 'lookup', arguments: '{}' }], chunkDelayMs: DELAY },
      { text: 'gamma delta', chunkDelayMs: DELAY },
      { toolCalls: [{ name: 'lookup', arguments: '{}' }], chunkDelayMs: DELAY },
      { text: 'epsilon zeta', chunkDelayMs: DELAY },
    );
    const result = await runNodeFixture({
      file: fixture,
      nodeArgs: ['--import', '@lamplight/register'],
      cwd,
      env: {
        LANGFUSE_PUBLIC_KEY: langfuse.publicKey,
        LANGFUSE_SECRET_KEY: langfuse.secretKey,
        LANGFUSE_BASE_URL: langfuse.url,
        FOGLAMP_API_KEY: foglamp.apiKey,
        FOGLAMP_BASE_URL: foglamp.url,
        FAKE_OPENAI_BASE_URL: openai.baseURL,
      },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual({
      chatText: 'alpha beta',
      chatTool: 'lookup',
      responsesText: 'gamma delta',
      responsesTool: 'lookup',
      aiSdk: 'epsilon zeta',
    });
    expect(langfuse.violations()).toEqual([]);
    expect(foglamp.violations()).toEqual([]);

    const generations = langfuse.spans().filter((s) => generationView(s).type === 'generation');
    expect(generations).toHaveLength(CASES.length);
    for (const { prompt, firstContentIndex } of CASES) {
      const minimum = firstContentIndex * DELAY;
      const span = generations.find((s) => JSON.stringify(generationView(s).input).includes(prompt));
      expect(span, prompt).toBeDefined();
      // Langfuse: completion_start_time (ISO, millisecond precision) minus the span start.
      const completionStart = Date.parse(String(generationView(span!).completionStartTime));
      const start = Number(span!.startTimeUnixNano / 1_000_000n);
      expect(completionStart - start, `${prompt}: Langfuse completion start`).toBeGreaterThanOrEqual(minimum - 1);
      // Foglamp: ttftMs of the same span.
      const row = foglamp.spans().find((s) => s.spanId === span!.spanId);
      expect(row?.ttftMs, `${prompt}: Foglamp ttftMs`).toBeGreaterThanOrEqual(minimum - 1);
    }
  });
});
