/**
 * Process-wide state of the synchronous part of a traced call.
 *
 * `depth` is the double-trace guard: while a traced `create` runs the SDK's `create`, any
 * traced `create` reached synchronously underneath (an instance wrapped by `observeOpenAI`
 * calling a prototype patched by `OpenAIInstrumentation`) passes straight through, so one
 * call makes one generation whichever wrapper was installed first.
 *
 * `helper` names the SDK helper (`responses.parse`, …) whose synchronous body is running,
 * for helpers that do not tag their request themselves.
 *
 * Both live on `globalThis` under a registered symbol, not in module scope: the ESM and
 * CJS builds of this package can both be loaded in one process (register uses one, the
 * app imports the other), and they must share one guard. The SDK reaches `create`
 * synchronously from the wrapper, so no context manager is needed for this to work.
 */
export interface CallSlot {
  depth: number;
  helper: string | undefined;
}

const SLOT_KEY = Symbol.for('@lamplight/openai/call-slot');

function globalSlot(): CallSlot {
  const g = globalThis as { [SLOT_KEY]?: CallSlot };
  g[SLOT_KEY] ??= { depth: 0, helper: undefined };
  return g[SLOT_KEY];
}

/** The shared slot. */
export const callSlot: CallSlot = globalSlot();

/** Marks functions this package installed, with the function they wrap. */
export const WRAPPED_ORIGINAL = Symbol.for('@lamplight/openai/original');

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Wraps an SDK helper (`parse`, `stream`, `runTools`) so that the `create` it calls
 * synchronously knows the helper's name. The helper's return value is untouched.
 */
export function wrapHelper(name: string, original: AnyFunction): AnyFunction {
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const previous = callSlot.helper;
    callSlot.helper = name;
    try {
      return original.apply(this, args);
    } finally {
      callSlot.helper = previous;
    }
  };
  markWrapped(wrapped, original);
  return wrapped;
}

/** Records `original` on `wrapped`, so patches can be recognised and undone. */
export function markWrapped(wrapped: AnyFunction, original: AnyFunction): void {
  Object.defineProperty(wrapped, WRAPPED_ORIGINAL, { value: original, enumerable: false });
  Object.defineProperty(wrapped, 'name', { value: original.name, configurable: true });
  Object.defineProperty(wrapped, 'length', { value: original.length, configurable: true });
}

/** True when `fn` was installed by this package. */
export function isOurWrapper(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as { [WRAPPED_ORIGINAL]?: unknown })[WRAPPED_ORIGINAL] !== undefined;
}
