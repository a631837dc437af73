/**
 * A tiny local HTTP server speaking just enough of the OpenAI REST API for the fixture
 * capture: chat completions (plain, tool calls, JSON output, SSE streaming with usage) and
 * embeddings. Answers are fixed so captured spans are stable between runs. It is separate
 * from the testkit's fake OpenAI server on purpose: the fixtures must not change when that
 * server's behaviour evolves.
 */
import { createServer } from 'node:http';

/** Usage of the first (tool-calling) and second (answering) step: cached tokens grow with the prompt. */
const TOOL_CALL_USAGE = { prompt_tokens: 118, completion_tokens: 17, total_tokens: 135, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } };
const ANSWER_USAGE = { prompt_tokens: 164, completion_tokens: 24, total_tokens: 188, prompt_tokens_details: { cached_tokens: 64 }, completion_tokens_details: { reasoning_tokens: 0 } };
const OBJECT_USAGE = { prompt_tokens: 52, completion_tokens: 21, total_tokens: 73, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } };
const STREAM_USAGE = { prompt_tokens: 31, completion_tokens: 9, total_tokens: 40, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } };

const MODEL = 'gpt-4o-mini-2024-07-18';
const CREATED = 1_767_225_600; // 2026-01-01T00:00:00Z

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')));
    req.on('error', reject);
  });
}

/** Decides what the assistant says: a tool call while tools are offered and unanswered, JSON when asked, else text. */
function answerFor(body) {
  const messages = body.messages ?? [];
  const last = messages[messages.length - 1];
  if (Array.isArray(body.tools) && body.tools.length > 0 && last?.role !== 'tool') {
    return {
      message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_weather_1', type: 'function', function: { name: 'getWeather', arguments: '{"city":"Paris"}' } }] },
      finish_reason: 'tool_calls',
      usage: TOOL_CALL_USAGE,
    };
  }
  if (body.response_format?.type === 'json_schema' || body.response_format?.type === 'json_object') {
    return { message: { role: 'assistant', content: '{"city":"Paris","temperatureC":18,"conditions":"cloudy"}' }, finish_reason: 'stop', usage: OBJECT_USAGE };
  }
  if (last?.role === 'tool') {
    return { message: { role: 'assistant', content: 'It is 18 °C and cloudy in Paris.' }, finish_reason: 'stop', usage: ANSWER_USAGE };
  }
  return { message: { role: 'assistant', content: 'Paris is the capital of France.' }, finish_reason: 'stop', usage: STREAM_USAGE };
}

/** A prompt asking for a long story gets a stream that never finishes, so the client can abort it. */
function wantsHang(body) {
  return JSON.stringify(body.messages ?? []).includes('long story');
}

function sse(res, chunk) {
  res.write(`data: ${JSON.stringify(chunk)}\n\n`);
}

/** Streams the answer word by word; `hang` stops after two chunks and never finishes (the client aborts). */
async function streamAnswer(res, body, answer, hang) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const base = { id: 'chatcmpl-stream-1', object: 'chat.completion.chunk', created: CREATED, model: MODEL };
  sse(res, { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
  const words = (answer.message.content ?? '').split(/(?<= )/);
  for (let i = 0; i < words.length; i++) {
    if (hang && i === 2) return; // leave the response open: the client's abort ends it
    await new Promise((r) => setTimeout(r, 3));
    sse(res, { ...base, choices: [{ index: 0, delta: { content: words[i] }, finish_reason: null }] });
  }
  sse(res, { ...base, choices: [{ index: 0, delta: {}, finish_reason: answer.finish_reason }] });
  if (body.stream_options?.include_usage) sse(res, { ...base, choices: [], usage: answer.usage });
  res.write('data: [DONE]\n\n');
  res.end();
}

/** Starts the server on an ephemeral port; resolves to `{ url, close }`. */
export async function startTinyOpenAIServer() {
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      if (req.url?.endsWith('/embeddings')) {
        const inputs = Array.isArray(body.input) ? body.input : [body.input];
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({
          object: 'list',
          data: inputs.map((_, index) => ({ object: 'embedding', index, embedding: [0.0123, -0.0456, 0.0789] })),
          model: 'text-embedding-3-small',
          usage: { prompt_tokens: 7, total_tokens: 7 },
        }));
        return;
      }
      const answer = answerFor(body);
      if (body.stream) return void (await streamAnswer(res, body, answer, wantsHang(body)));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        id: answer.finish_reason === 'tool_calls' ? 'chatcmpl-tools-1' : 'chatcmpl-answer-1',
        object: 'chat.completion',
        created: CREATED,
        model: MODEL,
        choices: [{ index: 0, message: answer.message, finish_reason: answer.finish_reason }],
        usage: answer.usage,
      }));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(error) } }));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
