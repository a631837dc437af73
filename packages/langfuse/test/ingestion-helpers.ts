import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { ExportItem, Observation, ReadableSpanLike } from '@lamplight/core';

/** Diagnostics logged through OTel `diag`, one joined line per call. */
export interface CapturedDiag {
  lines: Array<{ level: 'error' | 'warn' | 'info'; text: string }>;
  text(): string;
}

/** Routes `diag` into memory; undo with `diag.disable()`. */
export function captureDiag(): CapturedDiag {
  const lines: CapturedDiag['lines'] = [];
  const push = (level: 'error' | 'warn' | 'info') => (...args: unknown[]) => {
    lines.push({ level, text: args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ') });
  };
  diag.setLogger({ error: push('error'), warn: push('warn'), info: push('info'), debug: () => {}, verbose: () => {} }, DiagLogLevel.INFO);
  return { lines, text: () => lines.map((l) => l.text).join('\n') };
}

export const T0 = 1_716_566_400_000;

/** An observation with sensible defaults: trace `t`, span `s`. */
export function observation(t: number, s: number, overrides: Partial<Observation> = {}): Observation {
  return {
    traceId: t.toString(16).padStart(32, '0'),
    spanId: (t * 1000 + s + 1).toString(16).padStart(16, '0'),
    name: `span ${t}.${s}`,
    startTime: T0 + s,
    endTime: T0 + s + 10,
    kind: 'generation',
    level: 'INFO',
    error: false,
    inputTokens: 10,
    outputTokens: 2,
    ...overrides,
  };
}

/** Export items for `traces` traces of `spans` spans each; the exporter never reads `span`. */
export function items(traces: number, spans: number, overrides: Partial<Observation> = {}): ExportItem[] {
  const out: ExportItem[] = [];
  for (let t = 1; t <= traces; t++) {
    for (let s = 0; s < spans; s++) out.push({ span: {} as ReadableSpanLike, observation: observation(t, s, overrides) });
  }
  return out;
}

/** exported + every dropped count. */
export function accountedFor(outcome: { exported: number; dropped: Partial<Record<string, number>> }): number {
  return outcome.exported + Object.values(outcome.dropped).reduce<number>((a, b) => a + (b ?? 0), 0);
}
