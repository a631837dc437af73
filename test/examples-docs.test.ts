import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KNOWN_VARIABLES } from '../packages/register/src/config-mistakes.js';

// Keeps the README, docs/ and the examples honest: the environment table (docs/configuration.md)
// lists every variable the packages read, every example is a runnable workspace package the
// docs name with its command, every public package ships a README and a LICENSE, and the
// examples pin the dependency versions the tests run with.

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const readme = read('README.md');

/** The text of one `## ` section of a Markdown file, heading included. */
function section(heading: string, text = readme, file = 'README.md'): string {
  const start = text.indexOf(`\n## ${heading}`);
  expect(start, `${file} has no "## ${heading}" section`).toBeGreaterThanOrEqual(0);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** Environment variable names the runtime packages read (the testkit is not one). */
function variablesReadBySources(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const patterns = [
    /\benv\)?\.([A-Z][A-Z0-9_]*)\b/g, // env.NAME, process.env.NAME, (options.env ?? process.env).NAME
    /\benv\[['"]([A-Z][A-Z0-9_]*)['"]\]/g, // env['NAME']
    /\benv(?:Boolean|Number|Choice|String)\(\s*env,\s*'([A-Z][A-Z0-9_]*)'/g, // register's env readers
  ];
  for (const pkg of readdirSync(join(root, 'packages'))) {
    if (pkg === 'testkit') continue;
    const src = join(root, 'packages', pkg, 'src');
    for (const file of readdirSync(src, { recursive: true }) as string[]) {
      if (!file.endsWith('.ts')) continue;
      const text = readFileSync(join(src, file), 'utf8');
      for (const pattern of patterns) {
        for (const match of text.matchAll(pattern)) {
          const name = match[1]!;
          found.set(name, [...new Set([...(found.get(name) ?? []), `packages/${pkg}/src/${file}`])]);
        }
      }
    }
  }
  return found;
}

const examples = readdirSync(join(root, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe('README', () => {
  it('starts with the Quick start, whose first two commands are npm run demo and npm test', () => {
    expect(readme.indexOf('\n## ')).toBe(readme.indexOf('\n## Quick start'));
    const commands = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n').filter(Boolean));
    expect(commands.slice(0, 2).map((c) => c.split('#')[0]!.trim())).toEqual(['npm run demo', 'npm test']);
  });

  it('is a front door: short, an install line, the three setups, links that resolve, no cost computed by Lamplight', () => {
    expect(readme.split('\n').length).toBeLessThan(120);
    expect(section('Install')).toMatch(/npm install @lamplight\/register/);
    const setups = section('Three ways to set it up');
    for (const text of ['node --import @lamplight/register', "from '@lamplight/register/api'", 'new LamplightSpanProcessor']) expect(setups).toContain(text);
    for (const [, target] of readme.matchAll(/\]\(((?:docs|packages|examples)\/[^)#]*)/g)) expect(existsSync(join(root, target!)), target).toBe(true);
    // Lamplight forwards usage; only a backend (or the instrumentation) prices it.
    for (const line of readme.split('\n').filter((l) => /\bcost\b/i.test(l))) expect(line).toMatch(/does not price|Langfuse computes cost|passed through/);
  });

  it('the configuration table lists every environment variable a package reads', () => {
    const found = variablesReadBySources();
    // Sanity: the scan sees the variables of every package that reads any.
    for (const name of ['LANGFUSE_PUBLIC_KEY', 'LAMPLIGHT_LANGFUSE_TRANSPORT', 'FOGLAMP_API_KEY', 'LAMPLIGHT_RAW_RECORD_BASE_URL', 'LAMPLIGHT_EXPORT_MODE', 'OTEL_SDK_DISABLED']) {
      expect([...found.keys()]).toContain(name);
    }
    const table = section('Environment variables', read('docs/configuration.md'), 'docs/configuration.md');
    const missing = [...found].filter(([name]) => !table.includes(`\`${name}\``)).map(([name, files]) => `${name} (${files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('startup-line checks know every variable a package reads (else a real one would be called misspelt)', () => {
    const found = [...variablesReadBySources().keys()].filter((n) => !n.startsWith('OTEL_') && n !== 'PATH' && n !== 'NODE_OPTIONS');
    expect(found.filter((n) => !KNOWN_VARIABLES.includes(n))).toEqual([]);
  });

  it('documents both preload commands and the startup line', () => {
    expect(section('Three ways to set it up')).toContain('node --import @lamplight/register app.mjs');
    expect(section('Three ways to set it up')).toContain('node --require @lamplight/register app.cjs');
    const zero = section('Zero-code setup', read('docs/register.md'), 'docs/register.md');
    expect(zero).toContain('node --import @lamplight/register app.mjs');
    expect(zero).toContain('node --require @lamplight/register app.cjs');
    expect(zero).toMatch(/\[lamplight\] exporting to langfuse \(https:\/\/cloud\.langfuse\.com\/api\/public\/otel\/v1\/traces, key pk-lf-[^)]*\) and foglamp/);
    for (const mode of ['own tracer provider', "attached to the app's", 'isolated provider for LLM spans']) expect(zero).toContain(mode);
  });

  it('names every example with its run command, and every package in the package table', () => {
    const list = read('docs/examples.md');
    for (const name of examples) expect(list).toContain(`pnpm --filter @lamplight/example-${name} start`);
    const packages = section('Packages');
    for (const pkg of readdirSync(join(root, 'packages'))) expect(packages).toContain(`\`@lamplight/${pkg}\``);
  });

  it('every public package ships a README (what it is, install, an example, options) and the MIT LICENSE', () => {
    const license = read('LICENSE');
    expect(license).toMatch(/^MIT License/);
    for (const pkg of readdirSync(join(root, 'packages'))) {
      const text = read(`packages/${pkg}/README.md`);
      expect(text.startsWith(`# @lamplight/${pkg}\n`), pkg).toBe(true);
      expect(text, pkg).toMatch(new RegExp(`npm install (--save-dev )?@lamplight/${pkg}\\b`));
      expect(text, pkg).toMatch(/```(ts|js|sh)\n/);
      expect(text, pkg).toMatch(/\n## (Options|API)/);
      expect(read(`packages/${pkg}/LICENSE`), pkg).toBe(license);
    }
  });
});

describe('examples', () => {
  const testDeps = (() => {
    const pkg = JSON.parse(readFileSync(join(root, 'test/package.json'), 'utf8')) as Record<string, Record<string, string>>;
    return { ...pkg.devDependencies, ...pkg.dependencies };
  })();

  for (const name of examples) {
    it(`${name} is a private, runnable workspace package with pinned dependencies`, () => {
      const pkg = JSON.parse(readFileSync(join(root, 'examples', name, 'package.json'), 'utf8')) as {
        name: string;
        private: boolean;
        scripts: Record<string, string>;
        dependencies: Record<string, string>;
      };
      expect(pkg.name).toBe(`@lamplight/example-${name}`);
      expect(pkg.private).toBe(true);
      expect(pkg.scripts.start).toMatch(/^node /);
      for (const [dep, version] of Object.entries(pkg.dependencies)) {
        if (dep.startsWith('@lamplight/')) expect(version, dep).toBe('workspace:^');
        else {
          expect(version, dep).toMatch(/^\d+\.\d+\.\d+$/);
          if (testDeps[dep]) expect(version, `${dep}: the version the tests run with`).toBe(testDeps[dep]);
        }
      }
    });
  }

  it('otel-collector: otelcol.yaml forwards OTLP to Langfuse with Basic auth and ingestion version 4', () => {
    const yaml = readFileSync(join(root, 'examples/otel-collector/otelcol.yaml'), 'utf8');
    expect(yaml).toMatch(/^receivers:\n {2}otlp:\n {4}protocols:\n {6}http:\n {8}endpoint: 0\.0\.0\.0:4318$/m);
    expect(yaml).toMatch(/^ {4}traces_endpoint: \$\{env:LANGFUSE_BASE_URL\}\/api\/public\/otel\/v1\/traces$/m);
    expect(yaml).toMatch(/^ {6}Authorization: "Basic \$\{env:LANGFUSE_AUTH\}"$/m);
    expect(yaml).toMatch(/^ {6}x-langfuse-ingestion-version: "4"$/m);
    expect(yaml).toMatch(/^ {4}traces:\n {6}receivers: \[otlp\]\n {6}processors: \[memory_limiter, batch\]\n {6}exporters: \[otlphttp\/langfuse\]$/m);
    // No tabs (YAML forbids them for indentation) and no key material.
    expect(yaml).not.toContain('\t');
    expect(yaml).not.toMatch(/sk-lf-[A-Za-z0-9]/);
  });
});
