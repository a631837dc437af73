import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { ExportItem } from '@lamplight/core';
import { normalize } from '@lamplight/core/internal';
import { startLangfuseReceiver, type LangfuseReceiver } from '@lamplight/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSpan } from '../../core/test/span-factory.js';
import { LangfuseExporter } from '../src/index.js';

let receiver: LangfuseReceiver;
const logged: string[] = [];
beforeEach(async () => {
  receiver = await startLangfuseReceiver();
  logged.length = 0;
  const push = (...args: unknown[]): void => void logged.push(args.map(String).join(' '));
  diag.setLogger({ error: push, warn: push, info: push, debug: () => {}, verbose: () => {} }, DiagLogLevel.INFO);
});
afterEach(async () => {
  diag.disable();
  await receiver.close();
});

const item = (): ExportItem => {
  const span = makeSpan({ 'gen_ai.request.model': 'gpt-4o' }, { name: 'chat' });
  return { span, observation: normalize(span) };
};

describe('LangfuseExporter diagnostics', () => {
  it('never puts the secret key or an echoed credential from a response body into lastError or the log', async () => {
    receiver.failNext({ status: 400, body: { message: `rejected: auth was ${receiver.secretKey}`, detail: 'see https://ops:s3cr3t@proxy.internal/' } });
    const exporter = new LangfuseExporter({ baseUrl: receiver.url, publicKey: receiver.publicKey, secretKey: receiver.secretKey, env: {} });
    const outcome = await exporter.exportObservations([item()]);
    expect(outcome).toMatchObject({ exported: 0, dropped: { 'rejected-4xx': 1 } });
    const everything = `${logged.join('\n')}\n${exporter.stats().lastError ?? ''}\n${outcome.error?.message ?? ''}`;
    expect(exporter.stats().lastError).toContain('HTTP 400');
    expect(everything).toContain('rejected: auth was [redacted]');
    expect(everything).not.toContain(receiver.secretKey);
    expect(everything).not.toContain('s3cr3t');
  });
});
