import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { checkAuthorization, LANGFUSE_OTLP_TRACES_PATH } from './langfuse-http-checks.js';
import { MediaStore, type ReceivedMedia, type UploadFailure } from './langfuse-media-store.js';
import { listen } from './listen.js';

/** A score as the stand-in stored it. */
export interface ReceivedScore {
  id: string;
  name: string;
  value: number | string;
  dataType: 'NUMERIC' | 'BOOLEAN' | 'CATEGORICAL';
  traceId?: string;
  observationId?: string;
  sessionId?: string;
  comment?: string;
  metadata?: Record<string, unknown>;
}

/** Options of `startLangfusePublicApi`. */
export interface LangfusePublicApiOptions {
  publicKey?: string;
  secretKey?: string;
  projectId?: string;
  /** Trace ids the stand-in can read back (e.g. from a Langfuse receiver's `spans()`). */
  traceIds?: () => Iterable<string>;
  /**
   * Base URL of a Langfuse OTLP receiver (`startLangfuseReceiver().url`): `POST
   * /api/public/otel/v1/traces` is passed to it unchanged (headers, body, answer), so one
   * base URL serves both the exporter's spans and the public API, as Langfuse does.
   */
  otlpReceiverUrl?: string;
}

/** A local stand-in for the Langfuse public-API routes Lamplight calls: projects, scores, traces, media. */
export interface LangfusePublicApi {
  readonly url: string;
  readonly publicKey: string;
  readonly secretKey: string;
  readonly projectId: string;
  /** Scores accepted, in arrival order. */
  scores(): ReceivedScore[];
  /** Every request: method, path, status answered. */
  readonly requests: ReadonlyArray<{ method: string; path: string; status: number }>;
  /** Answers the next `count` requests with `status` (e.g. 503) instead of handling them. */
  failNext(status: number, count?: number): void;
  /** Media records (announced, uploaded, patched), in creation order. */
  media(): ReceivedMedia[];
  /**
   * Makes the upload target fail every upload from now on: answer `status`, or drop the
   * connection (`'reset'`); `false` heals it.
   */
  failUploads(failure: UploadFailure | false): void;
  close(): Promise<void>;
}

const SCORE_TYPES = new Set(['NUMERIC', 'BOOLEAN', 'CATEGORICAL']);

/**
 * Starts the stand-in on 127.0.0.1, port 0. It is strict like the receivers: Basic auth as
 * Langfuse checks it (401 otherwise), and a score body checked field by field, answering
 * `400 { message: "Invalid request data", error: [...] }` as the API does.
 */
