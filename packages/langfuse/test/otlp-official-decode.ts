import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** The official OTLP `.proto` files, vendored unchanged (see fixtures/otlp-proto/README.md). */
const PROTO_ROOT = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'otlp-proto');

let requestType: protobuf.Type | undefined;

function exportTraceServiceRequest(): protobuf.Type {
  if (requestType) return requestType;
  const root = new protobuf.Root();
  // Imports in the official files are relative to the repository root.
  root.resolvePath = (_origin, target) => join(PROTO_ROOT, target);
  root.loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto');
  requestType = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  return requestType;
}

/**
 * An encoded `ExportTraceServiceRequest` decoded with protobufjs and the official OTLP
 * schema into a plain object: 64-bit integers as decimal strings, bytes as base64, enums as
 * numbers, only the fields present on the wire (a field written as its default is kept, so
 * presence is compared too), doubles as numbers (NaN and -0 kept for `toEqual`).
 */
export function decodeOfficial(bytes: Uint8Array): Record<string, unknown> {
  const type = exportTraceServiceRequest();
  return type.toObject(type.decode(bytes), { longs: String, bytes: String, enums: Number, defaults: false }) as Record<string, unknown>;
}
