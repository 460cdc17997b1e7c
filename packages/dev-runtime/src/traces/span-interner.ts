/**
 * Shares the strings, resources and scopes that every span of a process repeats (attribute keys,
 * `GET`, the service name), so 100k stored spans do not hold 100k copies of each. Bounded: when a
 * table fills it is cleared and starts again, which only costs sharing, never correctness.
 */
import {
  NO_ATTRIBUTES,
  UNKNOWN_SERVICE,
  attribute,
  type AttrValue,
  type Attributes,
  type SpanResource,
  type SpanScope,
} from './span-model.ts';
import type { Utf8Decoder } from './protobuf-reader.ts';

/** @default strings up to 64 characters are shared */
export const MAX_INTERNED_LENGTH = 64;
/** @default 20 000 distinct strings before the table starts again */
export const MAX_INTERNED_STRINGS = 20_000;
/** @default 1 000 distinct resources (processes) and scopes */
export const MAX_INTERNED_RESOURCES = 1_000;

/** A string decoded once from its UTF-8 bytes, kept with a copy of them to answer the same bytes again. */
interface DecodedString {
  readonly bytes: Buffer;
  readonly text: string;
}

/** One step of the key-list trie: the list ending here, and the lists that go on past it. */
interface KeyListNode {
  list?: readonly string[];
  readonly next: Map<string, KeyListNode>;
}

export class SpanInterner implements Utf8Decoder {
  readonly #strings = new Map<string, string>();
  /** Decoded strings by a hash of their bytes; a hash shared by different bytes holds them all. */
  readonly #decoded = new Map<number, DecodedString | DecodedString[]>();
  #decodedCount = 0;
  readonly #resources = new Map<string, SpanResource>();
  readonly #scopes = new Map<string, SpanScope>();
  #keyLists: KeyListNode = { next: new Map() };
  #keyListCount = 0;

  string(s: string): string {
    if (s.length > MAX_INTERNED_LENGTH) return s;
    const known = this.#strings.get(s);
    if (known !== undefined) return known;
    if (this.#strings.size >= MAX_INTERNED_STRINGS) this.#strings.clear();
    this.#strings.set(s, s);
    return s;
  }

  /**
   * The string a short UTF-8 byte range decodes to, shared. Every span of a process repeats the
   * same keys and most of the same values, so the bytes are looked up before they are decoded:
   * decoding and then interning made string handling a third of the receiver's time.
   */
  utf8(buf: Buffer, start: number, end: number): string {
    const length = end - start;
    if (length > MAX_INTERNED_LENGTH) return buf.toString('utf8', start, end);
    // FNV-1a over the bytes: cheap, and collisions only cost a byte comparison.
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
    const known = this.#decoded.get(hash);
    if (known !== undefined) {
      if (!Array.isArray(known)) {
        if (sameBytes(known.bytes, buf, start, end)) return known.text;
      } else {
        for (const k of known) if (sameBytes(k.bytes, buf, start, end)) return k.text;
      }
    }
    const text = this.string(buf.toString('utf8', start, end));
    if (this.#decodedCount >= MAX_INTERNED_STRINGS) {
      this.#decoded.clear();
      this.#decodedCount = 0;
    }
    const entry: DecodedString = { bytes: Buffer.from(buf.subarray(start, end)), text };
    const slot = this.#decoded.get(hash);
    if (slot === undefined) this.#decoded.set(hash, entry);
    else if (Array.isArray(slot)) slot.push(entry);
    else this.#decoded.set(hash, [slot, entry]);
    this.#decodedCount++;
    return text;
  }

  /**
   * One shared array for each distinct list of attribute keys: spans from one instrumentation
   * set the same keys in the same order, so this is most spans' largest saving. Found by walking
   * a trie of the (interned) keys, so no fingerprint string is built per span.
   */
  keys(keys: readonly string[]): readonly string[] {
    let node = this.#keyLists;
    for (const key of keys) {
      let next = node.next.get(key);
      if (next === undefined) {
        next = { next: new Map() };
        node.next.set(key, next);
      }
      node = next;
    }
    if (node.list) return node.list;
    if (this.#keyListCount >= MAX_INTERNED_RESOURCES) {
      this.#keyLists = { next: new Map() };
      this.#keyListCount = 0;
      return this.keys(keys);
    }
    this.#keyListCount++;
    node.list = Object.freeze([...keys]);
    return node.list;
  }

  /** Strings inside the value are already interned by the decoder; this shares the whole value. */
  value(v: AttrValue): AttrValue {
    return typeof v === 'string' ? this.string(v) : v;
  }

  resource(attributes: Attributes): SpanResource {
    const key = fingerprint(attributes);
    const known = this.#resources.get(key);
    if (known) return known;
    const name = attribute(attributes, 'service.name');
    const instance = attribute(attributes, 'service.instance.id');
    const resource: SpanResource = {
      serviceName: typeof name === 'string' && name !== '' ? name : UNKNOWN_SERVICE,
      instanceId: typeof instance === 'string' ? instance : undefined,
      attributes: attributes.keys.length === 0 ? NO_ATTRIBUTES : attributes,
    };
    if (this.#resources.size >= MAX_INTERNED_RESOURCES) this.#resources.clear();
    this.#resources.set(key, resource);
    return resource;
  }

  scope(name: string, version: string): SpanScope {
    const key = `${name}\u0000${version}`;
    const known = this.#scopes.get(key);
    if (known) return known;
    const scope: SpanScope = { name: this.string(name), version: this.string(version) };
    if (this.#scopes.size >= MAX_INTERNED_RESOURCES) this.#scopes.clear();
    this.#scopes.set(key, scope);
    return scope;
  }
}

function sameBytes(known: Buffer, buf: Buffer, start: number, end: number): boolean {
  if (known.length !== end - start) return false;
  for (let i = 0; i < known.length; i++) if (known[i] !== buf[start + i]) return false;
  return true;
}

function fingerprint(attributes: Attributes): string {
  return JSON.stringify(attributes.keys.map((k, i) => [k, valueText(attributes.values[i]!)]));
}

/** A stable text form of any value, for fingerprints and for Jaeger's string-typed tags. */
export function valueText(v: AttrValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return JSON.stringify(plain(v));
}

type Plain = string | number | boolean | Plain[] | { [key: string]: Plain };

function plain(v: AttrValue): Plain {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v.kind === 'array') return v.values.map(plain);
  const out: { [key: string]: Plain } = {};
  v.attributes.keys.forEach((k, i) => {
    out[k] = plain(v.attributes.values[i]!);
  });
  return out;
}
