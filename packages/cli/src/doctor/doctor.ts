import type { ObservationExporter } from '@lamplight/core';
import { FoglampExporter } from '@lamplight/foglamp';
import { createLangfuseExporter, LangfuseApiClient } from '@lamplight/langfuse';
import { RawRecordExporter } from '@lamplight/raw-record';
import { resolveRegisterConfig, type RegisterOptions } from '@lamplight/register/api';
import { checkConnect, checkDns, checkTls, type CheckResult } from './network-checks.js';
import { sendTestTrace } from './test-trace.js';

/** Options of `runDoctor`. */
export interface DoctorOptions {
  /** Environment to read; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Where lines go; default stdout. */
  print?: (line: string) => void;
  /** Per network step and for the test trace's delivery, in ms; default 10000. */
  timeoutMillis?: number;
  /** How long to wait for the test trace to show in Langfuse, in ms; default 30000. */
  traceWaitMillis?: number;
  /** Between two reads of the trace, in ms; default 1000. */
  pollMillis?: number;
}

interface Backend {
  name: string;
  /** Configuration lines, secrets redacted. */
  describe: string[];
  build: () => ObservationExporter;
  langfuse?: RegisterOptions['langfuse'];
}

/**
 * `lamplight doctor`: prints the resolved configuration (secrets redacted), then for each
 * configured backend checks DNS, the connection and TLS, the credentials (Langfuse:
 * `GET /api/public/projects`), sends one test trace through the real pipeline and, for
 * Langfuse, reads it back until it appears (bounded) and prints its URL. Every failure ends
 * with one line saying what to change. Resolves with the exit code: 0 only when every
 * configured backend passed.
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<number> {
  const print = options.print ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const timeoutMs = options.timeoutMillis ?? 10_000;
  const config = resolveRegisterConfig({ env: options.env ?? process.env, logLevel: 'none' });
  print('lamplight doctor');
  for (const notice of config.notices) print(notice);
  const backends = configuredBackends(config);
  print('configuration:');
  if (backends.length === 0) {
    print('  no backend configured');
    print('→ set LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY (and LANGFUSE_BASE_URL), or FOGLAMP_API_KEY, then run lamplight doctor again');
    return 1;
  }
  for (const b of backends) for (const line of b.describe) print(`  ${line}`);
  let failed = 0;
  for (const backend of backends) {
    print(`${backend.name}:`);
    const passed = await checkBackend(backend, { ...options, timeoutMs }, print);
    if (!passed) failed++;
  }
  print(failed === 0 ? 'result: every configured backend passed' : `result: ${failed} of ${backends.length} backend(s) failed`);
  return failed === 0 ? 0 : 1;
}

async function checkBackend(backend: Backend, options: DoctorOptions & { timeoutMs: number }, print: (line: string) => void): Promise<boolean> {
  const fail = (result: CheckResult): false => {
    print(`  ✗ ${result.line}`);
    if (result.fix) print(`  → ${result.fix}`);
    return false;
  };
  let exporter: ObservationExporter;
  try {
    exporter = backend.build();
  } catch (error) {
    return fail({ ok: false, line: (error as Error).message, fix: 'fix the option or variable named above' });
  }
  const url = new URL((exporter as { endpoint?: string }).endpoint ?? '');
  for (const check of [() => checkDns(url), () => checkConnect(url, options.timeoutMs), () => checkTls(url, options.timeoutMs)]) {
    const result = await check();
    if (!result.ok) return fail(result);
    print(`  ✓ ${result.line}`);
  }
  let client: LangfuseApiClient | undefined;
  let projectId: string | undefined;
  if (backend.langfuse) {
    client = new LangfuseApiClient({ ...backend.langfuse, timeoutMillis: options.timeoutMs, exportDeadlineMillis: options.timeoutMs });
    const project = await client.getProject();
    if (!project.ok) {
      const refused = project.status === 401 || project.status === 403;
      return fail({
        ok: false,
        line: refused ? `credentials refused (HTTP ${project.status})` : project.reason,
        fix: refused ? 'check that LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are a pair of the project at LANGFUSE_BASE_URL' : 'check LANGFUSE_BASE_URL points at Langfuse',
      });
    }
    projectId = project.body.id;
    print(`  ✓ credentials accepted (project ${project.body.name ? `"${project.body.name}", ` : ''}id ${projectId})`);
  }
  const sent = await sendTestTrace(exporter, options.timeoutMs);
  if (!sent.delivered) return fail({ ok: false, line: `test trace not accepted: ${sent.error ?? 'unknown'}`, fix: fixFor(sent.error) });
  print(`  ✓ test trace sent (trace ${sent.traceId})`);
  if (!client || projectId === undefined) return true;
  const waitMs = options.traceWaitMillis ?? 30_000;
  const pollMs = options.pollMillis ?? 1000;
  const started = Date.now();
  for (;;) {
    const read = await client.getTrace(sent.traceId);
    if (read.ok) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      print(`  ✓ trace visible in Langfuse after ${seconds} s: ${client.baseUrl}/project/${encodeURIComponent(projectId)}/traces/${sent.traceId}`);
      return true;
    }
    if (Date.now() - started + pollMs > waitMs) {
      return fail({
        ok: false,
        line: `the test trace did not appear in Langfuse within ${Math.round(waitMs / 1000)} s (last answer: ${read.reason})`,
        fix: 'Langfuse took the trace but has not stored it: check its ingestion workers (self-hosted) or try again in a minute',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function fixFor(error: string | undefined): string {
  if (error?.includes('credentials refused')) return 'check the API key variables of this backend';
  if (error?.includes('HTTP 4')) return 'the backend refused the payload: check the base URL points at this kind of backend';
  return 'check that the backend is reachable from here and answering';
}

function configuredBackends(config: ReturnType<typeof resolveRegisterConfig>): Backend[] {
  const env = (o: { env?: Record<string, string | undefined> } | undefined) => o?.env ?? {};
  const backends: Backend[] = [];
  if (config.langfuse) {
    const e = env(config.langfuse);
    const secret = config.langfuse.secretKey ?? e.LANGFUSE_SECRET_KEY ?? '';
    backends.push({
      name: 'langfuse',
      describe: [
        `langfuse: ${config.langfuse.baseUrl ?? e.LANGFUSE_BASE_URL ?? e.LANGFUSE_HOST ?? 'https://cloud.langfuse.com (default)'}, public key ${config.langfuse.publicKey ?? e.LANGFUSE_PUBLIC_KEY ?? '?'}, secret key set (${secret.trim().length} characters)`,
      ],
      build: () => createLangfuseExporter(config.langfuse),
      langfuse: config.langfuse,
    });
  }
  if (config.foglamp) {
    const e = env(config.foglamp);
    const key = config.foglamp.apiKey ?? e.FOGLAMP_API_KEY ?? '';
    backends.push({
      name: 'foglamp',
      describe: [`foglamp: ${config.foglamp.baseUrl ?? e.FOGLAMP_BASE_URL ?? 'http://localhost:4000 (default)'}, API key set (${key.trim().length} characters)`],
      build: () => new FoglampExporter(config.foglamp),
    });
  }
  if (config.rawRecord) {
    const e = env(config.rawRecord);
    backends.push({
      name: 'raw-record',
      describe: [`raw-record: ${config.rawRecord.baseUrl ?? e.LAMPLIGHT_RAW_RECORD_BASE_URL ?? '?'}, API key ${(config.rawRecord.apiKey ?? e.LAMPLIGHT_RAW_RECORD_API_KEY) ? 'set' : 'not set'}`],
      build: () => new RawRecordExporter(config.rawRecord),
    });
  }
  return backends;
}
