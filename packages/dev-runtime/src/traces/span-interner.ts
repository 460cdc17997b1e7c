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

/** @default strings up to 64 characters are shared */
export const MAX_INTERNED_LENGTH = 64;
/** @default 20 000 distinct strings before the table starts again */
export const MAX_INTERNED_STRINGS = 20_000;
/** @default 1 000 distinct resources (processes) and scopes */
export const MAX_INTERNED_RESOURCES = 1_000;

export class SpanInterner {
  readonly #strings = new Map<string, string>();
  readonly #resources = new Map<string, SpanResource>();
  readonly #scopes = new Map<string, SpanScope>();
  readonly #keyLists = new Map<string, readonly string[]>();

  string(s: string): string {
    if (s.length > MAX_INTERNED_LENGTH) return s;
    const known = this.#strings.get(s);
    if (known !== undefined) return known;
    if (this.#strings.size >= MAX_INTERNED_STRINGS) this.#strings.clear();
    this.#strings.set(s, s);
    return s;
  }

  /**
   * One shared array for each distinct list of attribute keys: spans from one instrumentation
   * set the same keys in the same order, so this is most spans' largest saving.
   */
  keys(keys: readonly string[]): readonly string[] {
    const fp = keys.join('\u0000');
    const known = this.#keyLists.get(fp);
    if (known) return known;
    const list = Object.freeze([...keys]);
    if (this.#keyLists.size >= MAX_INTERNED_RESOURCES) this.#keyLists.clear();
    this.#keyLists.set(fp, list);
    return list;
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
