/**
 * The OTLP trace protobuf schema, embedded as text and parsed at runtime with protobufjs.
 *
 * Why embedded text instead of generated code or `.proto` files on disk: the testkit ships
 * as both ESM and CJS from one tree (no `import.meta`, no path lookups), and a parsed
 * schema keeps the decoder independent of the OpenTelemetry packages it is meant to test.
 * The definitions follow opentelemetry-proto v1 (`common`, `resource`, `trace`,
 * `collector/trace`), trimmed of nothing the receiver reads; unknown fields such as newer
 * additions are skipped by protobufjs, as any proto3 reader must.
 */
import protobuf from 'protobufjs';

const COMMON_PROTO = `
syntax = "proto3";
package opentelemetry.proto.common.v1;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue {
  string key = 1;
  AnyValue value = 2;
}
message InstrumentationScope {
  string name = 1;
  string version = 2;
  repeated KeyValue attributes = 3;
  uint32 dropped_attributes_count = 4;
}
`;

const RESOURCE_PROTO = `
syntax = "proto3";
package opentelemetry.proto.resource.v1;

message Resource {
  repeated opentelemetry.proto.common.v1.KeyValue attributes = 1;
  uint32 dropped_attributes_count = 2;
}
`;

const TRACE_PROTO = `
syntax = "proto3";
package opentelemetry.proto.trace.v1;

message ResourceSpans {
  reserved 1000;
  opentelemetry.proto.resource.v1.Resource resource = 1;
  repeated ScopeSpans scope_spans = 2;
  string schema_url = 3;
}
message ScopeSpans {
  opentelemetry.proto.common.v1.InstrumentationScope scope = 1;
  repeated Span spans = 2;
  string schema_url = 3;
}
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  fixed32 flags = 16;
  string name = 5;
  enum SpanKind {
    SPAN_KIND_UNSPECIFIED = 0;
    SPAN_KIND_INTERNAL = 1;
    SPAN_KIND_SERVER = 2;
    SPAN_KIND_CLIENT = 3;
    SPAN_KIND_PRODUCER = 4;
    SPAN_KIND_CONSUMER = 5;
  }
  SpanKind kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated opentelemetry.proto.common.v1.KeyValue attributes = 9;
  uint32 dropped_attributes_count = 10;
  message Event {
    fixed64 time_unix_nano = 1;
    string name = 2;
    repeated opentelemetry.proto.common.v1.KeyValue attributes = 3;
    uint32 dropped_attributes_count = 4;
  }
  repeated Event events = 11;
  uint32 dropped_events_count = 12;
  message Link {
    bytes trace_id = 1;
    bytes span_id = 2;
    string trace_state = 3;
    repeated opentelemetry.proto.common.v1.KeyValue attributes = 4;
    uint32 dropped_attributes_count = 5;
    fixed32 flags = 6;
  }
  repeated Link links = 13;
  uint32 dropped_links_count = 14;
  Status status = 15;
}
message Status {
  reserved 1;
  string message = 2;
  enum StatusCode {
    STATUS_CODE_UNSET = 0;
    STATUS_CODE_OK = 1;
    STATUS_CODE_ERROR = 2;
  }
  StatusCode code = 3;
}
`;

const TRACE_SERVICE_PROTO = `
syntax = "proto3";
package opentelemetry.proto.collector.trace.v1;

message ExportTraceServiceRequest {
  repeated opentelemetry.proto.trace.v1.ResourceSpans resource_spans = 1;
}
message ExportTraceServiceResponse {
  ExportTracePartialSuccess partial_success = 1;
}
message ExportTracePartialSuccess {
  int64 rejected_spans = 1;
  string error_message = 2;
}
`;

/** Fully qualified name of the request message, as it appears in the OTLP protos. */
const REQUEST_TYPE = 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest';

let cachedRequestType: protobuf.Type | undefined;

/**
 * The protobufjs `Type` for OTLP `ExportTraceServiceRequest`.
 *
 * Parsed once, on first use, so importing the testkit costs nothing until a receiver
 * actually decodes a request.
 */
export function otlpTraceRequestType(): protobuf.Type {
  if (cachedRequestType) return cachedRequestType;
  const root = new protobuf.Root();
  // One parse per file: each source has its own `package`, and cross-file references use
  // fully qualified names, which protobufjs resolves across the shared root.
  for (const source of [COMMON_PROTO, RESOURCE_PROTO, TRACE_PROTO, TRACE_SERVICE_PROTO]) {
    protobuf.parse(source, root, { keepCase: false });
  }
  root.resolveAll();
  cachedRequestType = root.lookupType(REQUEST_TYPE);
  return cachedRequestType;
}

/**
 * Encodes an `ExportTraceServiceRequest` given as a plain object with protobufjs field
 * names (lowerCamelCase: `resourceSpans`, `scopeSpans`, `traceId`, `startTimeUnixNano`, …).
 * Ids and `bytesValue` are `Uint8Array`s; 64-bit integers may be numbers or decimal strings.
 *
 * A test helper: it lets tests craft requests (including invalid ones) without pulling in
 * an OpenTelemetry exporter. `fromObject` (not `verify`) is used on purpose: it accepts
 * decimal strings for 64-bit fields, which is the only exact way to write nanosecond times.
 */
export function encodeOtlpTraceRequest(request: Record<string, unknown>): Uint8Array {
  const type = otlpTraceRequestType();
  return type.encode(type.fromObject(request)).finish();
}
