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

// `register` installs the log bridge; the processor merges its content events once per span,
// right after reading the span (option `contentEvents`).
const dir = fileURLToPath(new URL('./foreign/', import.meta.url));

let langfuse: LangfuseReceiver;
let foglamp: FoglampReceiver;
let openai: FakeOpenAI;
useE2eBackends((b) => ({ langfuse, foglamp, openai } = b));

describe('content from log records at both backends', () => {
  it('the contrib instrumentation’s prompt and reply are the generation’s input and output', async () => {
    const result = await runNodeFixture({
      file: `${dir}contrib-logs-app.mjs`,
      cwd: dir,
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
    expect(JSON.parse(result.stdout.trim())).toEqual({ text: 'echo: contrib prompt' });
    const [generation] = langfuse.spans().filter((s) => generationView(s).type === 'generation');
    expect(generationView(generation!).input).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Answer briefly.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'contrib prompt' }] },
    ]);
    expect(generationView(generation!).output).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'echo: contrib prompt' }], finish_reason: 'stop' },
    ]);
    const [row] = foglamp.spans().filter((s) => s.spanType === 'llm');
    expect(row?.input).toContain('contrib prompt');
    expect(row?.output).toContain('echo: contrib prompt');
  });
});
