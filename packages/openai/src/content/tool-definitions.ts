import { arr, rec, str } from '../values.js';

/** One entry of `gen_ai.tool.definitions`. */
export interface ToolDefinition {
  type: string;
  name?: string;
  description?: string;
  parameters?: unknown;
}

/**
 * Tool definitions of a Chat Completions (`tools`, legacy `functions`) or Responses
 * (`tools`) request, flattened to the convention's `{ type, name, description, parameters }`.
 */
export function toolDefinitions(tools: unknown, legacyFunctions?: unknown): ToolDefinition[] | undefined {
  const out: ToolDefinition[] = [];
  for (const raw of arr(tools) ?? []) {
    const tool = rec(raw);
    if (!tool) continue;
    const inner = rec(tool.function) ?? rec(tool.custom) ?? tool;
    out.push(definition(str(tool.type) ?? 'function', inner));
  }
  for (const raw of arr(legacyFunctions) ?? []) {
    const fn = rec(raw);
    if (fn) out.push(definition('function', fn));
  }
  return out.length > 0 ? out : undefined;
}

function definition(type: string, source: Record<string, unknown>): ToolDefinition {
  const def: ToolDefinition = { type };
  const name = str(source.name);
  if (name !== undefined) def.name = name;
  const description = str(source.description);
  if (description !== undefined) def.description = description;
  if (source.parameters !== undefined) def.parameters = source.parameters;
  return def;
}
