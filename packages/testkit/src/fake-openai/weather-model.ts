/**
 * A scripted model for tool-using agent demos: enough of a "model" that an agent loop runs
 * its full course (generation → tool → generation) against the fake OpenAI server.
 */
import type { FakeReplyInput } from './fake-reply.js';
import type { FakeOpenAIRequest } from './recorded-openai-request.js';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null;

/**
 * A {@link FakeOpenAIResponder} that plays a weather agent's model: with tools on offer and
 * no tool result yet, it calls the first tool with `{ city: 'Paris' }`; once a tool result is
 * in the conversation it answers `Here is the weather: <result>`; otherwise it returns
 * `undefined`, so the fake echoes as usual. Reads both Chat Completions (`messages`, `role:
 * 'tool'`) and Responses API (`input`, `type: 'function_call_output'`) bodies, so it serves
 * the `openai` client and the AI SDK alike.
 *
 * @example
 * ```ts
 * const openai = await startFakeOpenAI({ respond: weatherModel });
 * ```
 */
export function weatherModel(request: FakeOpenAIRequest): FakeReplyInput | undefined {
  const body = isObject(request.body) ? request.body : {};
  const turns: unknown[] = Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : [];
  const result = turns.find((turn): turn is JsonObject => isObject(turn) && (turn.role === 'tool' || turn.type === 'function_call_output'));
  if (result) {
    const content = typeof result.content === 'string' ? result.content : (result.output ?? JSON.stringify(result.content));
    return { text: `Here is the weather: ${String(content)}` };
  }
  const firstTool: unknown = Array.isArray(body.tools) ? body.tools[0] : undefined;
  // Chat Completions nests the name under `function`; the Responses API puts it on the tool.
  const toolName = isObject(firstTool) ? ((isObject(firstTool.function) ? firstTool.function.name : undefined) ?? firstTool.name) : undefined;
  if (typeof toolName === 'string' && toolName) return { toolCalls: [{ name: toolName, arguments: { city: 'Paris' } }] };
  return undefined;
}
