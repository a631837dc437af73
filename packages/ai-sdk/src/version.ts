/** Version of `@lamplight/ai-sdk`; kept equal to package.json. */
export const VERSION = '0.1.0';
