// Preloaded with `--import ./foreign-setup.mjs`: enables another tool's real OpenAI
// instrumentation the way its docs say, chosen by FOREIGN (openinference | traceloop |
// contrib). Its place among the `--import` flags decides who patches `openai` first.
import { registerInstrumentations } from '@opentelemetry/instrumentation';

const which = process.env.FOREIGN;
let instrumentation;
if (which === 'openinference') {
  const { OpenAIInstrumentation } = await import('@arizeai/openinference-instrumentation-openai');
  instrumentation = new OpenAIInstrumentation();
} else if (which === 'traceloop') {
  const { OpenAIInstrumentation } = await import('@traceloop/instrumentation-openai');
  instrumentation = new OpenAIInstrumentation({ enrichTokens: false });
} else if (which === 'contrib') {
  const { OpenAIInstrumentation } = await import('@opentelemetry/instrumentation-openai');
  instrumentation = new OpenAIInstrumentation({ captureMessageContent: true });
} else {
  throw new Error(`FOREIGN must be openinference, traceloop or contrib, not ${which}`);
}
registerInstrumentations({ instrumentations: [instrumentation] });
globalThis.foreignInstrumentation = instrumentation;

// FOREIGN_MANUAL=preload: the setup file imports openai itself and patches it by hand
// before anything else loads (so a loader hook registered later never sees it load).
if (process.env.FOREIGN_MANUAL === 'preload') {
  const { manuallyInstrument } = await import('./manual-instrument.mjs');
  manuallyInstrument(await import(process.env.OPENAI_PACKAGE ?? 'openai'));
}
