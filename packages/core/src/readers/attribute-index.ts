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

/**
 * The index of the attributes object seen last. The readers of one span run one after the
 * other, so a single entry serves them all; a WeakMap entry per span would cost the garbage
 * collector an ephemeron per exported span for nothing.
 */
let lastAttrs: Attributes | undefined;
let lastIndex: AttributeIndex | undefined;

/** The namespace index of `attrs`, built once for all the readers of a span. */
export function attributeIndex(attrs: Attributes): AttributeIndex {
  if (attrs !== lastAttrs || lastIndex === undefined) {
    lastIndex = buildIndex(attrs);
    lastAttrs = attrs;
  }
  return lastIndex;
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
