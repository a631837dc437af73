import { choiceOption, ConfigError, integerOption, positiveOption } from '@lamplight/transport';
import type { MediaLimits } from './media-references.js';

/** Options of the media upload of `LangfuseExporter` (`media: { … }`); `media: false` turns it off. */
export interface LangfuseMediaOptions {
  /** Largest value uploaded, in decoded bytes; default 20 MiB. Larger ones keep their placeholder. */
  maxBytesPerValue?: number;
  /** Most values uploaded per export call; default 50. */
  maxValuesPerExport?: number;
  /** Most bytes uploaded per export call; default 64 MiB. */
  maxBytesPerExport?: number;
  /** Longest the uploads of one export call may delay its spans, in ms; default 5000. */
  timeoutMillis?: number;
  /** Uploaded hashes remembered, so a repeated image is not uploaded again; default 1000. */
  cacheSize?: number;
  /** Bytes of replaced binary values kept beside their spans until this exporter has seen them, process-wide; default 64 MiB. */
  retentionBytes?: number;
}

/** Media settings with every default applied. */
export interface ResolvedMediaOptions extends MediaLimits {
  cacheSize: number;
  retentionBytes: number;
}

const MIB = 1024 * 1024;

/**
 * `media` as given to the exporter, else `LAMPLIGHT_LANGFUSE_MEDIA` (`true` | `false`), else on:
 * undefined when off. A bad value in either throws naming the option or variable.
 */
export function resolveMediaOptions(media: unknown, env: Record<string, string | undefined>): ResolvedMediaOptions | undefined {
  if (media === false) return undefined;
  if (media === undefined && choiceOption('LangfuseExporter', 'media', undefined, ['true', 'false'] as const, 'true', { name: 'LAMPLIGHT_LANGFUSE_MEDIA', value: env.LAMPLIGHT_LANGFUSE_MEDIA }) === 'false') return undefined;
  if (media !== undefined && media !== true && (media === null || typeof media !== 'object')) {
    throw new ConfigError('LangfuseExporter: option "media" must be a boolean or an object');
  }
  const o = (typeof media === 'object' ? media : {}) as LangfuseMediaOptions;
  const name = 'LangfuseExporter';
  return {
    maxBytesPerValue: positiveOption(name, 'media.maxBytesPerValue', o.maxBytesPerValue, 20 * MIB),
    maxValuesPerExport: integerOption(name, 'media.maxValuesPerExport', o.maxValuesPerExport, 50, 0, 10_000),
    maxBytesPerExport: positiveOption(name, 'media.maxBytesPerExport', o.maxBytesPerExport, 64 * MIB),
    timeoutMillis: positiveOption(name, 'media.timeoutMillis', o.timeoutMillis, 5_000),
    cacheSize: integerOption(name, 'media.cacheSize', o.cacheSize, 1000, 0, 1_000_000),
    retentionBytes: positiveOption(name, 'media.retentionBytes', o.retentionBytes, 64 * MIB),
  };
}
