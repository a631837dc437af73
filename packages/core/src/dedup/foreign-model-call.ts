import type { Attributes } from '@opentelemetry/api';

/**
 * Instrumentation scopes of other tools that patch the `openai` package: OpenInference,
 * OpenLLMetry (Traceloop) and the OpenTelemetry contrib instrumentation. Any other scope
 * whose name mentions `openai` (a fork, a renamed build) counts as well, see below.
 */
export const FOREIGN_OPENAI_SCOPES: readonly string[] = [
  '@arizeai/openinference-instrumentation-openai',
  '@traceloop/instrumentation-openai',
  '@opentelemetry/instrumentation-openai',
];

/** OpenInference span kinds that are a model call. */
const OPENINFERENCE_MODEL_KINDS: ReadonlySet<string> = new Set(['LLM', 'EMBEDDING']);

/** The part of a span (SDK `Span` while running, `ReadableSpan` once ended) this check reads. */
export interface ScopedSpanLike {
  readonly attributes?: Attributes;
  readonly instrumentationScope?: { name?: string };
  /** OTel JS 1.x spelling. */
  readonly instrumentationLibrary?: { name?: string };
}

/**
 * True when `span` is another tool's span for one `openai` model call: its scope is an
 * OpenAI instrumentation that is not ours, and it carries a model-call marker of its
 * convention (`gen_ai.operation.name`, `gen_ai.system`, OpenInference `LLM`/`EMBEDDING`,
 * `llm.request.type`). A fixed number of lookups; never throws on odd shapes.
 * OpenInference hands out its own span wrapper (`OISpan`, the SDK span in `.span`), so a
 * span without a scope is looked through, a few levels deep.
 */
export function isForeignModelCallSpan(span: unknown): boolean {
  const s = unwrapSpan(span);
  if (!s) return false;
  const scope = s.instrumentationScope?.name ?? s.instrumentationLibrary?.name;
  if (typeof scope !== 'string' || scope.startsWith('@lamplight/')) return false;
  if (!FOREIGN_OPENAI_SCOPES.includes(scope) && !/openai/i.test(scope)) return false;
  const a = s.attributes;
  if (!a || typeof a !== 'object') return false;
  const oiKind = a['openinference.span.kind'];
  if (typeof oiKind === 'string') return OPENINFERENCE_MODEL_KINDS.has(oiKind.toUpperCase());
  return a['gen_ai.operation.name'] !== undefined || a['gen_ai.system'] !== undefined || a['gen_ai.provider.name'] !== undefined || a['llm.request.type'] !== undefined;
}

const MAX_WRAPPER_DEPTH = 3;

function unwrapSpan(span: unknown): ScopedSpanLike | undefined {
  let current = span;
  for (let depth = 0; depth <= MAX_WRAPPER_DEPTH; depth++) {
    if (current === null || typeof current !== 'object') return undefined;
    const s = current as ScopedSpanLike & { span?: unknown };
    if (s.instrumentationScope !== undefined || s.instrumentationLibrary !== undefined) return s;
    current = s.span;
  }
  return undefined;
}
