import {
  startFakeOpenAI,
  startFoglampReceiver,
  startLangfuseReceiver,
  type FakeOpenAI,
  type FoglampReceiver,
  type LangfuseReceiver,
} from '@lamplight/testkit';
import { afterEach, beforeEach } from 'vitest';

/** The local servers an end-to-end test talks to, fresh for every test. */
export interface E2eBackends {
  langfuse: LangfuseReceiver;
  foglamp: FoglampReceiver;
  openai: FakeOpenAI;
}

/**
 * Starts the Langfuse and Foglamp receivers and the fake OpenAI server (127.0.0.1, port 0)
 * before each test and closes them after it. `take` receives the servers of each test, e.g.
 * `useE2eBackends((b) => ({ langfuse, foglamp, openai } = b))` keeps a file's own variables.
 */
export function useE2eBackends(take: (backends: E2eBackends) => void): void {
  let current: E2eBackends | undefined;
  beforeEach(async () => {
    const [langfuse, foglamp, openai] = await Promise.all([startLangfuseReceiver(), startFoglampReceiver(), startFakeOpenAI()]);
    current = { langfuse, foglamp, openai };
    take(current);
  });
  afterEach(async () => {
    const closing = current;
    current = undefined;
    if (closing) await Promise.all([closing.langfuse.close(), closing.foglamp.close(), closing.openai.close()]);
  });
}
