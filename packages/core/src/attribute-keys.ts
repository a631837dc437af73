/**
 * Span attribute keys Lamplight itself writes (manual API, trace-attribute propagation).
 * They are read back by the `lamplight` reader and never shipped as-is: renderers turn
 * them into the target convention.
 */
export const LAMPLIGHT_KEYS = {
  kind: 'lamplight.observation.kind',
  input: 'lamplight.observation.input',
  output: 'lamplight.observation.output',
  model: 'lamplight.observation.model',
  provider: 'lamplight.observation.provider',
  modelParameters: 'lamplight.observation.model_parameters',
  level: 'lamplight.observation.level',
  statusMessage: 'lamplight.observation.status_message',
  promptName: 'lamplight.observation.prompt.name',
  promptVersion: 'lamplight.observation.prompt.version',
  metadataPrefix: 'lamplight.observation.metadata.',
  usagePrefix: 'lamplight.usage.',
  costPrefix: 'lamplight.cost.',
  ttftMs: 'lamplight.ttft_ms',
  completionStartTime: 'lamplight.observation.completion_start_time',
  traceName: 'lamplight.trace.name',
  traceTags: 'lamplight.trace.tags',
  traceMetadataPrefix: 'lamplight.trace.metadata.',
  traceInput: 'lamplight.trace.input',
  traceOutput: 'lamplight.trace.output',
  tracePublic: 'lamplight.trace.public',
  agentName: 'lamplight.agent.name',
  workflowName: 'lamplight.workflow.name',
  workflowRunId: 'lamplight.workflow.run_id',
  environment: 'lamplight.environment',
  release: 'lamplight.release',
  version: 'lamplight.version',
  captureContent: 'lamplight.capture_content',
} as const;

/** Standard keys for the user and session, shared with other conventions. */
export const USER_ID_KEY = 'user.id';
/** @see USER_ID_KEY */
export const SESSION_ID_KEY = 'session.id';

/** The instrumentation scope of spans created with the manual API. */
export const LAMPLIGHT_TRACER_NAME = '@lamplight/core';
