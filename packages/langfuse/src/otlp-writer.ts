import type { ReadableSpanLike } from '@lamplight/core';
import { TimeSlicer } from '@lamplight/core/internal';
import { ProtoBuffer, varintSize, WIRE_LEN } from './otlp-writer-buffer.js';
import { spanSizeLowerBound, writeResource, writeScope, writeSpan } from './otlp-writer-span.js';

type Resource = ReadableSpanLike['resource'];
type Scope = ReadableSpanLike['instrumentationScope'];

/** The spans of one instrumentation scope, with their size lower bounds. */
interface ScopeGroup {
  spans: ReadableSpanLike[];
  bounds: number[];
  bound: number;
}

/** The scope groups of one resource. */
interface ResourceGroup {
  scopes: Map<Scope, ScopeGroup>;
  bound: number;
}

/**
 * Encodes spans as one OTLP/protobuf `ExportTraceServiceRequest`, byte for byte what the
 * stock `ProtobufTraceSerializer.serializeRequest` of `@opentelemetry/otlp-transformer`
 * writes for the same spans (same grouping, field order, omissions and value mapping),
 * at a fraction of its CPU: each string is encoded once, straight into the output.
 *
 * Yields to the event loop between spans whenever `slicer`'s slice is used up, so a large
 * batch never blocks the app for long; a yield sits inside the open messages, which is
 * fine because the buffer is this call's alone. Runs on every runtime (no `Buffer`).
 */
export async function encodeTraceRequest(spans: readonly ReadableSpanLike[], slicer: TimeSlicer = new TimeSlicer()): Promise<Uint8Array> {
  const { groups, bound } = groupSpans(spans);
  const w = new ProtoBuffer(bound + (bound >>> 3) + 256 * spans.length);
  for (const [resource, group] of groups) {
    // ExportTraceServiceRequest.resource_spans = 1
    w.tag(1, WIRE_LEN);
    const resourceReserve = varintSize(group.bound);
    const resourceStart = w.begin(resourceReserve);
    writeResource(w, 1, resource);
    for (const [scope, scopeGroup] of group.scopes) {
      // ResourceSpans.scope_spans = 2
      w.tag(2, WIRE_LEN);
      const scopeReserve = varintSize(scopeGroup.bound);
      const scopeStart = w.begin(scopeReserve);
      writeScope(w, 1, scope);
      for (let i = 0; i < scopeGroup.spans.length; i++) {
        writeSpan(w, 2, scopeGroup.spans[i] as ReadableSpanLike, scopeGroup.bounds[i] as number);
        const pause = slicer.maybeYield();
        if (pause) await pause;
      }
      const scopeSchemaUrl = (scope as Scope & { schemaUrl?: string }).schemaUrl;
      if (scopeSchemaUrl) {
        w.tag(3, WIRE_LEN);
        w.string(scopeSchemaUrl);
      }
      w.end(scopeStart, scopeReserve);
    }
    const resourceSchemaUrl = (resource as Resource & { schemaUrl?: string }).schemaUrl;
    if (resourceSchemaUrl) {
      w.tag(3, WIRE_LEN);
      w.string(resourceSchemaUrl);
    }
    w.end(resourceStart, resourceReserve);
  }
  return w.finish();
}

/**
 * Spans by resource, then by instrumentation scope, both by object identity and in order
 * of first appearance, as the stock serializer groups them; with the size lower bounds
 * of every span and group, from which their length prefixes are reserved.
 */
function groupSpans(spans: readonly ReadableSpanLike[]): { groups: Map<Resource, ResourceGroup>; bound: number } {
  const groups = new Map<Resource, ResourceGroup>();
  for (const span of spans) {
    let group = groups.get(span.resource);
    if (group === undefined) {
      group = { scopes: new Map(), bound: 0 };
      groups.set(span.resource, group);
    }
    let scopeGroup = group.scopes.get(span.instrumentationScope);
    if (scopeGroup === undefined) {
      scopeGroup = { spans: [], bounds: [], bound: 0 };
      group.scopes.set(span.instrumentationScope, scopeGroup);
    }
    const spanBound = spanSizeLowerBound(span);
    scopeGroup.spans.push(span);
    scopeGroup.bounds.push(spanBound);
    // The span's tag and length prefix, then the span.
    scopeGroup.bound += 1 + varintSize(spanBound) + spanBound;
  }
  let bound = 0;
  for (const group of groups.values()) {
    for (const scopeGroup of group.scopes.values()) group.bound += 1 + varintSize(scopeGroup.bound) + scopeGroup.bound;
    bound += 1 + varintSize(group.bound) + group.bound;
  }
  return { groups, bound };
}
