import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Tests import the packages' TypeScript sources directly, so a unit test never runs
// against a stale build; child-process end-to-end tests use the built dist instead.
export default defineConfig({
  resolve: {
    // Exact matches: a prefix alias would turn `@lamplight/core/internal` into `…/index.ts/internal`.
    alias: [
      { find: /^@lamplight\/core\/internal$/, replacement: fileURLToPath(new URL('./packages/core/src/internal.ts', import.meta.url)) },
      ...Object.entries({
      '@lamplight/ai-sdk': src('ai-sdk'),
      '@lamplight/cli': src('cli'),
      '@lamplight/core': src('core'),
      '@lamplight/foglamp': src('foglamp'),
      '@lamplight/langfuse': src('langfuse'),
      '@lamplight/openai': src('openai'),
      '@lamplight/raw-record': src('raw-record'),
      '@lamplight/register': src('register'),
      '@lamplight/testkit': src('testkit'),
      '@lamplight/transport': src('transport'),
      }).map(([name, replacement]) => ({ find: new RegExp(`^${name.replace('/', '\\/')}$`), replacement })),
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
