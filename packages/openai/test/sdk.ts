/**
 * The `openai` majors under test, imported here because they are devDependencies of this
 * package: the end-to-end tests in the repository's `test/` directory have no `openai` of
 * their own and reach the SDK through this file.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export { default as OpenAI, AzureOpenAI, BadRequestError, APIPromise, APIError } from 'openai';
export { Stream } from 'openai/streaming';
export { default as OpenAIv6, BadRequestError as BadRequestErrorV6 } from 'openai-v6';
export { Stream as StreamV6 } from 'openai-v6/streaming';
export { default as OpenAIv5, BadRequestError as BadRequestErrorV5 } from 'openai-v5';
export { Stream as StreamV5 } from 'openai-v5/streaming';

const require = createRequire(import.meta.url);

/**
 * Absolute paths a child process needs: the CJS `openai` and this package's CJS build (which
 * may not exist yet when this module loads; the child-process tests build it first).
 */
export const CJS_PATHS = {
  openai: require.resolve('openai'),
  lamplightOpenAI: fileURLToPath(new URL('../dist/cjs/index.js', import.meta.url)),
};

/** The ESM `openai` module namespace, as an import-in-the-middle hook receives it. */
export * as OpenAIModuleNamespace from 'openai';
