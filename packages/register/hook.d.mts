// Types of `import '@lamplight/register'`: the entry only registers (a side effect); it exports nothing.
export {};
