import type { JsonPrimitive } from './json-value.js';
import type { JsonSink } from './json-sink.js';

/** Builds compact JSON text from the walker's tokens. @internal */
export class TextSink implements JsonSink {
  /** The JSON text rendered so far. */
  text = '';
  private comma = false;

  openArray(): void {
    this.text += this.comma ? ',[' : '[';
    this.comma = false;
  }

  openObject(): void {
    this.text += this.comma ? ',{' : '{';
    this.comma = false;
  }

  close(isArray: boolean): void {
    this.text += isArray ? ']' : '}';
    this.comma = true;
  }

  key(_key: string, json: string): void {
    this.text += this.comma ? ',' + json + ':' : json + ':';
    this.comma = false;
  }

  value(_value: JsonPrimitive, json: string): void {
    this.text += this.comma ? ',' + json : json;
    this.comma = true;
  }
}
