import type { Sender } from './send-body.js';
import { webPlatform } from './web-platform.js';

/**
 * What differs between Node and the Web runtimes (Workers, Vercel Edge, Deno, browsers):
 * the HTTP clients there are and the default one, and how gzip runs. The package's Node
 * entry installs the Node platform; its edge entry (export conditions `workerd`,
 * `edge-light`, `worker`, `deno`, `browser`) keeps the Web one and never loads a `node:`
 * module.
 */
export interface TransportPlatform {
  /** `node` or `web`, for messages. */
  readonly name: 'node' | 'web';
  /** The client used when an exporter does not choose one. */
  readonly defaultClient: 'node' | 'fetch';
  /** The clients by `httpClient` name; `node` is absent on the Web platform. */
  readonly clients: { readonly node?: Sender; readonly fetch: Sender };
  /** Whether `gzip` works here (the Web platform needs `CompressionStream`, which not every sandbox has). */
  canGzip(): boolean;
  /** gzip `data` at `level` (1–9) without blocking the event loop. */
  gzip(data: Uint8Array, level: number): Promise<Uint8Array>;
}

let current: TransportPlatform = webPlatform;

/** The platform exporters use: the Web one until the Node entry installs the Node one. */
export function transportPlatform(): TransportPlatform {
  return current;
}

/** Installs `platform` for every exporter built afterwards (the Node entry does this once). */
export function useTransportPlatform(platform: TransportPlatform): void {
  current = platform;
}
