/**
 * Renders decoded spans as an indented tree, one line per span:
 * `name [type] model tokens in/out duration level`. Meant for demos and for failure
 * messages, where a tree says more about a broken export than a list of objects.
 */
import type { AttributeValue, DecodedSpan } from './decoded-span.js';

/** Options for {@link formatSpanTree}. */
export interface SpanTreeOptions {
  /** Put a `trace <id>` line above each trace's spans. Default false. */
  showTraceIds?: boolean;
  /** Indentation per depth level. Default two spaces. */
  indent?: string;
}

function stringAttr(span: DecodedSpan, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = span.attributes[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function numberAttr(span: DecodedSpan, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const value: AttributeValue | undefined = span.attributes[key];
    if (typeof value === 'number') return value;
    if (typeof value === 'bigint') return Number(value);
  }
  return undefined;
}

/** Token counts of a span's line; cached and reasoning only when Langfuse's usage_details has them. */
interface TokenCounts {
  input?: number;
  output?: number;
  cached?: number;
  reasoning?: number;
}

/**
 * Tokens: Langfuse's usage_details first, then the OTel GenAI keys. Langfuse's `input`
 * excludes cached tokens and `output` excludes reasoning tokens (they are reported apart),
 * so those are shown next to them: `24+64 cached/14` is 88 input tokens, 64 from the cache.
 */
function tokens(span: DecodedSpan): TokenCounts {
  const details = stringAttr(span, 'langfuse.observation.usage_details');
  if (details) {
    try {
      const usage = JSON.parse(details) as Record<string, unknown>;
      const num = (key: string): number | undefined => (typeof usage[key] === 'number' ? (usage[key] as number) : undefined);
      const counts = { input: num('input'), output: num('output'), cached: num('input_cached_tokens'), reasoning: num('output_reasoning_tokens') };
      if (counts.input !== undefined || counts.output !== undefined) return counts;
    } catch {
      // not JSON: fall through to the GenAI keys (the receiver reports the violation)
    }
  }
  return {
    input: numberAttr(span, 'gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'),
    output: numberAttr(span, 'gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'),
  };
}

function formatTokens({ input, output, cached, reasoning }: TokenCounts): string {
  const inText = `${input ?? '?'}${cached ? `+${cached} cached` : ''}`;
  const outText = `${output ?? '?'}${reasoning ? `+${reasoning} reasoning` : ''}`;
  return `tokens ${inText}/${outText}`;
}

function formatDuration(span: DecodedSpan): string {
  const ms = Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6;
  if (ms < 0) return '?ms';
  if (ms < 10) return `${ms.toFixed(1)}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(2)}s`;
}

/** One span's line, without indentation. */
export function formatSpanLine(span: DecodedSpan): string {
  const parts = [span.name, `[${stringAttr(span, 'langfuse.observation.type') ?? 'span'}]`];
  const model = stringAttr(span, 'langfuse.observation.model.name', 'gen_ai.response.model', 'gen_ai.request.model');
  if (model) parts.push(model);
  const counts = tokens(span);
  if (counts.input !== undefined || counts.output !== undefined) parts.push(formatTokens(counts));
  parts.push(formatDuration(span));
  // DEFAULT is Langfuse's implicit level, so only a level worth noticing is shown.
  const level = stringAttr(span, 'langfuse.observation.level') ?? (span.status.code === 'error' ? 'ERROR' : undefined);
  if (level && level !== 'DEFAULT') parts.push(level);
  return parts.join(' ');
}

function byStart(a: DecodedSpan, b: DecodedSpan): number {
  return a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : 0;
}

/**
 * Renders spans as an indented tree (children under parents, siblings by start time).
 * Spans whose parent is not among `spans` are shown as roots, so a partial export still
 * renders. Traces appear in the order their first span appears.
 *
 * @example
 * ```text
 * agent run [agent] 1.20s
 *   chat gpt-4o-mini [generation] gpt-4o-mini tokens 12/34 812ms
 *   get_weather [tool] 40ms ERROR
 * ```
 */
export function formatSpanTree(spans: readonly DecodedSpan[], options: SpanTreeOptions = {}): string {
  const indent = options.indent ?? '  ';
  const traces = new Map<string, DecodedSpan[]>();
  for (const span of spans) {
    const list = traces.get(span.traceId) ?? [];
    list.push(span);
    traces.set(span.traceId, list);
  }
  const lines: string[] = [];
  for (const [traceId, traceSpans] of traces) {
    if (options.showTraceIds) lines.push(`trace ${traceId}`);
    const base = options.showTraceIds ? 1 : 0;
    const ids = new Set(traceSpans.map((span) => span.spanId));
    const children = new Map<string, DecodedSpan[]>();
    const roots: DecodedSpan[] = [];
    for (const span of traceSpans) {
      if (span.parentSpanId && ids.has(span.parentSpanId) && span.parentSpanId !== span.spanId) {
        const list = children.get(span.parentSpanId) ?? [];
        list.push(span);
        children.set(span.parentSpanId, list);
      } else {
        roots.push(span);
      }
    }
    // `seen` guards against parent cycles in malformed input, which would otherwise recurse forever.
    const seen = new Set<DecodedSpan>();
    const visit = (span: DecodedSpan, depth: number): void => {
      if (seen.has(span)) return;
      seen.add(span);
      lines.push(`${indent.repeat(depth)}${formatSpanLine(span)}`);
      for (const child of [...(children.get(span.spanId) ?? [])].sort(byStart)) visit(child, depth + 1);
    };
    for (const root of [...roots].sort(byStart)) visit(root, base);
    // Spans caught in a cycle never hang off a root; show them flat rather than lose them.
    for (const span of traceSpans) if (!seen.has(span)) visit(span, base);
  }
  return lines.join('\n');
}
