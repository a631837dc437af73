/** Version of `@lamplight/langfuse`, sent as `x-langfuse-sdk-version`; a test keeps it equal to package.json. */
export const VERSION = '0.1.0';
