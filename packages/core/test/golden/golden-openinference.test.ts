import { describe, expect, it } from 'vitest';
import { identity, json, renderFixture, spanNamed } from './golden-helpers.js';

/** Golden vectors: OpenInference (Arize Phoenix instrumentations), from a hand-written fixture. */
const { spans, byId } = renderFixture('openinference/chain-retriever-llm.json');
const llm = spanNamed(spans, 'ChatCompletion');
const retriever = spanNamed(spans, 'retrieve');
const chain = spanNamed(spans, 'query');

const TOOL = {
  type: 'function',
  function: {
    name: 'lookup_route',
    description: 'Find a tram route',
    parameters: { type: 'object', properties: { number: { type: 'string' } }, required: ['number'] },
  },
};
const REQUEST = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Answer from the context.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image_url', image_url: { url: 'https://example.com/tram.jpg' } },
      ],
    },
  ],
  temperature: 0.3,
  max_tokens: 300,
  tools: [TOOL],
};
const RESPONSE = {
  id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
  object: 'chat.completion',
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_fKq9', type: 'function', function: { name: 'lookup_route', arguments: '{"number":"28"}' } }],
      },
      finish_reason: 'tool_calls',
    },
  ],
  usage: { prompt_tokens: 1320, completion_tokens: 42, total_tokens: 1362 },
};
const PARAMS = { model: 'gpt-4o-mini', temperature: 0.3, max_tokens: 300 };

describe('golden: OpenInference', () => {
  it('LLM: input.value/output.value parsed because their mime type is JSON; token counts with cache read', () => {
    const { observation, langfuse } = byId.get(llm.spanId)!;
    expect(observation).toEqual({
      ...identity(llm),
      kind: 'generation',
      level: 'INFO',
      error: false,
      provider: 'openai',
      model: 'gpt-4o-mini-2024-07-18',
      modelParameters: PARAMS,
      inputTokens: 1320,
      outputTokens: 42,
      totalTokens: 1362,
      cachedInputTokens: 1024,
      input: REQUEST,
      output: RESPONSE,
      toolDefinitions: [TOOL],
      userId: 'user-77',
      sessionId: 'session-lisbon-1',
      tags: ['prod', 'vision'],
      metadata: { tenant: 'acme', experiment: 'b' },
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'generation',
      'langfuse.observation.input': json(REQUEST),
      'langfuse.observation.output': json(RESPONSE),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.model.name': 'gpt-4o-mini-2024-07-18',
      'langfuse.observation.model.parameters': json(PARAMS),
      'langfuse.observation.usage_details': json({ input: 296, output: 42, total: 1362, input_cached_tokens: 1024 }),
      'langfuse.observation.metadata.provider': 'openai',
      'langfuse.observation.metadata.tool_definitions': json([TOOL]),
      'langfuse.observation.metadata.tenant': 'acme',
      'langfuse.observation.metadata.experiment': 'b',
      'user.id': 'user-77',
      'session.id': 'session-lisbon-1',
      'langfuse.trace.tags': ['prod', 'vision'],
    });
  });

  it('RETRIEVER: plain-text input kept as text, retrieved documents as output', () => {
    const { observation, langfuse } = byId.get(retriever.spanId)!;
    const documents = [
      { id: 'doc-12', content: 'Tram 28 runs from Martim Moniz to Campo de Ourique.', score: 0.91 },
      { id: 'doc-7', content: 'Trams run every 12 minutes.', score: 0.58 },
    ];
    expect(observation).toEqual({
      ...identity(retriever),
      kind: 'retriever',
      level: 'INFO',
      error: false,
      input: 'tram 28 route',
      output: documents,
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'retriever',
      'langfuse.observation.input': json('tram 28 route'),
      'langfuse.observation.output': json(documents),
      'langfuse.observation.level': 'DEFAULT',
    });
  });

  it('CHAIN: text/plain values are never parsed', () => {
    const { observation, langfuse } = byId.get(chain.spanId)!;
    expect(observation).toEqual({
      ...identity(chain),
      kind: 'chain',
      level: 'INFO',
      error: false,
      input: 'Which tram goes to Campo de Ourique?',
      output: 'Tram 28.',
      userId: 'user-77',
      sessionId: 'session-lisbon-1',
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'chain',
      'langfuse.observation.input': json('Which tram goes to Campo de Ourique?'),
      'langfuse.observation.output': json('Tram 28.'),
      'langfuse.observation.level': 'DEFAULT',
      'user.id': 'user-77',
      'session.id': 'session-lisbon-1',
    });
  });
});
