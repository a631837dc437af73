/**
 * Shared setup of the AI SDK end-to-end tests: the real `ai` packages talk real HTTP to the
 * testkit's fake OpenAI server; their spans go through one `LamplightSpanProcessor` with
 * both exporters to the Langfuse and Foglamp receivers, which decode what arrived. Helpers
 * turn the decoded payloads into span trees and usage numbers to assert on.
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor } from '@lamplight/core';
import { FoglampExporter } from '@lamplight/foglamp';
import { LangfuseExporter } from '@lamplight/langfuse';
import {
  startFakeOpenAI,
  startFoglampReceiver,
  startLangfuseReceiver,
  type DecodedSpan,
  type FakeOpenAI,
  type FoglampReceiver,
  type LangfuseReceiver,
  type ReceivedFoglampSpan,
} from '@lamplight/testkit';
import { expect } from 'vitest';

export * from '../packages/ai-sdk/test/support/ai-packages.js';

/** One test's world: fake OpenAI, both receivers, a provider whose processor exports to both. */
export interface AiSdkPipeline {
  fake: FakeOpenAI;
  langfuse: LangfuseReceiver;
  foglamp: FoglampReceiver;
  provider: BasicTracerProvider;
  processor: LamplightSpanProcessor;
  /** Flushes, waits for exactly `count` spans at both receivers and returns them. */
  collect(count: number): Promise<Collected>;
  close(): Promise<void>;
}

/** What both receivers decoded. */
export interface Collected {
  langfuse: DecodedSpan[];
  foglamp: ReceivedFoglampSpan[];
}

/** Starts everything and registers the provider and an async context manager globally. */
export async function startPipeline(): Promise<AiSdkPipeline> {
  // The AI SDK prints deprecation warnings (e.g. for generateObject) to stderr otherwise.
  (globalThis as { AI_SDK_LOG_WARNINGS?: false }).AI_SDK_LOG_WARNINGS = false;
  const [fake, langfuse, foglamp] = await Promise.all([startFakeOpenAI(), startLangfuseReceiver(), startFoglampReceiver()]);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const processor = new LamplightSpanProcessor({
    exporters: [
      new LangfuseExporter({ baseUrl: langfuse.url, publicKey: langfuse.publicKey, secretKey: langfuse.secretKey, env: {} }),
      new FoglampExporter({ baseUrl: foglamp.url, apiKey: foglamp.apiKey, env: {} }),
    ],
    // Spans that end after a flush (an aborted stream's) are exported soon after on their own.
    scheduledDelayMillis: 20,
  });
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  trace.setGlobalTracerProvider(provider);
  return {
    fake,
    langfuse,
    foglamp,
    provider,
    processor,
    async collect(count) {
      await processor.forceFlush();
      await Promise.all([langfuse.waitForSpans(count), foglamp.waitForSpans(count)]);
      // Nothing more may follow: each span once, at each backend.
      await processor.forceFlush();
      const collected = { langfuse: langfuse.spans(), foglamp: foglamp.spans() };
      expect(collected.langfuse.map((s) => s.name), 'spans at Langfuse').toHaveLength(count);
      expect(collected.foglamp.map((s) => s.name), 'spans at Foglamp').toHaveLength(count);
      expect(langfuse.violations()).toEqual([]);
      expect(foglamp.violations()).toEqual([]);
      return collected;
    },
    async close() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      (globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown[] }).AI_SDK_TELEMETRY_INTEGRATIONS = undefined;
      await Promise.all([fake.close(), langfuse.close(), foglamp.close()]);
    },
  };
}

interface TreeNode {
  id: string;
  parent?: string;
  name: string;
  type: string;
}

/** Indented `name [type]` lines, siblings sorted by name (their order in time is not the point). */
function tree(nodes: TreeNode[]): string[] {
  const lines: string[] = [];
  const ids = new Set(nodes.map((n) => n.id));
  const visit = (parent: string | undefined, depth: number): void => {
    // Roots: spans whose parent was not exported (or that have none).
    const children = nodes.filter((n) => (parent === undefined ? n.parent === undefined || !ids.has(n.parent) : n.parent === parent));
    for (const child of children.sort((a, b) => a.name.localeCompare(b.name))) {
      lines.push(`${'  '.repeat(depth)}${child.name} [${child.type}]`);
      visit(child.id, depth + 1);
    }
  };
  visit(undefined, 0);
  return lines;
}

