import type { LangfuseExporterOptions } from './langfuse-config.js';
import { LangfuseExporter } from './langfuse-exporter.js';
import { resolveLangfuseTransport, type LangfuseIngestionExporterOptions, type LangfuseTransport } from './langfuse-ingestion-config.js';
import { LangfuseIngestionExporter } from './langfuse-ingestion-exporter.js';

/** Options of {@link createLangfuseExporter}: either exporter's options plus the choice between them. */
export type CreateLangfuseExporterOptions = LangfuseExporterOptions &
  LangfuseIngestionExporterOptions & {
    /** `otlp` (default) or `ingestion`; falls back to `LAMPLIGHT_LANGFUSE_TRANSPORT`. */
    transport?: LangfuseTransport;
  };

/**
 * The Langfuse exporter the configuration asks for: `LangfuseExporter` (OTLP, the default)
 * or, with `transport: 'ingestion'` or `LAMPLIGHT_LANGFUSE_TRANSPORT=ingestion`, the
 * `LangfuseIngestionExporter` for self-hosted Langfuse versions without the OTLP endpoint.
 * Both read `LANGFUSE_PUBLIC_KEY`, `LANGFUSE_SECRET_KEY` and `LANGFUSE_BASE_URL`.
 */
export function createLangfuseExporter(options: CreateLangfuseExporterOptions = {}): LangfuseExporter | LangfuseIngestionExporter {
  const { transport, ...rest } = options;
  const chosen = resolveLangfuseTransport({ transport, env: options.env });
  if (chosen === 'ingestion') {
    // The legacy ingestion API has no media references: its events carry the placeholders.
    const { compression: _compression, gzipLevel: _gzipLevel, media: _media, otlpEncoder: _otlpEncoder, ...ingestion } = rest;
    return new LangfuseIngestionExporter(ingestion);
  }
  const { typeMode: _typeMode, ...otlp } = rest;
  return new LangfuseExporter(otlp);
}
