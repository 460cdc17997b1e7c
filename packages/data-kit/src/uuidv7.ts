/**
 * UUIDv7 (RFC 9562 §5.7): 48 bits of Unix milliseconds, then random bits, so ids sort by creation
 * time and say nothing else about what they name. Monotonic within one process: ids made in the same
 * millisecond still sort in the order they were made.
 */
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '@dwp/clock';

let lastMs = 0;
let counter = 0;

/** An id made now, by `clock` (a test's fake clock, or a moment fixed by the caller). */
export function uuidv7(clock: Clock = systemClock): string {
  let ms = clock.now();
  if (ms <= lastMs) {
    // Same (or earlier) millisecond: count up in the 12-bit rand_a field, borrowing the next ms when full.
    counter++;
    if (counter > 0xfff) {
      lastMs++;
      counter = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    counter = 0;
  }
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | ((counter >> 8) & 0x0f);
  b[7] = counter & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
