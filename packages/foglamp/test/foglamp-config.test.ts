import { readFileSync } from 'node:fs';
import { diag } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FOGLAMP_BASE_URL, FoglampExporter, resolveFoglampConfig, VERSION } from '../src/index.js';
import { captureDiag } from './helpers.js';

afterEach(() => diag.disable());

const KEY = 'fl_secret_123';

describe('resolveFoglampConfig', () => {
  it('uses options over FOGLAMP_* environment over defaults', () => {
    const env = { FOGLAMP_API_KEY: 'fl_env', FOGLAMP_BASE_URL: 'https://env.example.com/' };
    expect(resolveFoglampConfig({ env })).toMatchObject({
      apiKey: 'fl_env',
      baseUrl: 'https://env.example.com',
      compression: 'none',
      maxTracesPerRequest: 1000,
      maxRequestBytes: 2 * 1024 * 1024,
      timeoutMillis: 10_000,
      exportDeadlineMillis: 30_000,
    });
    expect(resolveFoglampConfig({ env }).endpoint.href).toBe('https://env.example.com/ingest');
    const fromOptions = resolveFoglampConfig({ env, apiKey: KEY, baseUrl: 'http://127.0.0.1:4000/base//' });
    expect(fromOptions.apiKey).toBe(KEY);
    expect(fromOptions.endpoint.href).toBe('http://127.0.0.1:4000/base/ingest');
    expect(resolveFoglampConfig({ env: { FOGLAMP_API_KEY: ' fl_trimmed \n' } })).toMatchObject({
      apiKey: 'fl_trimmed',
      baseUrl: DEFAULT_FOGLAMP_BASE_URL,
    });
  });

  it('reads process.env when no env is given, at construction time', () => {
    const before = { ...process.env };
    try {
      process.env.FOGLAMP_API_KEY = 'fl_process';
      process.env.FOGLAMP_BASE_URL = 'http://proc.example:1';
      expect(new FoglampExporter().endpoint).toBe('http://proc.example:1/ingest');
    } finally {
      process.env = before;
    }
  });

  it.each([
    [{}, /no API key \(option "apiKey" or FOGLAMP_API_KEY\)/],
    [{ apiKey: '' }, /option "apiKey" must be a non-empty string/],
    [{ apiKey: 'fl_a b' }, /option "apiKey" contains whitespace/],
    [{ apiKey: KEY, baseUrl: 'ftp://x' }, /option "baseUrl" is not an http\(s\) URL/],
    [{ apiKey: KEY, baseUrl: 'not a url' }, /option "baseUrl"/],
    [{ apiKey: KEY, compression: 'br' }, /option "compression" must be "gzip" or "none"/],
    [{ apiKey: KEY, gzipLevel: 0 }, /option "gzipLevel"/],
    [{ apiKey: KEY, maxTracesPerRequest: 1001 }, /option "maxTracesPerRequest" must be an integer 1–1000/],
    [{ apiKey: KEY, maxTracesPerRequest: 0 }, /option "maxTracesPerRequest"/],
    [{ apiKey: KEY, maxRequestBytes: -1 }, /option "maxRequestBytes" must be a positive number/],
    [{ apiKey: KEY, timeoutMillis: Number.NaN }, /option "timeoutMillis"/],
    [{ apiKey: KEY, exportDeadlineMillis: 0 }, /option "exportDeadlineMillis"/],
    [{ apiKey: KEY, headers: 'x' }, /option "headers"/],
  ])('throws in the constructor for %j, naming the option', (options, message) => {
    expect(() => new FoglampExporter({ env: {}, ...(options as object) })).toThrow(message);
  });

  it('never puts the key in an error message', () => {
    for (const apiKey of ['fl_with space', 'fl_tab\tkey']) {
      let message = '';
      try {
        new FoglampExporter({ env: {}, apiKey });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/apiKey/);
      expect(message).not.toContain(apiKey);
    }
    expect(() => resolveFoglampConfig({ env: { FOGLAMP_API_KEY: 'fl_x\u0000y' } })).toThrow(/^(?!.*fl_x).*FOGLAMP_API_KEY/);
  });

  it('a bad FOGLAMP_BASE_URL throws naming the variable (never its value) instead of sending the key to the default host', () => {
    const captured = captureDiag();
    expect(() => resolveFoglampConfig({ env: { FOGLAMP_API_KEY: KEY, FOGLAMP_BASE_URL: 'htp:/user:pw@bad' } })).toThrow(
      /^FoglampExporter: FOGLAMP_BASE_URL is not an http\(s\) URL$/,
    );
    expect(() => resolveFoglampConfig({ env: { FOGLAMP_API_KEY: KEY, FOGLAMP_BASE_URL: 'https://user:pw@foglamp.example' } })).toThrow(
      /^FoglampExporter: FOGLAMP_BASE_URL must not contain credentials/,
    );
    expect(captured.lines).toHaveLength(0);
    expect(resolveFoglampConfig({ env: { FOGLAMP_API_KEY: KEY } }).baseUrl).toBe(DEFAULT_FOGLAMP_BASE_URL);
  });

  it('takes a base URL that already ends with /ingest as meant, and warns once about plain http to another host', () => {
    const captured = captureDiag();
    const config = resolveFoglampConfig({ env: { FOGLAMP_API_KEY: ` ${KEY} `, FOGLAMP_BASE_URL: 'http://foglamp.example/v2/ingest//' } });
    expect(config.endpoint.href).toBe('http://foglamp.example/v2/ingest');
    expect(config.apiKey).toBe(KEY);
    expect(captured.lines.filter((l) => l.level === 'warn' && l.text.includes('plain http://'))).toHaveLength(1);
    expect(captured.text()).not.toContain(KEY);
    resolveFoglampConfig({ env: { FOGLAMP_API_KEY: KEY, FOGLAMP_BASE_URL: 'http://127.0.0.1:4000' } });
    expect(captured.lines.filter((l) => l.text.includes('plain http://'))).toHaveLength(1);
  });

  it('keeps VERSION equal to package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
