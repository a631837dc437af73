import type { ExportItem, Observation } from '@lamplight/core';
import { groupByTrace, rawRecordJson, toRawRecord } from '@lamplight/core/internal';
import { responseReason, type AcceptedItems, type DeliveryCodec } from '@lamplight/transport';
import { saysUnsuccessful } from './raw-record-response.js';

/** One record ready to send: the item it renders and its JSON body. */
export interface RawRecordRequest {
  readonly item: ExportItem;
  readonly body: Buffer;
}

/**
 * The raw telemetry record endpoint as a codec: one flat record per observation and
 * request (core's `toRawRecord`, exact nanoseconds from the span's `HrTime`), so a 413 is
 * `too-large`, never split. Each record carries its trace's name (`trace_name`): the
 * observation's own trace name, else the name of the top-most span of its trace in the
 * batch. A 2xx that says `success: false` is a validation refusal.
 */
export function rawRecordCodec(): DeliveryCodec<RawRecordRequest> {
  return {
    *pack(items, onRenderError) {
      const itemOf = new Map<Observation, ExportItem>(items.map((item) => [item.observation, item]));
      for (const group of groupByTrace(items.map((item) => item.observation))) {
        const traceName = traceNameOf(group.observations);
        for (const obs of group.observations) {
          const item = itemOf.get(obs) as ExportItem;
          let body: Buffer;
          try {
            // A copy: the observation is shared with the other destinations.
            const named = obs.traceName === undefined && traceName !== undefined ? { ...obs, traceName } : obs;
            const span = item.span as Partial<ExportItem['span']> | undefined;
            body = Buffer.from(rawRecordJson(toRawRecord(named, { startTime: span?.startTime, endTime: span?.endTime })), 'utf8');
          } catch (error) {
            onRenderError(item, error);
            continue;
          }
          yield { item, body };
        }
      }
    },
    itemCount: () => 1,
    encode: (request) => request.body,
    split: () => undefined,
    describe: (request) => `span "${String(request.item.observation.name)}" (${request.item.observation.spanId})`,
    accepted: (request, body) => acceptedRecord(request, body),
  };
}

function acceptedRecord(request: RawRecordRequest, body: string): AcceptedItems {
  if (!saysUnsuccessful(body)) return { delivered: 1 };
  const obs = request.item.observation;
  return { delivered: 0, dropped: { 'rejected-4xx': 1 }, rejections: [`span "${String(obs.name)}" (${obs.spanId}): HTTP 200 ${responseReason(body)}`] };
}

/** The trace's own name, else the name of its top-most observation here (no parent in the group). */
function traceNameOf(observations: readonly Observation[]): string | undefined {
  const named = observations.find((obs) => typeof obs.traceName === 'string' && obs.traceName !== '');
  if (named) return named.traceName;
  const ids = new Set(observations.map((obs) => obs.spanId));
  let top: Observation | undefined;
  for (const obs of observations) {
    if (obs.parentSpanId !== undefined && ids.has(obs.parentSpanId)) continue;
    if (top === undefined || obs.startTime < top.startTime) top = obs;
  }
  return typeof top?.name === 'string' && top.name !== '' ? top.name : undefined;
}
