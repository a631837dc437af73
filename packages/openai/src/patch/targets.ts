import { CHAT_COMPLETIONS } from '../operations/chat.js';
import { COMPLETIONS } from '../operations/completions.js';
import { EMBEDDINGS } from '../operations/embeddings.js';
import type { OperationSpec } from '../operations/operation-spec.js';
import { RESPONSES } from '../operations/responses.js';

/** A traced SDK resource: where it hangs on a client and on the module, and how it is traced. */
export interface PatchTarget {
  /** Property path from a client instance: `client.chat.completions`. */
  readonly clientPath: readonly string[];
  /** Property path from the `OpenAI` class to the resource class: `OpenAI.Chat.Completions`. */
  readonly classPath: readonly string[];
  readonly spec: OperationSpec;
  /** SDK helpers on the same resource that call its `create`. */
  readonly helpers: readonly string[];
}

/** Everything traced; every other method of the SDK is left alone. */
export const PATCH_TARGETS: readonly PatchTarget[] = [
  { clientPath: ['chat', 'completions'], classPath: ['Chat', 'Completions'], spec: CHAT_COMPLETIONS, helpers: ['parse', 'stream', 'runTools'] },
  { clientPath: ['responses'], classPath: ['Responses'], spec: RESPONSES, helpers: ['parse', 'stream'] },
  { clientPath: ['embeddings'], classPath: ['Embeddings'], spec: EMBEDDINGS, helpers: [] },
  { clientPath: ['completions'], classPath: ['Completions'], spec: COMPLETIONS, helpers: [] },
];

/** Follows a property path, or undefined where it breaks off. */
export function follow(root: unknown, path: readonly string[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || (typeof node !== 'object' && typeof node !== 'function')) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
