// Hands an imported openai module to the preloaded foreign instrumentation's
// `manuallyInstrument`, each in the shape its docs show: OpenInference takes the module
// namespace, OpenLLMetry the `OpenAI` class.
export function manuallyInstrument(mod) {
  const foreign = globalThis.foreignInstrumentation;
  foreign.manuallyInstrument(process.env.FOREIGN === 'traceloop' ? mod.OpenAI : mod);
}
