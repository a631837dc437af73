import { describe, expect, it } from 'vitest';
import { normalize, prepareObservation, toLangfuseSpan } from '../../src/internal.js';
import { toReadableSpan } from './fixture-spans.js';
import { DEFAULT_PREPARE, identity, json, renderFixture, spanNamed } from './golden-helpers.js';

/**
 * Golden vector: `langfuse.*` keys already on a span (the Langfuse SDK, or set by hand).
 * They are read with the highest priority after our own keys and rendered back unchanged:
 * exclusive usage details become inclusive counts and back again, the JSON-quoted
 * completion time is understood, the integer prompt version stays an integer.
 */
const { spans, byId } = renderFixture('langfuse/sdk-generation.json');
const span = spanNamed(spans, 'summarise');
const INPUT = [{ role: 'user', content: 'Summarise: the tram is late again.' }];
const OUTPUT = { role: 'assistant', content: 'Tram delayed.' };

describe('golden: langfuse.* keys on a span', () => {
  it('are read into the observation', () => {
    expect(byId.get(span.spanId)!.observation).toEqual({
      ...identity(span),
      kind: 'generation',
      level: 'WARN',
      statusMessage: 'slow provider',
      error: false,
      model: 'gpt-4.1-mini',
      modelParameters: { temperature: 0, max_tokens: 64 },
      inputTokens: 50, // 30 exclusive + 20 cached
      outputTokens: 4,
      totalTokens: 54,
      cachedInputTokens: 20,
      cost: { input: 0.000012, output: 0.0000064, total: 0.0000184 },
      completionStartTime: Date.parse('2026-01-01T00:06:40.300Z'),
      ttftMs: 300,
      prompt: { name: 'summariser', version: 7 },
      input: INPUT,
      output: OUTPUT,
      metadata: { team: 'ops' },
      traceName: 'daily-digest',
      tags: ['digest'],
      traceMetadata: { region: 'eu' },
      public: false,
      userId: 'user-5',
      sessionId: 'sess-9',
      environment: 'production',
      release: '2026.01.1',
      version: 'v3',
    });
  });

  it('are rendered back as they came (not overwritten)', () => {
    expect(byId.get(span.spanId)!.langfuse).toEqual({
      'langfuse.observation.type': 'generation',
      'langfuse.observation.input': json(INPUT),
      'langfuse.observation.output': json(OUTPUT),
      'langfuse.observation.level': 'WARNING',
      'langfuse.observation.status_message': 'slow provider',
      'langfuse.observation.model.name': 'gpt-4.1-mini',
      'langfuse.observation.model.parameters': json({ temperature: 0, max_tokens: 64 }),
      'langfuse.observation.usage_details': json({ input: 30, output: 4, total: 54, input_cached_tokens: 20 }),
      'langfuse.observation.cost_details': json({ input: 0.000012, output: 0.0000064, total: 0.0000184 }),
      'langfuse.observation.completion_start_time': '2026-01-01T00:06:40.300Z',
      'langfuse.observation.prompt.name': 'summariser',
      'langfuse.observation.prompt.version': 7,
      'langfuse.observation.metadata.team': 'ops',
      'langfuse.trace.name': 'daily-digest',
      'user.id': 'user-5',
      'session.id': 'sess-9',
      'langfuse.trace.tags': ['digest'],
      'langfuse.trace.public': false,
      'langfuse.trace.metadata.region': 'eu',
      'langfuse.environment': 'production',
      'langfuse.release': '2026.01.1',
      'langfuse.version': 'v3',
    });
  });

  it('unknown langfuse.* keys pass through the span view untouched', () => {
    const readable = toReadableSpan(span);
    const view = toLangfuseSpan(readable, prepareObservation(normalize(readable), DEFAULT_PREPARE));
    expect(view.attributes['langfuse.internal.as_root']).toBe(true);
    expect(view.attributes['gen_ai.request.model']).toBe('gpt-4.1-mini');
    expect(view.attributes['langfuse.observation.prompt.version']).toBe(7);
  });
});
