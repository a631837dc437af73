// Bundles an entry the way edge platforms do (esbuild, browser platform, the export
// conditions of Workers and Vercel Edge) and records every import of a Node module it
// meets, so a test can fail on any.
import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

/** The conditions Cloudflare's and Vercel's bundlers resolve with. */
export const EDGE_CONDITIONS = ['workerd', 'worker', 'edge-light', 'browser'];

/** `node:*` and the bare names of Node's built-in modules (`zlib`, `async_hooks`, …). */
export const BUILTIN = new RegExp(`^(node:.*|(${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})(\\/.*)?)$`);

/** A bundle, the Node modules it would import (`name <- importer`), and its sizes. */
export interface EdgeBundle {
  code: string;
  nodeImports: string[];
  bytes: number;
  gzipBytes: number;
}

/** Options of `bundleEdge`. */
export interface BundleEdgeOptions {
  format?: 'esm' | 'iife';
  minify?: boolean;
  /** Resolve from here (the entry's folder when `entry` is a file). */
  resolveDir?: string;
}

/** Bundles `entry` (a file, or source text with `resolveDir`) for the edge. */
export async function bundleEdge(entry: string | { contents: string }, options: BundleEdgeOptions = {}): Promise<EdgeBundle> {
  const nodeImports: string[] = [];
  const recordNode: Plugin = {
    name: 'record-node-imports',
    setup(b) {
      b.onResolve({ filter: BUILTIN }, (args) => {
        nodeImports.push(`${args.path} <- ${args.importer}`);
        // Left to the runtime, by the `node:` name Workers and Deno require.
        return { path: args.path.startsWith('node:') ? args.path : `node:${args.path}`, external: true };
      });
    },
  };
  const result = await build({
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { contents: entry.contents, resolveDir: options.resolveDir, loader: 'ts' } }),
    bundle: true,
    write: false,
    platform: 'browser',
    conditions: EDGE_CONDITIONS,
    format: options.format ?? 'esm',
    target: 'es2022',
    minify: options.minify ?? false,
    logLevel: 'silent',
    // Resolve packages as published (package.json exports), not through the repository's
    // tsconfig paths, which point at the TypeScript sources.
    tsconfigRaw: '{}',
    plugins: [recordNode],
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output');
  return { code: file.text, nodeImports, bytes: file.contents.byteLength, gzipBytes: gzipSync(file.contents, { level: 9 }).byteLength };
}
