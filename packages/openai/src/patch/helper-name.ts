import { rec, str } from '../values.js';
import { callSlot } from './call-slot.js';

const HELPER_HEADER = 'x-stainless-helper-method';

/**
 * The SDK helper behind a `create` call, as `<resource>.<helper>` (for example
 * `chat.completions.runTools`), or undefined for a direct call. Sources, most precise
 * first: the helper wrapper's synchronous slot; the SDK's own tag on the request options
 * (`__metadata.helperMethod` in 7.x, the `X-Stainless-Helper-Method` header in 5.x/6.x),
 * which also covers helpers that call `create` asynchronously.
 */
export function helperName(resource: string, requestOptions: unknown): string | undefined {
  if (callSlot.helper !== undefined) return callSlot.helper;
  const options = rec(requestOptions);
  if (!options) return undefined;
  const hint = str(rec(options.__metadata)?.helperMethod) ?? headerHint(options.headers);
  if (hint === undefined) return undefined;
  return hint.includes('.') ? hint : `${resource}.${hint}`;
}

function headerHint(headers: unknown): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const get = (headers as { get?: unknown }).get;
  if (typeof get === 'function') {
    try {
      return str((get as (name: string) => unknown).call(headers, HELPER_HEADER));
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(headers)) return undefined;
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() === HELPER_HEADER) return str(value);
  }
  return undefined;
}
