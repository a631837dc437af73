// Entry of `node --import @lamplight/register app.mjs`.
//
// ESM modules can only be patched through a loader hook registered before the app's
// imports are evaluated. The hook intercepts only the modules our instrumentations ask for
// (import-in-the-middle's message channel), so every other package loads untouched.
// Kept as plain JavaScript because it needs `import.meta.url`, which the CommonJS build of
// the TypeScript sources cannot contain.
import { register as registerLoader } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { recordEsmHook } from './dist/esm/esm-hook-state.js';

// Whether this runs as a preload decides what the startup line may claim for ESM apps.
recordEsmHook(import.meta.url);
const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
registerLoader('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
await import('./dist/esm/auto.js');
await waitForAllMessagesAcknowledged();
