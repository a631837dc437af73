/**
 * `lamplight dev` as a function: the testkit's Langfuse OTLP and Foglamp receivers (which
 * decode the real wire formats and check each backend's contract), a bounded store fed by
 * their per-request hook, an optional JSON Lines file, and the viewer server.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { startFoglampReceiver, startLangfuseReceiver, type FoglampReceiver, type LangfuseReceiver } from '@lamplight/testkit';
import { builtPageDir } from './package-dir.cjs';
import { intakeFoglamp, intakeLangfuse, type IntakeResult } from './intake.js';
import { TraceStore } from './trace-store.js';
import { startViewerServer, type ViewerServer } from './viewer-server.js';

/** Fixed default ports, so the env lines pasted once keep working across restarts. */
export const DEV_DEFAULT_PORTS = { viewer: 4680, langfuse: 4681, foglamp: 4682 } as const;

/** Keys the local receivers accept. Not secrets: they only open these local receivers. */
export const DEV_KEYS = { langfusePublicKey: 'pk-lf-lamplight-dev', langfuseSecretKey: 'sk-lf-lamplight-dev', foglampApiKey: 'fl_lamplight_dev' } as const;

/** Options for {@link startDevServer}. */
export interface DevServerOptions {
  /** Interface for all three servers; default `127.0.0.1`. */
  host?: string;
  /** Viewer port; default 4680 (0: any free port). */
  port?: number;
  /** Langfuse receiver port; default 4681. */
  langfusePort?: number;
  /** Foglamp receiver port; default 4682. */
  foglampPort?: number;
  /** Traces kept in memory, newest first; default 1000. */
  maxTraces?: number;
  /** Append every received observation (and problem) to this JSON Lines file. */
  jsonl?: string;
  /** Directory of the compiled page scripts; default `dist/page/page/` of this package. */
  pageDir?: URL;
  /** Told about a failure the server keeps running through (e.g. the JSON Lines file). */
  onWarning?: (message: string) => void;
}

/** A running `lamplight dev`. */
export interface DevServer {
  /** The viewer page. */
  readonly viewerUrl: string;
  readonly langfuse: LangfuseReceiver;
  readonly foglamp: FoglampReceiver;
  readonly store: TraceStore;
  /** `NAME=value` lines that point an app at the receivers. */
  readonly env: Record<string, string>;
  /** Observations handed to the JSON Lines file, and those skipped after the file failed. */
  jsonlStats(): { written: number; failed: number };
  /** Stops the three servers and closes the file. */
  close(): Promise<void>;
}

/** Starts the receivers and the viewer; resolves once all three listen. */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const host = options.host ?? '127.0.0.1';
  const store = new TraceStore({ maxTraces: options.maxTraces ?? 1000 });
  const pageDir = options.pageDir ?? builtPageDir();
  let viewer: ViewerServer | undefined;
  const jsonl = options.jsonl ? openJsonl(options.jsonl, options.onWarning) : undefined;
  // Requests can arrive before the viewer listens; they are stored and the first snapshot shows them.
  const publish = (result: IntakeResult): void => {
    jsonl?.write(result);
    for (const traceId of result.traceIds) viewer?.events.send('trace', store.summary(traceId));
    for (const problem of result.problems) viewer?.events.send('problem', problem);
  };
  const started: Array<{ close(): Promise<void> }> = [];
  try {
    const langfuse = await startLangfuseReceiver({
      host,
      port: options.langfusePort ?? DEV_DEFAULT_PORTS.langfuse,
      publicKey: DEV_KEYS.langfusePublicKey,
      secretKey: DEV_KEYS.langfuseSecretKey,
      keepRecords: false,
      onRequest: (request) => publish(intakeLangfuse(store, request)),
    });
    started.push(langfuse);
    const foglamp = await startFoglampReceiver({
      host,
      port: options.foglampPort ?? DEV_DEFAULT_PORTS.foglamp,
      apiKey: DEV_KEYS.foglampApiKey,
      keepRecords: false,
      onRequest: (request) => publish(intakeFoglamp(store, request)),
    });
    started.push(foglamp);
    viewer = await startViewerServer({ store, pageDir, host, port: options.port ?? DEV_DEFAULT_PORTS.viewer });
    const view = viewer;
    return {
      viewerUrl: view.url,
      langfuse,
      foglamp,
      store,
      env: {
        LANGFUSE_BASE_URL: langfuse.url,
        LANGFUSE_PUBLIC_KEY: langfuse.publicKey,
        LANGFUSE_SECRET_KEY: langfuse.secretKey,
        FOGLAMP_BASE_URL: foglamp.url,
        FOGLAMP_API_KEY: foglamp.apiKey,
        // The local receiver has no media API: images stay inline (small) or placeholders, as the viewer shows them.
        LAMPLIGHT_LANGFUSE_MEDIA: 'false',
      },
      jsonlStats: () => ({ written: jsonl?.written ?? 0, failed: jsonl?.failed ?? 0 }),
      close: async () => {
        await Promise.all([view.close(), langfuse.close(), foglamp.close()]);
        await jsonl?.close();
      },
    };
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    await jsonl?.close();
    throw error;
  }
}

interface JsonlSink {
  written: number;
  failed: number;
  write(result: IntakeResult): void;
  close(): Promise<void>;
}

/** Appends one JSON object per line; a write error is counted and reported once, never thrown. */
function openJsonl(path: string, onWarning: ((message: string) => void) | undefined): JsonlSink {
  const stream: WriteStream = createWriteStream(path, { flags: 'a' });
  let warned = false;
  const sink: JsonlSink = {
    written: 0,
    failed: 0,
    write(result) {
      const lines = [
        ...result.observations.map((observation) => JSON.stringify({ kind: 'observation', receivedAt: Date.now(), ...observation })),
        ...result.problems.map((problem) => JSON.stringify({ kind: 'problem', ...problem })),
      ];
      if (lines.length === 0) return;
      if (stream.destroyed) {
        sink.failed += result.observations.length;
        return;
      }
      stream.write(`${lines.join('\n')}\n`);
      sink.written += result.observations.length;
    },
    close: () => new Promise<void>((resolve) => (stream.destroyed ? resolve() : stream.end(() => resolve()))),
  };
  stream.on('error', (error) => {
    if (!warned) onWarning?.(`cannot append to ${path}: ${error.message}; traces are still shown in the viewer`);
    warned = true;
  });
  return sink;
}
