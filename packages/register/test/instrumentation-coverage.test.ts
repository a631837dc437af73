import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPackage, moduleFormat, type AppFacts } from '../src/app-facts.js';
import { isPreloaded, isRequirePreload } from '../src/esm-hook-state.js';
import { assessCoverage } from '../src/instrumentation-coverage.js';

function facts(over: Partial<AppFacts> & { installed?: Record<string, string> } = {}): AppFacts {
  const installed = over.installed ?? { openai: '7.57.0', ai: '7.0.173' };
  return {
    mainPath: '/app/server.mjs',
    mainFormat: 'esm',
    loadedBy: 'import-preload',
    aiSdkOtelLoadable: true,
    openaiRequiredEarly: false,
    ...over,
    installedVersion: (name) => installed[name],
  };
}
const both = { openai: true, aiSdk: true };

describe('assessCoverage: the startup line names only what is really instrumented', () => {
  it('an ESM app preloaded with --import: openai and ai-sdk', () => {
    expect(assessCoverage(facts(), both)).toEqual({ listed: ['openai', 'ai-sdk'], notices: [], enableAiSdk: true });
  });

  it('an ESM app under --require, or with a late import, or register() in code: openai is not claimed, one line says why', () => {
    expect(assessCoverage(facts({ loadedBy: 'require' }), both).listed).toEqual(['ai-sdk']);
    expect(assessCoverage(facts({ loadedBy: 'require' }), both).notices).toEqual([
      'server.mjs is an ES module, which --require cannot instrument, so openai is not traced: start with node --import @lamplight/register server.mjs',
    ]);
    expect(assessCoverage(facts({ loadedBy: 'late-import' }), both).notices[0]).toMatch(/^@lamplight\/register was imported after the app's modules were loaded/);
    expect(assessCoverage(facts({ loadedBy: 'code' }), both).notices[0]).toMatch(/ES module started without the loader hook.*observeOpenAI/);
  });

  it('a CommonJS app under --require claims openai, unless openai was required before register() ran', () => {
    expect(assessCoverage(facts({ mainFormat: 'cjs', loadedBy: 'require' }), both).listed).toEqual(['openai', 'ai-sdk']);
    const early = assessCoverage(facts({ mainFormat: 'cjs', loadedBy: 'code', openaiRequiredEarly: true }), both);
    expect(early.listed).toEqual(['ai-sdk']);
    expect(early.notices[0]).toMatch(/^openai was loaded before register\(\) ran/);
  });

  it('ai v7 without @ai-sdk/otel: not claimed, not enabled (no stack trace on the first call), one line says what to install', () => {
    expect(assessCoverage(facts({ aiSdkOtelLoadable: false }), both)).toEqual({
      listed: ['openai'],
      notices: ['ai 7.0.173 is installed but @ai-sdk/otel is not, so AI SDK calls are not traced: npm install @ai-sdk/otel'],
      enableAiSdk: false,
    });
  });

  it('claims nothing that is not installed or did not start, and says what v5/v6 trace', () => {
    expect(assessCoverage(facts({ installed: {} }), both).listed).toEqual([]);
    expect(assessCoverage(facts({ installed: { ai: '6.0.325' } }), both).listed).toEqual(['ai-sdk 6 (calls with experimental_telemetry)']);
    expect(assessCoverage(facts(), both, ['ai-sdk']).listed).toEqual(['ai-sdk']);
    expect(assessCoverage(facts(), { openai: false, aiSdk: true }).listed).toEqual(['ai-sdk']);
  });
});

describe('app facts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lamplight-facts-'));
  mkdirSync(join(dir, 'esm', 'node_modules', 'ai'), { recursive: true });
  writeFileSync(join(dir, 'esm', 'package.json'), '{"type":"module"}');
  writeFileSync(join(dir, 'esm', 'node_modules', 'ai', 'package.json'), '{"name":"ai","version":"7.1.0","exports":{".":"./x.js"}}');
  mkdirSync(join(dir, 'cjs', 'src'), { recursive: true });
  writeFileSync(join(dir, 'cjs', 'package.json'), '{}');

  it('moduleFormat follows the extension, then the nearest package.json type', () => {
    expect(moduleFormat(join(dir, 'cjs', 'src', 'a.mjs'))).toBe('esm');
    expect(moduleFormat(join(dir, 'esm', 'a.cjs'))).toBe('cjs');
    expect(moduleFormat(join(dir, 'esm', 'a.js'))).toBe('esm');
    expect(moduleFormat(join(dir, 'cjs', 'src', 'a.js'))).toBe('cjs');
  });

  it('findPackage reads the version without loading the package (its exports may hide package.json)', () => {
    expect(findPackage('ai', join(dir, 'esm'))?.version).toBe('7.1.0');
    expect(findPackage('ai', join(dir, 'cjs', 'src'))).toBeUndefined();
  });

  it('isPreloaded: --import of this package or of a setup file of the app counts; another package does not', () => {
    const hook = 'file:///nonexistent/node_modules/@lamplight/register/hook.mjs';
    expect(isPreloaded(hook, ['--import', '@lamplight/register'], undefined, dir)).toBe(true);
    expect(isPreloaded(hook, ['--import=@lamplight/register'], undefined, dir)).toBe(true);
    expect(isPreloaded(hook, [], '--import @lamplight/register', dir)).toBe(true);
    expect(isPreloaded(hook, ['--import', './instrumentation.mjs'], undefined, dir)).toBe(true);
    expect(isPreloaded(hook, ['--import', hook], undefined, dir)).toBe(true);
    expect(isPreloaded(hook, ['--import', 'tsx'], undefined, dir)).toBe(false);
    expect(isPreloaded(hook, [], undefined, dir)).toBe(false);
    expect(isRequirePreload(['--require', '@lamplight/register'], undefined)).toBe(true);
    expect(isRequirePreload(['-r', 'dotenv/config'], '--require=@lamplight/register')).toBe(true);
    expect(isRequirePreload(['-r', 'dotenv/config'], undefined)).toBe(false);
  });
});
