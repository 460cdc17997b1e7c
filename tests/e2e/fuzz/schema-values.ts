/**
 * fast-check arbitraries from a JSON Schema: values the schema accepts (near enough: the point is
 * to reach the handler behind the validation), and values that break it in one place: the wrong
 * type, one past a bound, a missing required field, an unknown field, a bad format.
 */
import fc from 'fast-check';
import type { JsonSchema } from './openapi-operations.ts';

/** Deeper than any body here; bounds generation on a schema that nests without end. */
const MAX_DEPTH = 12;
/** Strings and arrays stay short unless the schema asks for more: a case is about shape, not size. */
const SHORT = 24;
const FEW = 4;

const typesOf = (s: JsonSchema): readonly string[] =>
  s.type === undefined ? [] : typeof s.type === 'string' ? [s.type] : s.type;

const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** A regular expression fast-check can generate from, or undefined (lookarounds, flags it cannot read). */
function matching(pattern: string, maxLength: number | undefined): fc.Arbitrary<string> | undefined {
  try {
    return fc.stringMatching(new RegExp(pattern), maxLength === undefined ? {} : { maxLength });
  } catch {
    return undefined;
  }
}

function stringValue(s: JsonSchema): fc.Arbitrary<string> {
  switch (s.format) {
    case 'uuid':
      return fc.uuid({ version: [4, 7] });
    case 'email':
      return fc.emailAddress();
    case 'date':
      return isoDate.map((d) => d.slice(0, 10));
    case 'date-time':
      return isoDate;
    case 'uri':
    case 'url':
      return fc.webUrl();
    default:
      break;
  }
  const byPattern = s.pattern === undefined ? undefined : matching(s.pattern, s.maxLength);
  if (byPattern) return byPattern;
  const minLength = s.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? SHORT, minLength + SHORT));
  return fc.oneof(
    fc.string({ minLength, maxLength, unit: 'grapheme-ascii' }),
    fc.string({ minLength, maxLength, unit: 'grapheme' }),
  );
}

function numberValue(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const low = s.minimum ?? (s.exclusiveMinimum === undefined ? undefined : s.exclusiveMinimum + (integer ? 1 : 1e-9));
  const high = s.maximum ?? (s.exclusiveMaximum === undefined ? undefined : s.exclusiveMaximum - (integer ? 1 : 1e-9));
  // Mostly ordinary values; now and then the very bounds the schema allows (with none written, the
  // largest a JSON number keeps exactly), where an int4 column or a sum overflows.
  if (integer) {
    const lowest = Math.ceil(Math.max(low ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER));
    const highest = Math.floor(Math.max(lowest, Math.min(high ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)));
    const min = Math.max(lowest, -1_000_000);
    const ordinary = fc.integer({ min, max: Math.max(min, Math.min(highest, 1_000_000)) });
    return fc.oneof({ weight: 4, arbitrary: ordinary }, { weight: 1, arbitrary: fc.constantFrom(lowest, highest) });
  }
  const lowest = low ?? -Number.MAX_VALUE;
  const highest = high ?? Number.MAX_VALUE;
  const min = Math.max(lowest, -1e9);
  const ordinary = fc.double({ min, max: Math.max(min, Math.min(highest, 1e9)), noNaN: true, noDefaultInfinity: true });
  return fc.oneof({ weight: 4, arbitrary: ordinary }, { weight: 1, arbitrary: fc.constantFrom(lowest, highest) });
}

function objectValue(s: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = s.properties ?? {};
  const model = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, validValue(v, depth + 1)]));
  const required = (s.required ?? []).filter((k) => k in model);
  const known = fc.record(model, { requiredKeys: required });
  if (Object.keys(properties).length > 0 || s.additionalProperties === false) return known;
  const extra = typeof s.additionalProperties === 'object' ? validValue(s.additionalProperties, depth + 1) : undefined;
  return fc.dictionary(fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme-ascii' }), extra ?? smallJson, {
    maxKeys: FEW,
  });
}

const smallJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 2 });

/** A value the schema accepts (formats and patterns as fast-check can make them). */
export function validValue(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum && s.enum.length > 0) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives && alternatives.length > 0) return fc.oneof(...alternatives.map((a) => validValue(a, depth + 1)));
  if (s.allOf && s.allOf.length > 0) return validValue(mergeAll(s.allOf), depth + 1);
  const types = typesOf(s);
  if (types.length > 1) return fc.oneof(...types.map((t) => validValue({ ...s, type: t }, depth)));
  switch (types[0]) {
    case 'string':
      return stringValue(s);
    case 'integer':
      return numberValue(s, true);
    case 'number':
      return numberValue(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = s.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(s.maxItems ?? FEW, minLength + FEW));
      return fc.array(s.items ? validValue(s.items, depth + 1) : smallJson, { minLength, maxLength });
    }
    case 'object':
      return objectValue(s, depth);
    default:
      return s.properties ? objectValue(s, depth) : smallJson;
  }
}

