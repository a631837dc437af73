// Preloaded with `--require ./foreign-setup.cjs`: the CommonJS twin of foreign-setup.mjs.
const { registerInstrumentations } = require('@opentelemetry/instrumentation');

const which = process.env.FOREIGN;
let instrumentation;
if (which === 'openinference') {
  instrumentation = new (require('@arizeai/openinference-instrumentation-openai').OpenAIInstrumentation)();
} else if (which === 'traceloop') {
  instrumentation = new (require('@traceloop/instrumentation-openai').OpenAIInstrumentation)({ enrichTokens: false });
} else if (which === 'contrib') {
  instrumentation = new (require('@opentelemetry/instrumentation-openai').OpenAIInstrumentation)({ captureMessageContent: true });
} else {
  throw new Error(`FOREIGN must be openinference, traceloop or contrib, not ${which}`);
}
registerInstrumentations({ instrumentations: [instrumentation] });
globalThis.foreignInstrumentation = instrumentation;
