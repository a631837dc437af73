import { describe, expect, it } from 'vitest';
import { findConfigMistakes, misspeltVariable } from '../src/config-mistakes.js';
import { resolveRegisterConfig } from '../src/register-options.js';

describe('findConfigMistakes', () => {
  it('names the missing half of a backend', () => {
    expect(findConfigMistakes({ LANGFUSE_SECRET_KEY: 'sk-lf-1' })).toEqual([
      'LANGFUSE_SECRET_KEY is set but LANGFUSE_PUBLIC_KEY is not, so nothing is sent to Langfuse: set both keys of the project',
    ]);
    expect(findConfigMistakes({ LANGFUSE_HOST: 'https://lf.example.com' })).toEqual([
      'LANGFUSE_HOST is set but LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are not, so nothing is sent to Langfuse: set both keys of the project',
    ]);
    expect(findConfigMistakes({ FOGLAMP_BASE_URL: 'https://f.example.com' })).toEqual([
      'FOGLAMP_BASE_URL is set but FOGLAMP_API_KEY is not, so nothing is sent to Foglamp: set FOGLAMP_API_KEY',
    ]);
    expect(findConfigMistakes({ LAMPLIGHT_RAW_RECORD_API_KEY: 'k' })).toEqual([
      'LAMPLIGHT_RAW_RECORD_API_KEY is set but LAMPLIGHT_RAW_RECORD_BASE_URL is not, so no raw records are sent: set LAMPLIGHT_RAW_RECORD_BASE_URL',
    ]);
  });

  it('counts keys given in code, and says nothing about a backend switched off in code or fully configured', () => {
    expect(findConfigMistakes({ LANGFUSE_PUBLIC_KEY: 'pk' }, { langfuse: { secretKey: 'sk' } })).toEqual([]);
    expect(findConfigMistakes({ LANGFUSE_PUBLIC_KEY: 'pk' }, { langfuse: false })).toEqual([]);
    expect(findConfigMistakes({ LANGFUSE_PUBLIC_KEY: 'pk', LANGFUSE_SECRET_KEY: 'sk', FOGLAMP_API_KEY: 'fl', FOGLAMP_BASE_URL: 'http://x' })).toEqual([]);
    expect(findConfigMistakes({ LANGFUSE_PUBLIC_KEY: '  ', LANGFUSE_SECRET_KEY: '' })).toEqual([]);
  });

  it('suggests the variable a misspelt one was meant to be, and never echoes a value', () => {
    const lines = findConfigMistakes({ LANGFUSE_PUBLIC_KEY: 'pk', LANGFUSE_SECRET_KEY: 'sk', LANGFUSE_BASEURL: 'secret-ish-value' });
    expect(lines).toEqual(['LANGFUSE_BASEURL is not a variable Lamplight reads; did you mean LANGFUSE_BASE_URL?']);
    expect(misspeltVariable('LANGFUSE_SECRETKEY')).toBe('LANGFUSE_SECRET_KEY');
    expect(misspeltVariable('LANGFUSE_SECERT_KEY')).toBe('LANGFUSE_SECRET_KEY');
    expect(misspeltVariable('LANGFUZE_PUBLIC_KEY')).toBe('LANGFUSE_PUBLIC_KEY');
    expect(misspeltVariable('FOGLAMP_APIKEY')).toBe('FOGLAMP_API_KEY');
    expect(misspeltVariable('FOGLAMP_API_KEYS')).toBe('FOGLAMP_API_KEY');
    expect(misspeltVariable('LAMPLIGHT_CAPTURE_CONTNET')).toBe('LAMPLIGHT_CAPTURE_CONTENT');
    expect(misspeltVariable('LAMPLIGHT_SAMPLERATE')).toBe('LAMPLIGHT_SAMPLE_RATE');
    expect(misspeltVariable('langfuse_secret_key')).toBe('LANGFUSE_SECRET_KEY');
    expect(misspeltVariable('LAMPLIGHT_DISABLE')).toBe('LAMPLIGHT_DISABLED');
    // Guesses too far for the edit distance.
    expect(misspeltVariable('LANGFUSE_URL')).toBe('LANGFUSE_BASE_URL');
    expect(misspeltVariable('FOGLAMP_URL')).toBe('FOGLAMP_BASE_URL');
    expect(misspeltVariable('FOGLAMP_KEY')).toBe('FOGLAMP_API_KEY');
  });

  it('leaves alone our own names and unrelated variables, including other tools’ LANGFUSE_* settings', () => {
    for (const name of ['LANGFUSE_SECRET_KEY', 'LANGFUSE_HOST', 'LANGFUSE_DEBUG', 'LANGFUSE_SAMPLE_RATE', 'LANGFUSE_FLUSH_AT', 'LANGFUSE_TIMEOUT', 'LANGFUSE_LOG_LEVEL', 'LANGFUSE_TRACING_ENABLED', 'LANGFUSE_FLUSH_INTERVAL', 'LANGFUSE_MEDIA_UPLOAD_ENABLED', 'LANG', 'LANGUAGE', 'LC_ALL', 'FORCE_COLOR', 'OTEL_SERVICE_NAME', 'PATH', 'LAMPLIGHT_E2E_ONLY']) {
      expect(misspeltVariable(name), name).toBeUndefined();
    }
  });
});

describe('resolveRegisterConfig', () => {
  it('LAMPLIGHT_CAPTURE_CONTENT with an unrecognised value fails closed and says so', () => {
    for (const value of ['flase', 'disabled', 'nope']) {
      const config = resolveRegisterConfig({ env: { LAMPLIGHT_CAPTURE_CONTENT: value } });
      expect(config.captureContent).toBe(false);
      expect(config.notices).toEqual([`LAMPLIGHT_CAPTURE_CONTENT="${value}" is not true or false, so content capture is off: set it to true or false`]);
    }
    expect(resolveRegisterConfig({ env: { LAMPLIGHT_CAPTURE_CONTENT: 'off' } })).toMatchObject({ captureContent: false, notices: [] });
    expect(resolveRegisterConfig({ env: { LAMPLIGHT_CAPTURE_CONTENT: 'TRUE' } })).toMatchObject({ captureContent: true, notices: [] });
    expect(resolveRegisterConfig({ env: {} })).toMatchObject({ captureContent: true, notices: [] });
    // A code option wins and needs no notice about the variable it overrides… but the variable is still read.
    expect(resolveRegisterConfig({ env: { LAMPLIGHT_CAPTURE_CONTENT: 'flase' }, captureContent: true }).captureContent).toBe(true);
  });

  it('collects the configuration mistakes, and none when disabled', () => {
    expect(resolveRegisterConfig({ env: { LANGFUSE_PUBLIC_KEY: 'pk' } }).notices).toHaveLength(1);
    expect(resolveRegisterConfig({ env: { LANGFUSE_PUBLIC_KEY: 'pk', LAMPLIGHT_DISABLED: 'true' } }).notices).toEqual([]);
  });
});
