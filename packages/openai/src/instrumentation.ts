import { InstrumentationBase, InstrumentationNodeModuleDefinition, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { log } from './diag.js';
import { resolveTracingOptions, type OpenAITracingOptions, type ResolvedTracingOptions } from './options.js';
import { isOurWrapper, WRAPPED_ORIGINAL, wrapHelper } from './patch/call-slot.js';
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
  /** Set by `unpatchModule`: a wrapper of ours left under another tool's passes calls through. */
  private unpatched = false;

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
    this.unpatched = false;
    const source: TracingSource = { tracer: () => this.tracer, options: () => this.options(), active: () => !this.unpatched };
    for (const { proto, target } of this.prototypes(moduleExports)) {
      this.wrapMethod(proto, 'create', (original) => tracedCreate(target.spec, original, source));
      for (const helper of target.helpers) {
        this.wrapMethod(proto, helper, (original) => wrapHelper(`${target.spec.resource}.${helper}`, original));
      }
    }
    return moduleExports;
  }

  /**
   * Restores the prototypes patched by `patchModule`. Where another tool wrapped our
   * wrapper in turn, its wrapper stays (it is theirs) and ours passes calls straight
   * through while this instrumentation is disabled.
   */
  unpatchModule<T>(moduleExports: T): T {
    this.unpatched = true;
    for (const { proto, target } of this.prototypes(moduleExports)) {
      for (const name of ['create', ...target.helpers]) {
        const current = proto[name];
        if (isOurWrapper(current)) setMethod(proto, name, (current as { [WRAPPED_ORIGINAL]: unknown })[WRAPPED_ORIGINAL]);
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

  /**
   * Installs our wrapper with a plain property write, not shimmer: an OpenTelemetry
   * `InstrumentationBase._wrap` unwraps any shimmer-wrapped method before wrapping it, so a
   * shimmer wrapper of ours would silently vanish when another OpenAI instrumentation patches
   * after us, and ours would remove theirs when it patches after them. Without shimmer's
   * markers the two nest in either order, and one of the two spans steps aside
   * (docs/instrumentation.md). Only our own wrapper is never wrapped twice.
   */
  private wrapMethod(proto: Record<string, unknown>, name: string, wrap: (original: AnyFunction) => AnyFunction): void {
    const current = proto[name];
    if (typeof current !== 'function' || isOurWrapper(current)) return;
    setMethod(proto, name, wrap(current as AnyFunction));
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

/** Replaces a prototype method the way the class defined it (non-enumerable, writable). */
function setMethod(proto: Record<string, unknown>, name: string, value: unknown): void {
  const own = Object.getOwnPropertyDescriptor(proto, name);
  Object.defineProperty(proto, name, { value, writable: true, configurable: true, enumerable: own?.enumerable ?? false });
}
