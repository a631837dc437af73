// Benchmark workloads. Each creates traces the way an app does: an HTTP handler span, a
// model call with GenAI attributes and a tool call, a few traces per event-loop turn.

const messages = (content) => JSON.stringify([{ role: 'user', parts: [{ type: 'text', content }] }]);
const answer = (content) => JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content }], finish_reason: 'stop' }]);

/**
 * Eight distinct prompts of about `bytes` bytes each, built once from a seeded random
 * walk over a 2,000-word vocabulary: text that compresses like prose (about 2.5× with
 * gzip), not like a repeated sentence (which would flatter every compressor).
 */
function prompts(bytes) {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const letters = 'etaoinshrdlcumwfgypbvkjxqz';
  const vocab = Array.from({ length: 2000 }, () => {
    const len = 2 + Math.floor(rand() * 8);
    let w = '';
    for (let i = 0; i < len; i++) w += letters[Math.floor(rand() * rand() * letters.length)];
    return w;
  });
  return Array.from({ length: 8 }, (_, i) => {
    const parts = [`prompt ${i}:`];
    let size = parts[0].length;
    while (size < bytes) {
      const w = vocab[Math.floor(rand() * rand() * vocab.length)];
      parts.push(w);
      size += w.length + 1;
    }
    return parts.join(' ').slice(0, bytes);
  });
}

function generationAttributes(prompt, i) {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    'gen_ai.request.temperature': 0.2,
    'gen_ai.usage.input_tokens': 120 + (i % 50),
    'gen_ai.usage.output_tokens': 40 + (i % 20),
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.input.messages': messages(prompt),
    'gen_ai.output.messages': answer(`answer ${i}`),
  };
}

/**
 * Workload definitions: `traces` traces, `perTurn` traces per event-loop turn,
 * `plainSpans` non-LLM spans per trace besides the root.
 */
export const WORKLOADS = {
  small: { traces: 2000, perTurn: 10, promptBytes: 200, plainSpans: 0 },
  large: { traces: 200, perTurn: 1, promptBytes: 50_000, plainSpans: 0 },
  mixed: { traces: 600, perTurn: 4, promptBytes: 200, plainSpans: 7 },
};

/**
 * Runs a workload on `tracer`, timing every `span.end()` call. Returns the number of spans
 * ended, the summed and the worst time spent inside `end()`.
 */
export async function runWorkload(tracer, api, name, scale = 1) {
  const w = WORKLOADS[name];
  const texts = prompts(w.promptBytes);
  const traces = Math.max(1, Math.round(w.traces * scale));
  let ended = 0;
  let endNs = 0n;
  let worstNs = 0n;
  const end = (span) => {
    const t0 = process.hrtime.bigint();
    span.end();
    const dt = process.hrtime.bigint() - t0;
    endNs += dt;
    if (dt > worstNs) worstNs = dt;
    ended++;
  };
  for (let t = 0; t < traces; t++) {
    const root = tracer.startSpan('POST /chat', { kind: api.SpanKind.SERVER, attributes: { 'http.request.method': 'POST', 'url.path': '/chat' } });
    const ctx = api.trace.setSpan(api.context.active(), root);
    for (let p = 0; p < w.plainSpans; p++) {
      end(tracer.startSpan(p % 2 ? 'SELECT users' : 'GET cache', { attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT * FROM users WHERE id = $1' } }, ctx));
    }
    const gen = tracer.startSpan('chat gpt-4o-mini', { kind: api.SpanKind.CLIENT, attributes: generationAttributes(texts[t % texts.length], t) }, ctx);
    const genCtx = api.trace.setSpan(ctx, gen);
    end(tracer.startSpan('execute_tool get_weather', { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.arguments': '{"city":"Paris"}', 'gen_ai.tool.call.result': '{"tempC":18}' } }, genCtx));
    end(gen);
    end(root);
    if ((t + 1) % w.perTurn === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return { ended, endNs, worstNs };
}
