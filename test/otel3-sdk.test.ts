import { fileURLToPath } from 'node:url';
import { runNodeFixture, startFakeOpenAI, startFoglampReceiver, startLangfuseReceiver } from '@lamplight/testkit';
import { expect, it } from 'vitest';

/**
 * DESIGN §2: Lamplight builds on the OpenTelemetry JS 2.x packages, and an app on the 3.x
 * line (`@opentelemetry/sdk-trace` 3, api 1.10, its own package in test/otel3) must work
 * too. The app runs the BUILT packages in a child process, as users do.
 */
it('an app on OpenTelemetry JS 3.x: every span reaches Langfuse and Foglamp with its trace attributes', async () => {
  const [langfuse, foglamp, openai] = await Promise.all([startLangfuseReceiver(), startFoglampReceiver(), startFakeOpenAI()]);
  try {
    openai.enqueue({ text: 'Hi from the fake', usage: { inputTokens: 4, outputTokens: 3 } });
    const result = await runNodeFixture({
      file: fileURLToPath(new URL('./otel3/app.mjs', import.meta.url)),
      cwd: fileURLToPath(new URL('./otel3/', import.meta.url)),
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
    const { sdkVersion, stats } = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}');
    expect(sdkVersion).toMatch(/^3\./);
    expect(stats).toMatchObject({ ended: 3, exported: 6, queued: 0, inFlight: 0 });

    const expected = ['agent', 'chat gpt-4o-mini', 'chat manual-model'];
    expect(langfuse.spans().map((s) => s.name).sort()).toEqual(expected);
    expect(foglamp.spans().map((s) => s.name).sort()).toEqual(expected);
    expect(langfuse.violations()).toEqual([]);
    expect(foglamp.violations()).toEqual([]);

    const byName = new Map(langfuse.spans().map((s) => [s.name, s]));
    const agent = byName.get('agent');
    for (const span of langfuse.spans()) {
      expect(span.attributes['user.id'], span.name).toBe('user-3x');
      expect(span.attributes['session.id'], span.name).toBe('session-3x');
      expect(span.traceId, span.name).toBe(agent?.traceId);
      if (span !== agent) expect(span.parentSpanId, span.name).toBe(agent?.spanId);
    }
    const usage = (name: string) => JSON.parse(String(byName.get(name)?.attributes['langfuse.observation.usage_details']));
    expect(usage('chat gpt-4o-mini')).toMatchObject({ input: 4, output: 3, total: 7 });
    expect(usage('chat manual-model')).toEqual({ input: 7, output: 5, total: 12 });
  } finally {
    await Promise.all([langfuse.close(), foglamp.close(), openai.close()]);
  }
});
