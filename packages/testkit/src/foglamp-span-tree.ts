/**
 * Renders spans the Foglamp receiver accepted as an indented tree, the Foglamp counterpart
 * of `formatSpanTree`: a launcher or a failing test shows what Foglamp would have stored.
 */
import type { FoglampWireSpan } from './foglamp-received.js';

/**
 * One line per span, children under parents, siblings by start then end time:
 * `[spanType] name status model tokens in/out`. A span whose parent is not among `spans`
 * is shown as a root, so a partial export still renders.
 *
 * @example
 * ```text
 * [agent] weather-agent ok
 *   [llm] chat gpt-4o-mini ok gpt-4o-mini tokens 11/7
 *   [tool] get_weather ok
 * ```
 */
export function formatFoglampSpanTree(spans: readonly FoglampWireSpan[]): string {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string | undefined, FoglampWireSpan[]>();
  for (const span of spans) {
    const parent = span.parentSpanId !== undefined && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const lines: string[] = [];
  // `seen` guards against a span listed under its own (duplicated) id, which would otherwise recurse forever.
  const seen = new Set<FoglampWireSpan>();
  const walk = (parent: string | undefined, depth: number): void => {
    for (const span of [...(children.get(parent) ?? [])].sort((a, b) => a.startTime - b.startTime || a.endTime - b.endTime)) {
      if (seen.has(span)) continue;
      seen.add(span);
      const usage = span.usage ? ` tokens ${span.usage.inputTokens ?? '?'}/${span.usage.outputTokens ?? '?'}` : '';
      lines.push(`${'  '.repeat(depth)}[${span.spanType}] ${span.name} ${span.status}${span.modelId ? ` ${span.modelId}` : ''}${usage}`);
      walk(span.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines.join('\n');
}
