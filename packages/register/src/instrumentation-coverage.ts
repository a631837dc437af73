import { basename } from 'node:path';
import type { AppFacts } from './app-facts.js';

/** What the startup line may claim about one instrumentation, and what it must warn about. */
export interface Coverage {
  /** Names to list after `instrumented:`: only what will really trace the app's calls. */
  listed: string[];
  /** One line each, without the `[lamplight] ` prefix: what is not traced, and what to do. */
  notices: string[];
  /** False when enabling AI SDK tracing could only fail later (it would print a stack on the first call). */
  enableAiSdk: boolean;
}

/**
 * Decides, from facts about the app, what the startup line names as instrumented and which
 * newcomer mistakes it points out. `enabled` are the instrumentations that started.
 */
export function assessCoverage(facts: AppFacts, wanted: { openai: boolean; aiSdk: boolean }, enabled?: readonly string[]): Coverage {
  const listed: string[] = [];
  const notices: string[] = [];
  const started = (name: string) => enabled === undefined || enabled.includes(name);
  let enableAiSdk = wanted.aiSdk;

  if (wanted.openai && facts.installedVersion('openai') !== undefined && started('openai')) {
    const esmWithoutHook = facts.mainFormat === 'esm' && facts.loadedBy !== 'import-preload';
    const app = facts.mainPath ? basename(facts.mainPath) : 'the app';
    if (esmWithoutHook && facts.loadedBy === 'late-import') {
      notices.push(`@lamplight/register was imported after the app's modules were loaded, so openai is not traced: start with node --import @lamplight/register ${app}`);
    } else if (esmWithoutHook && facts.loadedBy === 'require') {
      notices.push(`${app} is an ES module, which --require cannot instrument, so openai is not traced: start with node --import @lamplight/register ${app}`);
    } else if (esmWithoutHook) {
      notices.push(`${app} is an ES module started without the loader hook, so imports of openai are not traced: start with node --import @lamplight/register, or wrap clients with observeOpenAI()`);
    } else if (facts.openaiRequiredEarly && facts.loadedBy === 'code') {
      notices.push('openai was loaded before register() ran, so it is not traced: call register() before the first require of openai, or wrap clients with observeOpenAI()');
    } else {
      listed.push('openai');
    }
  }

  const ai = facts.installedVersion('ai');
  if (wanted.aiSdk && ai !== undefined) {
    const major = Number.parseInt(ai, 10);
    if (major >= 7 && !facts.aiSdkOtelLoadable) {
      enableAiSdk = false;
      notices.push(`ai ${ai} is installed but @ai-sdk/otel is not, so AI SDK calls are not traced: npm install @ai-sdk/otel`);
    } else if (major >= 7) {
      if (started('ai-sdk')) listed.push('ai-sdk');
    } else if (started('ai-sdk')) {
      // v5/v6 make their own spans when a call enables telemetry; the zero-config path is v7's.
      listed.push(`ai-sdk ${major} (calls with experimental_telemetry)`);
    }
  }
  return { listed, notices, enableAiSdk };
}
