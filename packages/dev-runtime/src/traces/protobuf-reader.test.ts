import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OtlpDecodeError } from './otlp-errors.ts';
import { MAX_DEPTH, ProtobufReader, ProtobufWriter } from './protobuf-reader.ts';

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
const decodeError = (e: unknown) => e instanceof OtlpDecodeError && e.code === 'TRACES_ERR_OTLP_DECODE';

describe('protobuf reader', () => {
  it('reads varints as the spec examples encode them', () => {
    // 150 is 96 01 in the protobuf encoding guide; 300 is ac 02.
    const r = new ProtobufReader(bytes('9601 ac02 00 ffffffff0f'));
    assert.equal(r.varint(), 150);
    assert.equal(r.varint(), 300);
    assert.equal(r.varint(), 0);
    assert.equal(r.varint(), 0xffffffff);
    assert.equal(r.done, true);
  });

  it('reads a ten-byte varint as a negative int64', () => {
    assert.equal(new ProtobufReader(bytes('ffffffffffffffffff01')).int64(), -1n);
    assert.equal(new ProtobufReader(bytes('f403')).int64(), 500n);
  });

  it('refuses a varint cut off by the end of the message', () => {
    assert.throws(() => new ProtobufReader(bytes('96')).varint(), decodeError);
    assert.throws(() => new ProtobufReader(bytes('ffff')).int64(), decodeError);
  });

  it('refuses a varint longer than 64 bits', () => {
    assert.throws(() => new ProtobufReader(bytes('ffffffffffffffffff02')).varint(), decodeError);
    assert.throws(() => new ProtobufReader(bytes('ffffffffffffffffffff01')).int64(), decodeError);
  });

  it('refuses a length that runs past the buffer', () => {
    assert.throws(() => {
      new ProtobufReader(bytes('05 616263')).bytes();
    }, decodeError);
    assert.throws(() => {
      new ProtobufReader(bytes('0a 616263')).skip(2);
    }, decodeError);
  });

  it('does not let an embedded message read past its own end', () => {
    // An outer message of 2 bytes holding a field that claims 3 bytes follow.
    const outer = new ProtobufReader(bytes('02 0a03 616263'));
    const inner = outer.message();
    assert.equal(inner.tag().field, 1);
    assert.throws(() => inner.bytes(), decodeError);
  });

  it('refuses fixed-width values cut short', () => {
    assert.throws(() => new ProtobufReader(bytes('01020304050607')).fixed64(), decodeError);
    assert.throws(() => new ProtobufReader(bytes('010203')).fixed32(), decodeError);
  });

  it('refuses field number zero and group wire types', () => {
    assert.throws(() => new ProtobufReader(bytes('00')).tag(), decodeError);
    const r = new ProtobufReader(bytes('0b'));
    const t = r.tag();
    assert.equal(t.wire, 3);
    assert.throws(() => {
      r.skip(t.wire);
    }, decodeError);
  });

  it(`refuses messages nested deeper than ${MAX_DEPTH}`, () => {
    let body: Uint8Array = new Uint8Array(0);
    for (let i = 0; i <= MAX_DEPTH; i++) body = new ProtobufWriter().bytes(1, body).finish();
    let r = new ProtobufReader(body);
    assert.throws(() => {
      for (;;) {
        r.tag();
        r = r.message();
      }
    }, decodeError);
  });

  it('narrows to an embedded message in place and restores the outer one after it', () => {
    // field 1: a message holding field 1 = 150 and an unread field 2; then field 2 = 7 outside it.
    const r = new ProtobufReader(bytes('0a 05 089601 1001 1007'));
    assert.equal(r.tag().field, 1);
    const outer = r.enter();
    assert.equal(r.depth, 1);
    assert.deepEqual(r.tag(), { field: 1, wire: 0 });
    assert.equal(r.varint(), 150);
    r.leave(outer);
    assert.equal(r.depth, 0);
    assert.deepEqual(r.tag(), { field: 2, wire: 0 });
    assert.equal(r.varint(), 7);
    assert.equal(r.done, true);
  });

  it('does not let a message entered in place read past its own end', () => {
    const r = new ProtobufReader(bytes('02 0a03 616263'));
    r.enter();
    assert.equal(r.tag().field, 1);
    assert.throws(() => r.bytes(), decodeError);
  });

  it(`refuses messages entered in place deeper than ${MAX_DEPTH}`, () => {
    let body: Uint8Array = new Uint8Array(0);
    for (let i = 0; i <= MAX_DEPTH; i++) body = new ProtobufWriter().bytes(1, body).finish();
    const r = new ProtobufReader(body);
    assert.throws(() => {
      for (;;) {
        r.tag();
        r.enter();
      }
    }, decodeError);
  });

  it('reads an int64 as a number while it is a safe integer, as a bigint past that', () => {
    assert.equal(new ProtobufReader(bytes('f403')).int64Value(), 500);
    assert.equal(new ProtobufReader(bytes('ffffffffffffffffff01')).int64Value(), -1);
    // 2^53 - 1 takes eight bytes: past the quick path, still a number.
    assert.equal(new ProtobufReader(bytes('ffffffffffffff0f')).int64Value(), Number.MAX_SAFE_INTEGER);
    assert.equal(new ProtobufReader(bytes('8080808080808010')).int64Value(), 2n ** 53n);
    assert.throws(() => new ProtobufReader(bytes('ffff')).int64Value(), decodeError);
  });

  it('writes what it reads', () => {
    const out = new ProtobufWriter().varint(1, 300).string(2, 'boom').finish();
    const r = new ProtobufReader(out);
    assert.deepEqual(r.tag(), { field: 1, wire: 0 });
    assert.equal(r.varint(), 300);
    assert.deepEqual(r.tag(), { field: 2, wire: 2 });
    assert.equal(r.string(), 'boom');
    assert.equal(r.done, true);
  });
});
