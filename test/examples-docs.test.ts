import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Keeps the README and the examples honest: the environment table lists every variable the
// packages read, every example is a runnable workspace package the README names with its
// command, and the examples pin the dependency versions the tests run with.

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The text of one `## ` section of the README, heading included. */
function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}`);
  expect(start, `README has no "## ${heading}" section`).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
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
  it('starts with the Quick start and its two commands', () => {
    expect(readme.indexOf('\n## ')).toBe(readme.indexOf('\n## Quick start'));
    const quick = section('Quick start');
    expect(quick).toContain('npm run demo');
    expect(quick).toContain('npm test');
  });

  it('the configuration table lists every environment variable a package reads', () => {
    const found = variablesReadBySources();
    // Sanity: the scan sees the variables of every package that reads any.
    for (const name of ['LANGFUSE_PUBLIC_KEY', 'LAMPLIGHT_LANGFUSE_TRANSPORT', 'FOGLAMP_API_KEY', 'LAMPLIGHT_RAW_RECORD_BASE_URL', 'LAMPLIGHT_EXPORT_MODE', 'OTEL_SDK_DISABLED']) {
      expect([...found.keys()]).toContain(name);
    }
    const table = section('Configuration');
    const missing = [...found].filter(([name]) => !table.includes(`\`${name}\``)).map(([name, files]) => `${name} (${files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('documents both preload commands and the startup line', () => {
    const zero = section('Zero-code setup');
    expect(zero).toContain('node --import @lamplight/register app.mjs');
    expect(zero).toContain('node --require @lamplight/register app.cjs');
    expect(zero).toMatch(/\[lamplight\] exporting to langfuse \(https:\/\/cloud\.langfuse\.com\/api\/public\/otel\/v1\/traces, key pk-lf-[^)]*\) and foglamp/);
    for (const mode of ['own tracer provider', "attached to the app's", 'isolated provider for LLM spans']) expect(zero).toContain(mode);
  });

  it('names every example with its run command, and every package in the package table', () => {
    const list = section('Examples');
    for (const name of examples) expect(list).toContain(`pnpm --filter @lamplight/example-${name} start`);
    const packages = section('Packages');
    for (const pkg of readdirSync(join(root, 'packages'))) expect(packages).toContain(`\`@lamplight/${pkg}\``);
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
