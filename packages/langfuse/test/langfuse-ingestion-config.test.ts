import { diag } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createLangfuseExporter,
  LangfuseExporter,
  LangfuseIngestionExporter,
  resolveLangfuseIngestionConfig,
  resolveLangfuseTransport,
} from '../src/index.js';
import { captureDiag } from './ingestion-helpers.js';

const keys = { LANGFUSE_PUBLIC_KEY: 'pk-lf-env', LANGFUSE_SECRET_KEY: 'sk-lf-env-secret' };

afterEach(() => diag.disable());

describe('Langfuse ingestion config', () => {
  it('reads the same LANGFUSE_* variables as the OTLP exporter; options win', () => {
    const fromEnv = resolveLangfuseIngestionConfig({ env: { ...keys, LANGFUSE_HOST: 'http://langfuse.internal:3000/' } });
    expect(fromEnv).toMatchObject({ publicKey: 'pk-lf-env', secretKey: 'sk-lf-env-secret', baseUrl: 'http://langfuse.internal:3000', typeMode: 'compatible' });
    expect(fromEnv.endpoint.href).toBe('http://langfuse.internal:3000/api/public/ingestion');
    expect(fromEnv.maxRequestBytes).toBe(3_000_000);
    const fromOptions = resolveLangfuseIngestionConfig({ env: { ...keys, LANGFUSE_BASE_URL: 'http://a' }, publicKey: 'pk-2', baseUrl: 'https://b.example/x', typeMode: 'typed' });
    expect(fromOptions).toMatchObject({ publicKey: 'pk-2', baseUrl: 'https://b.example/x', typeMode: 'typed' });
    expect(resolveLangfuseIngestionConfig({ env: keys }).baseUrl).toBe('https://cloud.langfuse.com');
  });

  it('throws on a missing key or bad option, naming it and never the secret', () => {
    expect(() => resolveLangfuseIngestionConfig({ env: { LANGFUSE_PUBLIC_KEY: 'pk' } })).toThrow(/no secret key \(option "secretKey" or LANGFUSE_SECRET_KEY\)/);
    expect(() => resolveLangfuseIngestionConfig({ env: keys, maxRequestBytes: 4_000_000 })).toThrow(/"maxRequestBytes" must be at most 3500000/);
    expect(() => resolveLangfuseIngestionConfig({ env: keys, baseUrl: 'ftp://x' })).toThrow(/option "baseUrl" is not an http\(s\) URL/);
    expect(() => resolveLangfuseIngestionConfig({ env: keys, typeMode: 'all' as never })).toThrow(/"typeMode"/);
    expect(() => resolveLangfuseIngestionConfig({ env: keys, timeoutMillis: -1 })).toThrow(/"timeoutMillis"/);
  });

  it('a bad environment value throws naming the variable, never its value, and never falls back to another host', () => {
    const bad = (env: Record<string, string>) => () => resolveLangfuseIngestionConfig({ env: { ...keys, ...env } });
    expect(bad({ LANGFUSE_BASE_URL: 'not a url with sk-lf-env-secret' })).toThrow(/^LangfuseIngestionExporter: LANGFUSE_BASE_URL is not an http\(s\) URL$/);
    expect(bad({ LAMPLIGHT_LANGFUSE_INGESTION_TYPES: 'fancy' })).toThrow('LAMPLIGHT_LANGFUSE_INGESTION_TYPES must be "compatible" or "typed"');
    // An API path copied from the docs is taken as meant, not doubled.
    expect(resolveLangfuseIngestionConfig({ env: { ...keys, LANGFUSE_BASE_URL: 'http://localhost:3000/api/public/ingestion/' } }).endpoint.href).toBe(
      'http://localhost:3000/api/public/ingestion',
    );
    expect(resolveLangfuseIngestionConfig({ env: { ...keys, LAMPLIGHT_LANGFUSE_INGESTION_TYPES: 'TYPED' } }).typeMode).toBe('typed');
  });
});

describe('choosing the Langfuse transport', () => {
  it('LAMPLIGHT_LANGFUSE_TRANSPORT selects ingestion; default otlp; a bad value throws naming it', () => {
    const logs = captureDiag();
    expect(resolveLangfuseTransport({ env: {} })).toBe('otlp');
    expect(resolveLangfuseTransport({ env: { LAMPLIGHT_LANGFUSE_TRANSPORT: ' Ingestion ' } })).toBe('ingestion');
    expect(() => resolveLangfuseTransport({ env: { LAMPLIGHT_LANGFUSE_TRANSPORT: 'grpc' } })).toThrow('LAMPLIGHT_LANGFUSE_TRANSPORT must be "otlp" or "ingestion"');
    expect(logs.text()).toBe('');
    expect(resolveLangfuseTransport({ transport: 'otlp', env: { LAMPLIGHT_LANGFUSE_TRANSPORT: 'ingestion' } })).toBe('otlp');
    expect(() => resolveLangfuseTransport({ transport: 'http' as never })).toThrow(/"transport"/);
  });

  it('createLangfuseExporter builds the exporter the configuration names', () => {
    const otlp = createLangfuseExporter({ env: keys, baseUrl: 'http://localhost:3000' });
    expect(otlp).toBeInstanceOf(LangfuseExporter);
    expect(otlp.name).toBe('langfuse');
    const ingestion = createLangfuseExporter({ env: { ...keys, LAMPLIGHT_LANGFUSE_TRANSPORT: 'ingestion' }, baseUrl: 'http://localhost:3000', gzipLevel: 3 });
    expect(ingestion).toBeInstanceOf(LangfuseIngestionExporter);
    expect(ingestion.name).toBe('langfuse-ingestion');
    expect((ingestion as LangfuseIngestionExporter).endpoint).toBe('http://localhost:3000/api/public/ingestion');
  });
});
