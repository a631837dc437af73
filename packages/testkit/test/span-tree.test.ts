import { describe, expect, it } from 'vitest';
import { decodeOtlpProtobuf, formatSpanTree, type DecodedSpan } from '@lamplight/testkit';
import { av, protobufBody, type SpanSpec } from './helpers/otlp-request-builder.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const OTHER = '4bf92f3577b34da6a3ce929d0e0e4736';
const ns = (ms: number) => String(1700000000000000000n + BigInt(Math.round(ms * 1e6)));

function spans(specs: SpanSpec[]): DecodedSpan[] {
  return decodeOtlpProtobuf(protobufBody(specs)).spans;
}

const agentTrace: SpanSpec[] = [
  // Sent children-first, as BatchSpanProcessor does (children end before parents).
  {
    name: 'get_weather', spanId: '3333333333333333', parentSpanId: '1111111111111111', startTimeUnixNano: ns(900), endTimeUnixNano: ns(940),
    attributes: { 'langfuse.observation.type': av.str('tool') }, status: { code: 2, message: 'boom' },
  },
  {
    name: 'chat gpt-4o-mini', spanId: '2222222222222222', parentSpanId: '1111111111111111', startTimeUnixNano: ns(10), endTimeUnixNano: ns(822),
    attributes: {
      'langfuse.observation.type': av.str('generation'),
      'langfuse.observation.model.name': av.str('gpt-4o-mini'),
      'langfuse.observation.usage_details': av.str('{"input":12,"output":34}'),
      'langfuse.observation.level': av.str('WARNING'),
    },
  },
  { name: 'agent run', spanId: '1111111111111111', startTimeUnixNano: ns(0), endTimeUnixNano: ns(1200), attributes: { 'langfuse.observation.type': av.str('agent') } },
];

describe('formatSpanTree', () => {
  it('renders an indented tree: name [type] model tokens in/out duration level', () => {
    expect(formatSpanTree(spans(agentTrace))).toBe(
      ['agent run [agent] 1.20s', '  chat gpt-4o-mini [generation] gpt-4o-mini tokens 12/34 812ms WARNING', '  get_weather [tool] 40ms ERROR'].join('\n'),
    );
  });

  it('falls back to gen_ai model and token keys and to [span]', () => {
    const line = formatSpanTree(spans([{
      name: 'chat', startTimeUnixNano: ns(0), endTimeUnixNano: ns(2.5),
      attributes: { 'gen_ai.request.model': av.str('gpt-4o'), 'gen_ai.response.model': av.str('gpt-4o-2024-08-06'), 'gen_ai.usage.input_tokens': av.int(5) },
    }]));
    expect(line).toBe('chat [span] gpt-4o-2024-08-06 tokens 5/? 2.5ms');
  });

  it('shows cached and reasoning tokens next to the exclusive Langfuse input and output', () => {
    const usage = { input: 24, output: 14, total: 150, input_cached_tokens: 64, output_reasoning_tokens: 48 };
    const line = formatSpanTree(spans([{
      name: 'chat', startTimeUnixNano: ns(0), endTimeUnixNano: ns(3),
      attributes: { 'langfuse.observation.usage_details': av.str(JSON.stringify(usage)) },
    }]));
    expect(line).toBe('chat [span] tokens 24+64 cached/14+48 reasoning 3.0ms');
  });

  it('shows orphans as roots, separates traces, and can label them', () => {
    const tree = formatSpanTree(
      spans([
        { name: 'orphan', spanId: '4444444444444444', parentSpanId: '9999999999999999', startTimeUnixNano: ns(0), endTimeUnixNano: ns(1) },
        { name: 'elsewhere', traceId: OTHER, spanId: '5555555555555555', startTimeUnixNano: ns(0), endTimeUnixNano: ns(20) },
      ]),
      { showTraceIds: true },
    );
    expect(tree).toBe([`trace ${TRACE}`, '  orphan [span] 1.0ms', `trace ${OTHER}`, '  elsewhere [span] 20ms'].join('\n'));
  });

  it('terminates on a parent cycle and still lists every span', () => {
    const tree = formatSpanTree(spans([
      { name: 'a', spanId: 'aaaaaaaaaaaaaaaa', parentSpanId: 'bbbbbbbbbbbbbbbb' },
      { name: 'b', spanId: 'bbbbbbbbbbbbbbbb', parentSpanId: 'aaaaaaaaaaaaaaaa' },
    ]));
    expect(tree.split('\n').map((line) => line.trim().split(' ')[0])).toEqual(['a', 'b']);
  });

  it('returns an empty string for no spans', () => {
    expect(formatSpanTree([])).toBe('');
  });
});
