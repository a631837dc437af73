import { lookup } from 'node:dns/promises';
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** The outcome of one check: a line to print, and on failure the one thing to change. */
export interface CheckResult {
  ok: boolean;
  line: string;
  /** What to change, when the check failed. */
  fix?: string;
}

/** Resolves the host of `url`: the first address, or what went wrong. */
export async function checkDns(url: URL): Promise<CheckResult> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  try {
    const { address } = await lookup(host);
    return { ok: true, line: `DNS ${host} → ${address}` };
  } catch (error) {
    return { ok: false, line: `DNS: ${host} does not resolve (${codeOf(error)})`, fix: 'check the host name in the base URL' };
  }
}

/** Opens a TCP connection to `url`'s host and port within `timeoutMs`. */
export function checkConnect(url: URL, timeoutMs: number): Promise<CheckResult> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: url.hostname.replace(/^\[|\]$/g, ''), port });
    const done = (result: CheckResult): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () =>
      done({ ok: false, line: `no connection to ${url.host} within ${timeoutMs} ms`, fix: 'check the port, a firewall or proxy between here and the backend' }),
    );
    socket.once('connect', () => done({ ok: true, line: `connected to ${url.hostname}:${port} in ${Math.round(performance.now() - started)} ms` }));
    socket.once('error', (error) =>
      done({ ok: false, line: `cannot connect to ${url.hostname}:${port} (${codeOf(error)})`, fix: 'check that the backend is running and the base URL\'s port is right' }),
    );
  });
}

/** For `https:`, a TLS handshake whose certificate the system trusts for the host. */
export function checkTls(url: URL, timeoutMs: number): Promise<CheckResult> {
  if (url.protocol !== 'https:') return Promise.resolve({ ok: true, line: 'plain http: no TLS to check' });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = tlsConnect({ host, port: Number(url.port || 443), servername: host });
    const done = (result: CheckResult): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, line: `TLS handshake with ${host} timed out`, fix: 'check a proxy or firewall that intercepts TLS' }));
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      done({ ok: true, line: `TLS: certificate for ${host} valid until ${cert.valid_to ?? '?'}` });
    });
    socket.once('error', (error) =>
      done({ ok: false, line: `TLS with ${host} failed (${codeOf(error)})`, fix: 'check the certificate (or NODE_EXTRA_CA_CERTS for a private CA)' }),
    );
  });
}

function codeOf(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' ? e.code : String(e.message ?? error);
}
