import { OpenAIInstrumentation } from '@lamplight/openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenAI, OpenAIModuleNamespace } from '../packages/openai/test/sdk.js';
import { startHarness, type Harness } from './openai-harness.js';

// Another OpenAI instrumentation's shimmer wrapper and ours nest in either order: neither
// removes the other (OpenTelemetry's `InstrumentationBase._wrap` would), and unpatching
// Lamplight under another tool's wrapper leaves that wrapper in place, ours passing through.
let h: Harness;
let instrumentation: OpenAIInstrumentation | undefined;
const proto = OpenAI.Chat.Completions.prototype as unknown as Record<string, unknown>;
let pristine: unknown;

beforeEach(async () => {
  h = await startHarness();
  pristine = proto.create;
});
afterEach(async () => {
  instrumentation?.unpatchModule(OpenAIModuleNamespace);
  instrumentation = undefined;
  proto.create = pristine;
  await h.close();
});

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/** Wraps `create` the way shimmer does (the markers `InstrumentationBase` checks), counting calls. */
function foreignWrap(): { calls: number } {
  const counter = { calls: 0 };
  const original = proto.create as AnyFunction;
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    counter.calls++;
    return original.apply(this, args);
  };
  Object.assign(wrapper, { __wrapped: true, __original: original, __unwrap: () => (proto.create = original) });
  proto.create = wrapper;
  return counter;
}

const ask = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'hi' }] };
const client = () => new OpenAI({ baseURL: h.fake.baseURL, apiKey: h.fake.apiKey, maxRetries: 0 });

describe('OpenAIInstrumentation beside another tool’s wrapper', () => {
  it('patching after another tool wraps its wrapper instead of removing it', async () => {
    const foreign = foreignWrap();
    instrumentation = new OpenAIInstrumentation({ enabled: false });
    instrumentation.patchModule(OpenAIModuleNamespace);
    await client().chat.completions.create(ask);
    expect(foreign.calls).toBe(1);
    expect(await h.exported(1)).toHaveLength(1);
  });

  it('unpatching under another tool’s wrapper keeps that wrapper; ours passes calls through', async () => {
    instrumentation = new OpenAIInstrumentation({ enabled: false });
    instrumentation.patchModule(OpenAIModuleNamespace);
    const foreign = foreignWrap();
    instrumentation.unpatchModule(OpenAIModuleNamespace);
    const result = await client().chat.completions.create(ask);
    expect(result.choices[0]?.message.content).toBe('echo: hi');
    expect(foreign.calls).toBe(1);
    await h.processor.forceFlush();
    expect(h.rawSpans()).toHaveLength(0);
  });
});
