import type { AttributeValue } from '@opentelemetry/api';

/**
 * Rebuilds nested values from flattened attribute keys, as OpenLLMetry
 * (`gen_ai.prompt.0.role`, `gen_ai.completion.0.tool_calls.1.name`) and OpenInference
 * (`llm.input_messages.0.message.contents.1.message_content.text`) write them.
 *
 * Add each key's path (the part after the prefix, split on `.`) with its value, then call
 * `toValue()`. A level whose keys are all integers becomes an array, ordered by index with
 * gaps closed (an adversarial `….999999999.role` yields one element, not a huge sparse
 * array); other levels become objects. When a path is both a leaf and a branch
 * (`0.content` and `0.content.text`), the first one added wins.
 */
export class FlattenedTree {
  private readonly root: Branch = new Map();
  private size = 0;

  /** Number of leaves added. */
  get leaves(): number {
    return this.size;
  }

  /** Adds `value` at `path` (a key's segments after the prefix). */
  add(path: readonly string[], value: AttributeValue | undefined): void {
    if (value === undefined || value === null || path.length === 0) return;
    let branch = this.root;
    for (let i = 0; i < path.length - 1; i++) {
      const segment = path[i] as string;
      const next = branch.get(segment);
      if (next === undefined) {
        const created: Branch = new Map();
        branch.set(segment, created);
        branch = created;
      } else if (next instanceof Map) {
        branch = next;
      } else {
        return; // a leaf is already there
      }
    }
    const last = path[path.length - 1] as string;
    if (branch.has(last)) return;
    branch.set(last, value);
    this.size++;
  }

  /** The rebuilt value (an array when the top level is indexed), or undefined when empty. */
  toValue(): unknown {
    return this.size === 0 ? undefined : finalize(this.root);
  }
}

type Branch = Map<string, AttributeValue | Branch>;

const INDEX = /^(0|[1-9]\d{0,8})$/;

function finalize(branch: Branch): unknown {
  let indexed = true;
  for (const key of branch.keys()) {
    if (!INDEX.test(key)) {
      indexed = false;
      break;
    }
  }
  if (indexed) {
    return [...branch.entries()]
      .sort((a, b) => Number(a[0]) - Number(b[0]))
      .map(([, v]) => (v instanceof Map ? finalize(v) : v));
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of branch) {
    // A `__proto__` key would replace the object's prototype instead of adding a field.
    if (key === '__proto__') continue;
    out[key] = v instanceof Map ? finalize(v) : v;
  }
  return out;
}
