/**
 * The raw telemetry record of `POST {baseUrl}/api/v1/telemetry/raw`
 * (seed: shared/seeds/raw-telemetry-record-api.txt): one flat record per observation.
 */

/** Levels of the record; the same words as our model's. */
export type RawRecordLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Every level the record accepts, for validation. */
export const RAW_RECORD_LEVELS: readonly RawRecordLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/** Path of the route, appended to the base URL. */
export const RAW_RECORD_PATH = '/api/v1/telemetry/raw';

/**
 * One record. Optional fields are left out when unknown (the API has defaults for them).
 * The nanosecond times are BigInts because they exceed 2^53: `JSON.stringify` refuses a
 * BigInt, so a record can only be sent through `rawRecordJson`, which writes them as exact
 * JSON integers.
 */
export interface RawRecord {
  user_id?: string;
  session_id?: string;
  /** 32 lowercase hex digits (a UUID trace id is converted). */
  trace_id: string;
  /** The trace name; the API's default is `trace`. */
  trace_name?: string;
  /** 16 lowercase hex digits. */
  span_id: string;
  /** The span name; the API's default is `span`. */
  span_name?: string;
  start_time_unix_nano: bigint;
  end_time_unix_nano: bigint;
  /** Strings as they are; structured values as JSON text. */
  input?: string;
  output?: string;
  level: RawRecordLevel;
  /** True when the observation failed (maps to Langfuse status ERROR). */
  error: boolean;
  status_message?: string;
  /** Everything else of the observation, snake_case keys, JSON values. */
  extra: Record<string, unknown>;
}
