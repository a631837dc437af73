import type { Attributes } from '@opentelemetry/api';
import { responsesInputMessages, responsesSystemInstructions } from '../content/responses-items.js';
import { toolDefinitions } from '../content/tool-definitions.js';
import { GEN_AI, OPENAI } from '../semconv.js';
import { rec, str } from '../values.js';
import { outputType, putNumber, type OperationSpec } from './operation-spec.js';
import { responseAttributes } from './response-object.js';
import { ResponsesStreamAccumulator } from './responses-stream.js';

/** `responses.create` → a `chat` generation (the Responses API is a chat operation in OTel terms). */
export const RESPONSES: OperationSpec = {
  resource: 'responses',
  operation: 'chat',
  acceptsStreamUsage: false,
  requestAttributes(body, content) {
    const a: Attributes = {};
    putNumber(a, GEN_AI.requestTemperature, body.temperature);
    putNumber(a, GEN_AI.requestMaxTokens, body.max_output_tokens);
    putNumber(a, GEN_AI.requestTopP, body.top_p);
    const type = outputType(rec(rec(body.text)?.format)?.type);
    if (type) a[GEN_AI.outputType] = type;
    const tier = str(body.service_tier);
    if (tier) a[OPENAI.requestServiceTier] = tier;
    if (content.capture) {
      const messages = responsesInputMessages(body.input);
      if (messages) a[GEN_AI.inputMessages] = content.json(messages);
      const instructions = responsesSystemInstructions(body.instructions);
      if (instructions) a[GEN_AI.systemInstructions] = content.json(instructions);
      const tools = toolDefinitions(body.tools);
      if (tools) a[GEN_AI.toolDefinitions] = content.json(tools);
    }
    return a;
  },
  responseAttributes(result, content) {
    return responseAttributes(result, content);
  },
  streamAccumulator(content) {
    return new ResponsesStreamAccumulator(content);
  },
};
