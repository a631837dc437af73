import { PROVIDER_AZURE, PROVIDER_OPENAI } from '../semconv.js';
import { rec, str } from '../values.js';

/** What a generation needs to know about the client that made the call. */
export interface ClientInfo {
  provider: string;
  serverAddress?: string;
  serverPort?: number;
}

const cache = new WeakMap<object, ClientInfo>();
const UNKNOWN: ClientInfo = { provider: PROVIDER_OPENAI };

/**
 * Provider and server of the client behind an SDK resource (`resource._client`). Azure is
 * recognised by class name along the prototype chain (`AzureOpenAI extends OpenAI`) or by
 * its `apiVersion`/`deploymentName` fields, without importing the SDK at runtime.
 * Cached per client: a client's class and base URL do not change.
 */
export function clientInfoOf(resource: unknown): ClientInfo {
  const client = rec(rec(resource)?._client);
  if (!client) return UNKNOWN;
  let info = cache.get(client);
  if (!info) {
    info = { provider: isAzure(client) ? PROVIDER_AZURE : PROVIDER_OPENAI, ...server(client.baseURL) };
    cache.set(client, info);
  }
  return info;
}

function isAzure(client: Record<string, unknown>): boolean {
  for (let proto: unknown = Object.getPrototypeOf(client); proto; proto = Object.getPrototypeOf(proto)) {
    if ((proto as { constructor?: { name?: unknown } }).constructor?.name === 'AzureOpenAI') return true;
  }
  return typeof client.apiVersion === 'string' && 'deploymentName' in client;
}

function server(baseURL: unknown): { serverAddress?: string; serverPort?: number } {
  const text = str(baseURL);
  if (!text) return {};
  try {
    const url = new URL(text);
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : url.protocol === 'http:' ? 80 : undefined;
    return { serverAddress: url.hostname, serverPort: port };
  } catch {
    return {};
  }
}
