import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor, toLangfuseSpan } from '@lamplight/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { runWorkload } from './workloads.mjs';
const stage = process.argv[2]; const wl = process.argv[3] ?? 'small'; const scale = Number(process.argv[4] ?? 1);
api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const exporter = { name: 'x', async exportObservations(items) {
  if (stage === 'render' || stage === 'serialize') { const views = items.map((i) => toLangfuseSpan(i.span, i.observation)); if (stage === 'serialize') ProtobufTraceSerializer.serializeRequest(views); }
  return { exported: items.length, dropped: {} }; }, async shutdown() {}, async forceFlush() {} };
const processors = stage === 'none' ? [] : [new LamplightSpanProcessor({ exporter, environment: 'bench' })];
const provider = new BasicTracerProvider({ spanProcessors: processors });
const tracer = provider.getTracer('bench-app');
await runWorkload(tracer, api, wl, 0.1); await provider.forceFlush();
const cpu0 = process.cpuUsage();
await runWorkload(tracer, api, wl, scale); await provider.forceFlush();
const c = process.cpuUsage(cpu0);
console.log(stage, wl, ((c.user + c.system) / 1000).toFixed(0), 'ms');
