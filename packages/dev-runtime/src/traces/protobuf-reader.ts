/**
 * Just enough of the protobuf wire format to read OTLP: varints, fixed32/64, doubles and
 * length-delimited fields, over one buffer. Every read is checked against the end of the current
 * message, so a hostile body can fail to decode but never read past it or loop.
 */
import { OtlpDecodeError } from './otlp-errors.ts';

export const WIRE = { VARINT: 0, FIXED64: 1, LEN: 2, START_GROUP: 3, END_GROUP: 4, FIXED32: 5 } as const;

/** Turns a UTF-8 byte range into a string; an interner answers repeated bytes without decoding them. */
export interface Utf8Decoder {
  utf8(buf: Buffer, start: number, end: number): string;
}

/** @default messages nested deeper than 32 are refused */
export const MAX_DEPTH = 32;

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A window [pos, end) of the buffer: one message's bytes. */
export class ProtobufReader {
  /** The whole body; every nested reader shares it (and its DataView), made once per body. */
  readonly #buf: Buffer;
  readonly #view: DataView;
  #end: number;
  #depth: number;
  #pos: number;

  constructor(buf: Uint8Array, start = 0, end = buf.length, depth = 0, view?: DataView) {
    if (depth > MAX_DEPTH) throw new OtlpDecodeError(`protobuf messages nest deeper than ${MAX_DEPTH}`);
    this.#buf = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    this.#view = view ?? new DataView(this.#buf.buffer, this.#buf.byteOffset, this.#buf.byteLength);
    this.#pos = start;
    this.#end = end;
    this.#depth = depth;
  }

  get depth(): number {
    return this.#depth;
  }

  get done(): boolean {
    return this.#pos >= this.#end;
  }

  /** The next field's number and wire type. */
  tag(): { field: number; wire: number } {
    const key = this.varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 0 || field > 0x1fffffff) throw new OtlpDecodeError(`invalid protobuf field number ${field}`);
    return { field, wire };
  }

  /**
   * An unsigned varint as a number. Exact up to 2^53, which covers every length, tag, enum and
   * count OTLP sends; wider values (negative int32 enums) come out large and are then ignored.
   */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.#pos >= this.#end) throw new OtlpDecodeError('truncated protobuf varint');
      const byte = this.#buf[this.#pos++]!;
      if (i === 9 && byte > 1) throw new OtlpDecodeError('protobuf varint longer than 64 bits');
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw new OtlpDecodeError('protobuf varint longer than 10 bytes');
  }

  /**
   * A protobuf `int64` as a number when it is a safe integer (every count, size, port and status
   * code spans carry), as a bigint otherwise. Up to seven bytes (49 bits) are read as a number;
   * longer varints, negative ones included, take the exact path.
   */
  int64Value(): number | bigint {
    const start = this.#pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 7 && this.#pos < this.#end; i++) {
      const byte = this.#buf[this.#pos++]!;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    this.#pos = start;
    const exact = this.int64();
    return exact >= MIN_SAFE && exact <= MAX_SAFE ? Number(exact) : exact;
  }

  /** A varint read exactly, as a signed 64-bit integer (protobuf `int64`). */
  int64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.#pos >= this.#end) throw new OtlpDecodeError('truncated protobuf varint');
      const byte = this.#buf[this.#pos++]!;
      if (i === 9 && byte > 1) throw new OtlpDecodeError('protobuf varint longer than 64 bits');
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asIntN(64, result);
      shift += 7n;
    }
    throw new OtlpDecodeError('protobuf varint longer than 10 bytes');
  }

  bool(): boolean {
    return this.varint() !== 0;
  }

  fixed64(): bigint {
    this.#need(8);
    const v = this.#view.getBigUint64(this.#pos, true);
    this.#pos += 8;
    return v;
  }

  fixed32(): number {
    this.#need(4);
    const v = this.#view.getUint32(this.#pos, true);
    this.#pos += 4;
    return v;
  }

  double(): number {
    this.#need(8);
    const v = this.#view.getFloat64(this.#pos, true);
    this.#pos += 8;
    return v;
  }

  /** The payload of a length-delimited field, as a view (not a copy) of the buffer. */
  bytes(): Uint8Array {
    const [start, end] = this.#span();
    return this.#buf.subarray(start, end);
  }

  string(decoder?: Utf8Decoder): string {
    const [start, end] = this.#span();
    return decoder ? decoder.utf8(this.#buf, start, end) : this.#buf.toString('utf8', start, end);
  }

  /** A reader for an embedded message, one level deeper. */
  message(): ProtobufReader {
    const [start, end] = this.#span();
    return new ProtobufReader(this.#buf, start, end, this.#depth + 1, this.#view);
  }

  /**
   * Narrows this reader to the embedded message that follows, one level deeper, without making a
   * reader for it: the small messages every span repeats (KeyValue, AnyValue) are read this way.
   * Returns what {@link leave} needs to restore the outer message once it is read.
   */
  enter(): number {
    if (this.#depth + 1 > MAX_DEPTH) throw new OtlpDecodeError(`protobuf messages nest deeper than ${MAX_DEPTH}`);
    const length = this.varint();
    this.#need(length);
    const outerEnd = this.#end;
    this.#end = this.#pos + length;
    this.#depth++;
    return outerEnd;
  }

  /** Back to the outer message after {@link enter}; what was left unread of the inner one is skipped. */
  leave(outerEnd: number): void {
    this.#pos = this.#end;
    this.#end = outerEnd;
    this.#depth--;
  }

  /** Steps over a field this decoder does not read, as proto3 asks of parsers. */
  skip(wire: number): void {
    switch (wire) {
      case WIRE.VARINT:
        this.varint();
        return;
      case WIRE.FIXED64:
        this.#need(8);
        this.#pos += 8;
        return;
      case WIRE.LEN:
        this.#span();
        return;
      case WIRE.FIXED32:
        this.#need(4);
        this.#pos += 4;
        return;
      default:
        // Groups are deprecated and never appear in OTLP.
        throw new OtlpDecodeError(`unsupported protobuf wire type ${wire}`);
    }
  }

  /** Fails unless the field has the wire type the schema gives it. */
  expect(wire: number, expected: number, what: string): void {
    if (wire !== expected) throw new OtlpDecodeError(`${what} has wire type ${wire}, expected ${expected}`);
  }

  #span(): [number, number] {
    const length = this.varint();
    this.#need(length);
    const start = this.#pos;
    this.#pos += length;
    return [start, this.#pos];
  }

  #need(n: number): void {
    if (n > this.#end - this.#pos) throw new OtlpDecodeError('protobuf field runs past the end of its message');
  }
}

/** Writes the few messages the receiver answers with (ExportTraceServiceResponse, google.rpc.Status). */
export class ProtobufWriter {
  readonly #bytes: number[] = [];

  varint(field: number, value: number): this {
    this.#key(field, WIRE.VARINT);
    this.#raw(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  bytes(field: number, value: Uint8Array): this {
    this.#key(field, WIRE.LEN);
    this.#raw(value.length);
    for (const b of value) this.#bytes.push(b);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }

  #key(field: number, wire: number): void {
    this.#raw(field * 8 + wire);
  }

  #raw(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.#bytes.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    this.#bytes.push(v);
  }
}
