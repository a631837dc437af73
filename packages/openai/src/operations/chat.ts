import type { Attributes } from '@opentelemetry/api';
import { chatInputMessages, chatOutputMessage } from '../content/chat-messages.js';
import { toolDefinitions } from '../content/tool-definitions.js';
import { GEN_AI, OPENAI } from '../semconv.js';
import { arr, rec, str } from '../values.js';
import { ChatStreamAccumulator } from './chat-stream.js';
import {
  outputType,
  putNumber,
  responseIdentity,
  stopSequences,
  usageAttributes,
  type ContentWriter,
  type OperationSpec,
} from './operation-spec.js';

/** `chat.completions.create` → a `chat` generation. */
export const CHAT_COMPLETIONS: OperationSpec = {
  resource: 'chat.completions',
  operation: 'chat',
  acceptsStreamUsage: true,
  requestAttributes(body, content) {
    const a: Attributes = {};
    putNumber(a, GEN_AI.requestTemperature, body.temperature);
    // `max_tokens` is deprecated for chat in favour of `max_completion_tokens`; either is the output cap.
    putNumber(a, GEN_AI.requestMaxTokens, body.max_completion_tokens ?? body.max_tokens);
    putNumber(a, GEN_AI.requestTopP, body.top_p);
    putNumber(a, GEN_AI.requestFrequencyPenalty, body.frequency_penalty);
    putNumber(a, GEN_AI.requestPresencePenalty, body.presence_penalty);
    putNumber(a, GEN_AI.requestSeed, body.seed);
    if (typeof body.n === 'number' && body.n !== 1) a[GEN_AI.requestChoiceCount] = body.n;
    const stop = stopSequences(body.stop);
    if (stop) a[GEN_AI.requestStopSequences] = stop;
    const type = outputType(rec(body.response_format)?.type);
    if (type) a[GEN_AI.outputType] = type;
    const tier = str(body.service_tier);
    if (tier) a[OPENAI.requestServiceTier] = tier;
    if (content.capture) {
      const messages = chatInputMessages(body.messages);
      if (messages) a[GEN_AI.inputMessages] = content.json(messages);
      const tools = toolDefinitions(body.tools, body.functions);
      if (tools) a[GEN_AI.toolDefinitions] = content.json(tools);
    }
    return a;
  },
  responseAttributes(result, content) {
    const a = responseIdentity(result);
    usageAttributes(result.usage, a);
    const choices = (arr(result.choices) ?? []).map((c) => rec(c) ?? {});
    const reasons = choices.map((c) => str(c.finish_reason)).filter((r): r is string => r !== undefined);
    if (reasons.length > 0) a[GEN_AI.responseFinishReasons] = reasons;
    if (content.capture && choices.length > 0) {
      a[GEN_AI.outputMessages] = content.json(choices.map((c) => chatOutputMessage(c.message, c.finish_reason)));
    }
    return a;
  },
  streamAccumulator(content: ContentWriter) {
    return new ChatStreamAccumulator(content);
  },
};