function mergeAll(parts: readonly JsonSchema[]): JsonSchema {
  return parts.reduce<JsonSchema>(
    (acc, p) => ({
      ...acc,
      ...p,
      properties: { ...acc.properties, ...p.properties },
      required: [...(acc.required ?? []), ...(p.required ?? [])],
    }),
    {},
  );
}

/** One of each JSON type, so there is always one the schema does not take. */
const EVERY_TYPE: readonly unknown[] = ['text', 42, 1.5, true, null, [], {}, [1, 'two'], { nested: { deeper: true } }];

function accepts(types: readonly string[], v: unknown): boolean {
  const t = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  if (types.includes(t)) return true;
  return t === 'number' && types.includes('integer') && Number.isInteger(v);
}

/** Values that break the schema right here (not in a child). */
function brokenHere(s: JsonSchema): fc.Arbitrary<unknown>[] {
  const out: fc.Arbitrary<unknown>[] = [];
  const types = typesOf(s);
  if (types.length > 0) {
    const wrong = EVERY_TYPE.filter((v) => !accepts(types, v));
    if (wrong.length > 0) out.push(fc.constantFrom(...wrong));
  }
  if (s.enum && s.enum.length > 0) out.push(fc.constantFrom('not-one-of-them', '', 'UNKNOWN'));
  if (types.includes('string')) {
    if (s.maxLength !== undefined) out.push(fc.constant('x'.repeat(s.maxLength + 1)));
    if (s.minLength !== undefined && s.minLength > 0) out.push(fc.constant('x'.repeat(s.minLength - 1)));
    if (s.format === 'uuid') out.push(fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-00000000000g', ''));
    if (s.format === 'date') out.push(fc.constantFrom('2024-02-30', '24-01-01', '2024-13-01', '0000-00-00'));
    if (s.format === 'date-time') out.push(fc.constantFrom('2024-01-01', '2024-01-01T25:00:00Z', 'yesterday'));
    if (s.format === 'email') out.push(fc.constantFrom('no-at-sign', '@example.com', 'a@'));
    if (s.pattern !== undefined) out.push(fc.constantFrom('', ' ', '\u0000', '💥', '../../etc/passwd'));
  }
  if (types.includes('integer') || types.includes('number')) {
    const bounds: number[] = [1e308, -1e308, -0, 2 ** 53 + 2, -(2 ** 63), 5e-324];
    if (s.maximum !== undefined) bounds.push(s.maximum + 1);
    if (s.exclusiveMaximum !== undefined) bounds.push(s.exclusiveMaximum);
    if (s.minimum !== undefined) bounds.push(s.minimum - 1);
    if (s.exclusiveMinimum !== undefined) bounds.push(s.exclusiveMinimum);
    if (types.includes('integer') && !types.includes('number')) bounds.push(1.5, 0.1);
    out.push(fc.constantFrom(...bounds));
  }
  if (types.includes('array')) {
    if (s.maxItems !== undefined && s.items)
      out.push(fc.array(validValue(s.items, 1), { minLength: s.maxItems + 1, maxLength: s.maxItems + 1 }));
    if (s.minItems !== undefined && s.minItems > 0) out.push(fc.constant([]));
  }
  return out;
}

/** A value that breaks the schema in one place: here, or in one property or item of it. */
export function invalidValue(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const here = brokenHere(s);
  const nested: fc.Arbitrary<unknown>[] = [];
  const properties = s.properties ?? {};
  if (depth < MAX_DEPTH && (typesOf(s).includes('object') || Object.keys(properties).length > 0)) {
    const whole = objectValue(s, depth);
    for (const key of s.required ?? []) {
      nested.push(
        whole.map((o) => {
          const { [key]: _gone, ...rest } = o;
          return rest;
        }),
      );
    }
    if (s.additionalProperties === false)
      nested.push(whole.map((o) => ({ ...o, unexpectedField: 'should be refused' })));
    for (const [key, child] of Object.entries(properties)) {
      nested.push(fc.tuple(whole, invalidValue(child, depth + 1)).map(([o, bad]) => ({ ...o, [key]: bad })));
    }
  }
  if (depth < MAX_DEPTH && s.items && typesOf(s).includes('array')) {
    nested.push(fc.tuple(validValue(s.items, depth + 1), invalidValue(s.items, depth + 1)).map(([a, b]) => [a, b]));
  }
  const all = [...here, ...nested];
  return all.length > 0 ? fc.oneof(...all) : fc.constantFrom(...EVERY_TYPE);
}