export async function startLangfusePublicApi(options: LangfusePublicApiOptions = {}): Promise<LangfusePublicApi> {
  const publicKey = options.publicKey ?? 'pk-lf-testkit-public';
  const secretKey = options.secretKey ?? 'sk-lf-testkit-secret';
  const projectId = options.projectId ?? 'testkit-project';
  const scores: ReceivedScore[] = [];
  const requests: Array<{ method: string; path: string; status: number }> = [];
  const faults: number[] = [];
  let base = '';
  const mediaStore = new MediaStore(() => base);
  const answer = (req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void => {
    requests.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0] ?? '', status });
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (options.otlpReceiverUrl !== undefined && path === LANGFUSE_OTLP_TRACES_PATH) return forward(req, res, body, options.otlpReceiverUrl);
      const fault = faults.shift();
      if (fault !== undefined) return answer(req, res, fault, { message: `injected failure ${fault}` });
      // The upload target is a presigned URL: its signature, not Basic auth, lets the bytes in.
      const uploadMatch = /^\/upload\/([^/]+)$/.exec(path);
      if (req.method === 'PUT' && uploadMatch) {
        const outcome = mediaStore.upload(decodeURIComponent(uploadMatch[1] ?? ''), req.headers, body);
        if (outcome === 'reset') {
          requests.push({ method: 'PUT', path, status: 0 });
          return void res.socket?.destroy();
        }
        return answer(req, res, outcome.status, outcome.body);
      }
      const refused = checkAuthorization(req.headers, publicKey, secretKey);
      if (refused) return answer(req, res, refused.status, refused.body);
      const json = (): unknown => {
        try {
          return JSON.parse(body.toString('utf8')) as unknown;
        } catch {
          return undefined;
        }
      };
      if (req.method === 'POST' && path === '/api/public/media') {
        const outcome = mediaStore.create(json());
        return answer(req, res, outcome.status, outcome.body);
      }
      const mediaMatch = /^\/api\/public\/media\/([^/]+)$/.exec(path);
      if (mediaMatch && (req.method === 'PATCH' || req.method === 'GET')) {
        const id = decodeURIComponent(mediaMatch[1] ?? '');
        const outcome = req.method === 'PATCH' ? mediaStore.patch(id, json()) : mediaStore.get(id);
        return answer(req, res, outcome.status, outcome.body);
      }
      if (req.method === 'GET' && path === '/api/public/projects') return answer(req, res, 200, { data: [{ id: projectId, name: 'testkit' }] });
      const traceMatch = /^\/api\/public\/traces\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && traceMatch) {
        const id = decodeURIComponent(traceMatch[1] ?? '');
        const known = new Set(options.traceIds?.() ?? []);
        return known.has(id) ? answer(req, res, 200, { id, projectId, observations: [] }) : answer(req, res, 404, { message: 'Trace not found' });
      }
      if (req.method === 'POST' && path === '/api/public/scores') {
        const parsed = json();
        if (parsed === undefined) return answer(req, res, 400, { message: 'Invalid request data', error: [{ path: [], message: 'body is not JSON' }] });
        const problems = checkScore(parsed);
        if (problems.length > 0) return answer(req, res, 400, { message: 'Invalid request data', error: problems });
        const score = parsed as ReceivedScore;
        scores.push(score);
        return answer(req, res, 200, { id: score.id });
      }
      answer(req, res, 404, { message: `no route ${req.method} ${path}` });
    });
  });
  const forward = (req: IncomingMessage, res: ServerResponse, payload: Buffer, target: string): void => {
    const upstream = httpRequest(new URL(LANGFUSE_OTLP_TRACES_PATH, target), { method: req.method, headers: req.headers }, (answerRes) => {
      requests.push({ method: req.method ?? '', path: LANGFUSE_OTLP_TRACES_PATH, status: answerRes.statusCode ?? 0 });
      res.writeHead(answerRes.statusCode ?? 502, answerRes.headers);
      answerRes.pipe(res);
    });
    upstream.on('error', () => res.socket?.destroy());
    upstream.end(payload);
  };
  const port = await listen(server, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}`,
    publicKey,
    secretKey,
    projectId,
    requests,
    scores: () => [...scores],
    failNext: (status, count = 1) => faults.push(...Array.from({ length: count }, () => status)),
    media: () => mediaStore.all(),
    failUploads: (failure) => void (mediaStore.uploadFailure = failure === false ? undefined : failure),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The API's checks of a score body, as `{ path, message }` entries. */
function checkScore(body: unknown): Array<{ path: string[]; message: string }> {
  const problems: Array<{ path: string[]; message: string }> = [];
  const bad = (path: string, message: string): void => void problems.push({ path: [path], message });
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [{ path: [], message: 'Expected object' }];
  const s = body as Record<string, unknown>;
  if (typeof s.name !== 'string' || s.name === '') bad('name', 'Required non-empty string');
  if (s.id !== undefined && typeof s.id !== 'string') bad('id', 'Expected string');
  if ((s.traceId === undefined) === (s.sessionId === undefined)) bad('traceId', 'Exactly one of traceId or sessionId is required');
  if (s.observationId !== undefined && s.traceId === undefined) bad('observationId', 'observationId requires traceId');
  for (const key of ['traceId', 'observationId', 'sessionId', 'comment'] as const) {
    if (s[key] !== undefined && typeof s[key] !== 'string') bad(key, 'Expected string');
  }
  const type = s.dataType;
  if (type !== undefined && !SCORE_TYPES.has(type as string)) bad('dataType', 'Expected NUMERIC, BOOLEAN or CATEGORICAL');
  if (type === 'CATEGORICAL' ? typeof s.value !== 'string' : typeof s.value !== 'number' || !Number.isFinite(s.value)) bad('value', `Invalid value for ${String(type ?? 'NUMERIC')}`);
  if (type === 'BOOLEAN' && s.value !== 0 && s.value !== 1) bad('value', 'BOOLEAN scores take 0 or 1');
  return problems;
}

