import type { Attributes } from '@opentelemetry/api';
import { valueText } from './attribute-values.js';

/**
 * The keys of one span's attributes grouped by namespace (the text before the first `.`:
 * `gen_ai`, `ai`, `llm`, `traceloop`, …), built in a single pass over the keys and shared
 * by every reader of that span. Readers skip a dialect whose namespace is absent in O(1)
 * and scan prefixes (`gen_ai.prompt.N.*`, `llm.input_messages.N.*`, metadata) only over
 * their own namespace, so normalising a span stays linear in its number of attributes.
 */
export interface AttributeIndex {
  /** Keys in namespace `ns`, in attribute order; empty when there are none. */
  keys(ns: string): readonly string[];
  /** True when at least one key is in namespace `ns`. */
  has(ns: string): boolean;
}

const EMPTY: readonly string[] = Object.freeze([]);

/** One index per attributes object: every reader of a span shares it. */
const cache = new WeakMap<Attributes, AttributeIndex>();

/** The (cached) namespace index of `attrs`. */
export function attributeIndex(attrs: Attributes): AttributeIndex {
  let index = cache.get(attrs);
  if (index === undefined) {
    index = buildIndex(attrs);
    cache.set(attrs, index);
  }
  return index;
}

function buildIndex(attrs: Attributes): AttributeIndex {
  const groups = new Map<string, string[]>();
  for (const key in attrs) {
    const dot = key.indexOf('.');
    const ns = dot < 0 ? key : key.slice(0, dot);
    const group = groups.get(ns);
    if (group === undefined) groups.set(ns, [key]);
    else group.push(key);
  }
  return {
    keys: (ns) => groups.get(ns) ?? EMPTY,
    has: (ns) => groups.has(ns),
  };
}

/**
 * Every `prefix<name>` key of namespace `ns` as a string map (values stringified), or
 * undefined when there is none. Scans only that namespace's keys.
 */
export function prefixedStringMap(attrs: Attributes, prefix: string): Record<string, string> | undefined {
  const dot = prefix.indexOf('.');
  const ns = dot < 0 ? prefix : prefix.slice(0, dot);
  let out: Record<string, string> | undefined;
  for (const key of attributeIndex(attrs).keys(ns)) {
    if (key.length === prefix.length || !key.startsWith(prefix)) continue;
    const value = attrs[key];
    if (value === undefined || value === null) continue;
    out ??= {};
    // Arrays, and whatever a non-conforming SDK put there, become bounded JSON text, never a throw.
    out[key.slice(prefix.length)] = valueText(value);
  }
  return out;
}