/** The Langfuse span tree: observation types as Langfuse reads them. */
export function langfuseTree(spans: DecodedSpan[]): string[] {
  return tree(spans.map((s) => ({ id: s.spanId, parent: s.parentSpanId, name: s.name, type: String(s.attributes['langfuse.observation.type'] ?? 'span') })));
}

/** The Foglamp span tree: Foglamp span types. */
export function foglampTree(spans: ReceivedFoglampSpan[]): string[] {
  return tree(spans.map((s) => ({ id: s.spanId, parent: s.parentSpanId, name: s.name, type: s.spanType })));
}

/** The spans called `name`, in start order. */
export function named<T extends { name: string }>(spans: T[], name: string): T[] {
  return spans.filter((s) => s.name === name);
}

/** The one span called `name`. */
export function one<T extends { name: string }>(spans: T[], name: string): T {
  const found = named(spans, name);
  expect(found.map((s) => s.name), `exactly one span "${name}"`).toEqual([name]);
  return found[0] as T;
}

/** Token counts as the provider reported them (OpenAI's inclusive counts). */
export interface ProviderUsage {
  input: number;
  output: number;
  cached?: number;
  reasoning?: number;
}

/** Langfuse's exclusive usage details for a model call with that provider usage. */
export function langfuseUsage(u: ProviderUsage): Record<string, number> {
  const cached = u.cached ?? 0;
  const reasoning = u.reasoning ?? 0;
  return { input: u.input - cached, output: u.output - reasoning, total: u.input + u.output, input_cached_tokens: cached, output_reasoning_tokens: reasoning };
}

/** Foglamp's usage for a model call with that provider usage. */
export function foglampUsage(u: ProviderUsage): Record<string, number> {
  return { inputTokens: u.input, outputTokens: u.output, totalTokens: u.input + u.output, cachedInputTokens: u.cached ?? 0, reasoningTokens: u.reasoning ?? 0 };
}

/** Parsed `langfuse.observation.usage_details`, or undefined. */
export function usageDetails(span: DecodedSpan): Record<string, number> | undefined {
  const text = span.attributes['langfuse.observation.usage_details'];
  return typeof text === 'string' ? (JSON.parse(text) as Record<string, number>) : undefined;
}

/** Total tokens over every span of a payload: only model calls may carry usage. */
export function totalTokens(collected: Collected): { langfuse: number; foglamp: number } {
  return {
    langfuse: collected.langfuse.reduce((sum, s) => sum + (usageDetails(s)?.total ?? 0), 0),
    foglamp: collected.foglamp.reduce((sum, s) => sum + (s.usage?.totalTokens ?? 0), 0),
  };
}

/** A string attribute of a Langfuse span. */
export function attr(span: DecodedSpan, key: string): string | undefined {
  const value = span.attributes[key];
  return typeof value === 'string' ? value : undefined;
}

/** The trace-level user, session and tags on every Langfuse span and on the Foglamp trace entry. */
export function expectTraceFields(
  pipeline: AiSdkPipeline,
  collected: Collected,
  expected: { userId: string; sessionId: string; tags: string[] },
): void {
  for (const span of collected.langfuse) {
    expect(span.attributes['user.id'], `user.id on ${span.name}`).toBe(expected.userId);
    expect(span.attributes['session.id'], `session.id on ${span.name}`).toBe(expected.sessionId);
    expect(span.attributes['langfuse.trace.tags'], `tags on ${span.name}`).toEqual(expected.tags);
  }
  const traces = pipeline.foglamp.traces();
  expect(traces.length).toBeGreaterThan(0);
  for (const entry of traces) {
    expect(entry.sessionId).toBe(expected.sessionId);
    expect(entry.metadata?.userId).toBe(expected.userId);
    expect(JSON.parse(entry.metadata?.tags ?? '[]')).toEqual(expected.tags);
  }
}
