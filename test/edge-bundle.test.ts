import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BUILTIN, bundleEdge } from './runtimes/bundle-edge.js';

// Bundles run against the built packages (dist), resolved through their package.json export
// conditions exactly as a Workers or Vercel Edge build resolves them.
const runtimesDir = fileURLToPath(new URL('./runtimes/', import.meta.url));
const appEntry = fileURLToPath(new URL('./runtimes/app/lamplight-app.ts', import.meta.url));

/** What an edge app imports from Lamplight: the manual API, the processor, both exporters. */
const LIBRARY_ENTRY = [
  "export { LamplightSpanProcessor, observe, startObservation, withTraceAttributes } from '@lamplight/core';",
  "export { LangfuseExporter } from '@lamplight/langfuse';",
  "export { FoglampExporter } from '@lamplight/foglamp';",
].join('\n');

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

describe('edge entry: no Node module anywhere in the bundle', () => {
  it('core, the manual API, the processor, the Langfuse and Foglamp exporters bundle for the edge without a node: import', async () => {
    const bundle = await bundleEdge({ contents: LIBRARY_ENTRY }, { resolveDir: runtimesDir, minify: true });
    expect(bundle.nodeImports).toEqual([]);
    expect(bundle.code).not.toMatch(/(?:from|import|require)\s*\(?\s*["'](?:node:)?(?:zlib|http|https|crypto|util|async_hooks|buffer)["']/);
    // The exporters still compress and send: the Web path is in the bundle.
    expect(bundle.code).toContain('CompressionStream');
    console.log(`edge bundle (core + langfuse + foglamp + transport + @opentelemetry/api), minified: ${kib(bundle.bytes)}, gzip: ${kib(bundle.gzipBytes)}`);
  });

  it('the whole test app (with the OTel SDK and the openai client) bundles for the edge without a node: import', async () => {
    const bundle = await bundleEdge(appEntry, { minify: true });
    expect(bundle.nodeImports).toEqual([]);
    console.log(`edge test app (library + sdk-trace-base + openai), minified: ${kib(bundle.bytes)}, gzip: ${kib(bundle.gzipBytes)}`);
  });

  it('the detector sees lazy Node imports: the Node entry of the same packages is caught', async () => {
    // Resolved with the ordinary `import` condition, transport's Node entry is reached, whose
    // node:http and node:zlib are imported lazily; the same bundler setup must report them.
    const nodeImports: string[] = [];
    await build({
      stdin: { contents: LIBRARY_ENTRY, resolveDir: runtimesDir, loader: 'ts' },
      bundle: true,
      write: false,
      platform: 'neutral',
      mainFields: ['module', 'main'],
      logLevel: 'silent',
      tsconfigRaw: '{}',
      plugins: [
        {
          name: 'record',
          setup(b) {
            b.onResolve({ filter: BUILTIN }, (args) => {
              nodeImports.push(args.path);
              return { path: args.path, external: true };
            });
          },
        },
      ],
    });
    expect(nodeImports).toEqual(expect.arrayContaining(['node:http', 'node:zlib']));
  });
});
