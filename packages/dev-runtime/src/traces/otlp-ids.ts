/**
 * Trace and span IDs and timestamps as OTLP carries them, turned into what the store keeps.
 * The OTLP spec makes a span with a missing or all-zero ID invalid; such a request is refused.
 */
import { OtlpDecodeError } from './otlp-errors.ts';

const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
const HEX_TRACE = /^[0-9a-f]{32}$/;
const HEX_SPAN = /^[0-9a-f]{16}$/;

export function traceIdHex(bytes: Uint8Array | undefined, what: string): string {
  if (bytes?.length !== 16) throw new OtlpDecodeError(`${what} must be 16 bytes`);
  return checkedTrace(hexOf(bytes), what);
}

export function spanIdHex(bytes: Uint8Array | undefined, what: string): string {
  if (bytes?.length !== 8) throw new OtlpDecodeError(`${what} must be 8 bytes`);
  return checkedSpan(hexOf(bytes), what);
}

/** OTLP/JSON sends IDs as hex strings (case-insensitive). */
export function traceIdFromHex(text: string, what: string): string {
  const hex = text.toLowerCase();
  if (!HEX_TRACE.test(hex)) throw new OtlpDecodeError(`${what} must be 32 hex digits`);
  return checkedTrace(hex, what);
}

export function spanIdFromHex(text: string, what: string): string {
  const hex = text.toLowerCase();
  if (!HEX_SPAN.test(hex)) throw new OtlpDecodeError(`${what} must be 16 hex digits`);
  return checkedSpan(hex, what);
}

/** The decoder hands out views of the body, which are Buffers already: no copy needed. */
function hexOf(bytes: Uint8Array): string {
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString(
    'hex',
  );
}

function checkedTrace(hex: string, what: string): string {
  if (hex === ZERO_TRACE) throw new OtlpDecodeError(`${what} is all zeroes`);
  return hex;
}

function checkedSpan(hex: string, what: string): string {
  if (hex === ZERO_SPAN) throw new OtlpDecodeError(`${what} is all zeroes`);
  return hex;
}

/** Nanoseconds since the epoch to whole microseconds, what Jaeger and the console show. */
export function nanosToMicros(nanos: bigint): number {
  return Number(nanos / 1000n);
}
