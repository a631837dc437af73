/**
 * Where this package is installed. A CommonJS file on purpose: `__dirname` exists in both
 * builds that way (the ES build imports it), while `import.meta` would not compile for the
 * CommonJS build. No type annotations here: the test runner reads this file as plain JS.
 * The built page lives under `dist/page/page/` of the package.
 */
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The directory of the compiled viewer page scripts, as a `file:` URL ending in `/`. */
export function builtPageDir() {
  // This file runs from src/ (tests) or from dist/esm or dist/cjs (the builds).
  const root = basename(__dirname) === 'src' ? join(__dirname, '..') : join(__dirname, '..', '..');
  return pathToFileURL(join(root, 'dist', 'page', 'page') + '/');
}
