import { InstrumentationBase, InstrumentationNodeModuleDefinition, isWrapped, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { log } from './diag.js';
import { resolveTracingOptions, type OpenAITracingOptions, type ResolvedTracingOptions } from './options.js';
import { wrapHelper } from './patch/call-slot.js';
import { follow, PATCH_TARGETS } from './patch/targets.js';
import type { TracingSource } from './patch/start-call.js';
import { tracedCreate } from './patch/traced-create.js';
import { TRACER_NAME } from './observe-openai.js';
import { VERSION } from './version.js';

/** Configuration of `OpenAIInstrumentation`. */
export interface OpenAIInstrumentationConfig extends InstrumentationConfig, OpenAITracingOptions {}

/**
 * The `openai` versions this instrumentation patches: the peer range, proven by tests on
 * 5.23.2, 6.30.1 and 7.57.0. Other versions load unpatched.
 */
export const SUPPORTED_OPENAI_VERSIONS = ['>=5.23.2 <8'];

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * An OpenTelemetry instrumentation for the `openai` package: every client created from the
 * patched module is traced like `observeOpenAI` does (same implementation, same attributes).
 * Patches the prototypes the module exports reach (`OpenAI.Chat.Completions`,
 * `OpenAI.Responses`, `OpenAI.Embeddings`, `OpenAI.Completions`), so it works for the CJS
 * build (require hook) and the ESM build (import-in-the-middle hook; only prototypes are
 * changed, never the module namespace). A client also wrapped with `observeOpenAI` still
 * makes one generation per call.
 */
export class OpenAIInstrumentation extends InstrumentationBase<OpenAIInstrumentationConfig> {
  private resolved: { config: OpenAIInstrumentationConfig; options: ResolvedTracingOptions } | undefined;

  constructor(config: OpenAIInstrumentationConfig = {}) {
    resolveTracingOptions(config, 'OpenAIInstrumentation');
    super(TRACER_NAME, VERSION, config);
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    // Runs inside the base constructor: only closures here, no use of subclass fields yet.
    return [
      new InstrumentationNodeModuleDefinition(
        'openai',
        SUPPORTED_OPENAI_VERSIONS,
        (moduleExports: unknown) => this.patchModule(moduleExports),
        (moduleExports: unknown) => this.unpatchModule(moduleExports),
      ),
    ];
  }

  /** Patches the resource prototypes reachable from a loaded `openai` module (CJS exports or ESM namespace). */
  patchModule<T>(moduleExports: T): T {
    const source: TracingSource = { tracer: () => this.tracer, options: () => this.options() };
    for (const { proto, target } of this.prototypes(moduleExports)) {
      this.wrapMethod(proto, 'create', (original) => tracedCreate(target.spec, original, source));
      for (const helper of target.helpers) {
        this.wrapMethod(proto, helper, (original) => wrapHelper(`${target.spec.resource}.${helper}`, original));
      }
    }
    return moduleExports;
  }

  /** Restores the prototypes patched by `patchModule`. */
  unpatchModule<T>(moduleExports: T): T {
    for (const { proto, target } of this.prototypes(moduleExports)) {
      for (const name of ['create', ...target.helpers]) {
        if (isWrapped(proto[name])) this._unwrap(proto, name);
      }
    }
    return moduleExports;
  }

  private prototypes(moduleExports: unknown): Array<{ proto: Record<string, unknown>; target: (typeof PATCH_TARGETS)[number] }> {
    const OpenAI = follow(moduleExports, ['OpenAI']) ?? follow(moduleExports, ['default']);
    const found: Array<{ proto: Record<string, unknown>; target: (typeof PATCH_TARGETS)[number] }> = [];
    for (const target of PATCH_TARGETS) {
      const proto = follow(OpenAI, [...target.classPath, 'prototype']);
      if (proto !== null && typeof proto === 'object') found.push({ proto: proto as Record<string, unknown>, target });
      else log.warn(`missing:${target.spec.resource}`, `openai module has no ${target.classPath.join('.')} class; it is not traced`);
    }
    return found;
  }

  private wrapMethod(proto: Record<string, unknown>, name: string, wrap: (original: AnyFunction) => AnyFunction): void {
    if (typeof proto[name] !== 'function' || isWrapped(proto[name])) return;
    this._wrap(proto, name, wrap as never);
  }

  /** Options from the current config, resolved once per config object (`setConfig` replaces it). */
  private options(): ResolvedTracingOptions {
    const config = this.getConfig();
    if (this.resolved?.config !== config) {
      this.resolved = { config, options: resolveTracingOptions(config, 'OpenAIInstrumentation') };
    }
    return this.resolved.options;
  }
}
