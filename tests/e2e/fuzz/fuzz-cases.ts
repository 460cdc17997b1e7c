/**
 * The requests the fuzzer sends for one operation: generated ones (valid-ish values that reach the
 * handler, and values that break the operation's schemas in one place, in the path, the query or
 * the body) and a fixed set of nasty ones that every API has to survive: wrong content types,
 * invalid UTF-8, 1000-deep nesting, prototype keys, extreme numbers, 100 KB strings, empty and
 * `null` bodies, duplicate keys.
 */
import fc from 'fast-check';
import type { Operation, Parameter } from './openapi-operations.ts';
import { invalidValue, validValue } from './schema-values.ts';

export interface FuzzCase {
  /** What kind of case this is, for the counts: `valid`, `invalid-body`, `nasty:deep-nesting`... */
  readonly kind: string;
  readonly method: Operation['method'];
  /** The service's path and query, encoded as sent (the edge's `/api` comes in front). */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
}

/** Values that name real things (the seeded citizen's claim, its evidence...), by parameter name. */
export type KnownValues = Readonly<Record<string, readonly string[]>>;

const JSON_TYPE = 'application/json';
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/** Path segments a router, a decoder or a store might choke on; sent as they are (not encoded again). */
const NASTY_SEGMENTS = [
  '%ZZ',
  '%',
  '%C0%AF',
  '%FF%FE',
  '%00',
  '%2F..%2F..%2Fetc%2Fpasswd',
  '..',
  '__proto__',
  'constructor',
  'prototype',
  '-1',
  '1e308',
  '0x10',
  'null',
  'undefined',
  '%F0%9F%92%A5',
  'a'.repeat(2000),
  '%20',
  '%E2%80%AE',
];

/** Query strings that break parsers rather than schemas. */
const NASTY_QUERIES = [
  '__proto__[polluted]=1',
  '__proto__.polluted=1',
  'constructor[prototype][polluted]=1',
  'limit=1&limit=2',
  'limit=1e308',
  'limit=-0',
  'limit=99999999999999999999999999',
  'limit=0x10',
  'cursor=%ZZ',
  'cursor=%C0%AF',
  'cursor=%00',
  `cursor=${'a'.repeat(4000)}`,
  `cursor=${'b'.repeat(20_000)}`,
  'state[]=draft',
  'limit[$gt]=0',
];

function segmentOf(p: Parameter, known: KnownValues): fc.Arbitrary<string> {
  const real = known[p.name] ?? [];
  const generated = validValue(p.schema).map(String);
  const valid = real.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...real) }, generated) : generated;
  return valid.map(encodeURIComponent);
}

function pathWith(op: Operation, values: Readonly<Record<string, string>>): string {
  return op.template.replace(/\{([^}]+)\}/g, (_m, name: string) => values[name] ?? 'missing');
}

const asQueryValue = (v: unknown): string[] =>
  v === undefined
    ? []
    : Array.isArray(v)
      ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))
      : [typeof v === 'string' ? v : JSON.stringify(v)];

function queryString(values: Readonly<Record<string, unknown>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) for (const each of asQueryValue(v)) q.append(k, each);
  const text = q.toString();
  return text ? `?${text}` : '';
}

const querySchemaOf = (op: Operation) => ({
  type: 'object',
  properties: Object.fromEntries(op.query.map((p) => [p.name, p.schema])),
  required: op.query.filter((p) => p.required).map((p) => p.name),
});

const pathsArb = (op: Operation, known: KnownValues): fc.Arbitrary<Record<string, string>> =>
  fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, segmentOf(p, known)])));

const validQuery = (op: Operation, known: KnownValues): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(
    Object.fromEntries(
      op.query.map((p) => {
        const real = known[p.name] ?? [];
        const generated = validValue(p.schema);
        return [p.name, real.length > 0 ? fc.oneof(fc.constantFrom(...real), generated) : generated];
      }),
    ),
    { requiredKeys: op.query.filter((p) => p.required).map((p) => p.name) },
  );

/** Headers an operation declares: a fresh Idempotency-Key, say, so a valid write is really tried. */
function declaredHeaders(op: Operation, n: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of op.headers) {
    if (h.name === 'idempotency-key') out[h.name] = `fuzz-${n.toString(36)}-${op.method.toLowerCase()}`;
  }
  return out;
}

const jsonBody = (value: unknown) => ({ contentType: JSON_TYPE, body: utf8(JSON.stringify(value)) });

/** The media types of an operation that takes a file's bytes rather than JSON (an evidence upload). */
const fileTypesOf = (op: Operation) => op.consumes.filter((t) => !/json/i.test(t));

/** Starts of real files (PDF, PNG, JPEG), so an upload is read as one and goes on to be stored. */
const MAGIC: readonly (readonly number[])[] = [
  [...Buffer.from('%PDF-1.7\n')],
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  [0xff, 0xd8, 0xff, 0xe0],
];

/** File bodies: a real file's start followed by anything, bare random bytes, an empty or a one-byte file. */
const fileBody = (types: readonly string[]): fc.Arbitrary<{ contentType: string; body: Uint8Array }> =>
  fc
    .tuple(
      fc.constantFrom(...types),
      fc.oneof(
        fc.tuple(fc.constantFrom(...MAGIC), fc.uint8Array({ maxLength: 2048 })).map(([m, rest]) => [...m, ...rest]),
        fc.uint8Array({ maxLength: 2048 }).map((b) => [...b]),
        fc.constantFrom<number[]>([], [0x25], [...Buffer.from('%PDF-')]),
      ),
    )
    .map(([contentType, bytes]) => ({ contentType, body: new Uint8Array(bytes) }));

/**
 * The generated cases of an operation, `count` of them, by weight: mostly valid-ish (so the
 * handler runs), then one broken place in the body, the query or the path, and arbitrary JSON.
 */
export function generatedCases(op: Operation, known: KnownValues, seed: number, count: number): FuzzCase[] {
  const body = op.body;
  const paths = pathsArb(op, known);
  const query = validQuery(op, known);
  const files = fileTypesOf(op);
  const bodyOk: fc.Arbitrary<unknown> = body
    ? validValue(body.schema)
    : files.length > 0
      ? fileBody(files)
      : fc.constant(undefined);
  type Parts = readonly [string, Record<string, string>, Record<string, unknown>, unknown];
  const parts = (
    kind: string,
    p: fc.Arbitrary<Record<string, string>>,
    q: fc.Arbitrary<Record<string, unknown>>,
    b: fc.Arbitrary<unknown>,
  ): fc.Arbitrary<Parts> => fc.tuple(fc.constant(kind), p, q, b);
  const options: Array<{ weight: number; arbitrary: fc.Arbitrary<Parts> }> = [
    { weight: 4, arbitrary: parts('valid', paths, query, bodyOk) },
  ];
  if (body)
    options.push(
      { weight: 3, arbitrary: parts('invalid-body', paths, query, invalidValue(body.schema)) },
      { weight: 1, arbitrary: parts('random-json-body', paths, query, fc.jsonValue({ maxDepth: 4 })) },
    );
  if (op.query.length > 0)
    options.push({
      weight: 2,
      arbitrary: parts('invalid-query', paths, invalidValue(querySchemaOf(op)).map(asRecord), bodyOk),
    });
  if (op.pathParams.length > 0) {
    const broken = fc.record(
      Object.fromEntries(
        op.pathParams.map((p) => [
          p.name,
          fc.oneof(
            fc.constantFrom(...NASTY_SEGMENTS),
            invalidValue(p.schema).map((v) => encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))),
          ),
        ]),
      ),
    );
    options.push({ weight: 2, arbitrary: parts('invalid-path', broken, query, bodyOk) });
  }
  return fc.sample(fc.oneof(...options), { seed, numRuns: count }).map(([kind, p, q, b], n) => {
    const headers: Record<string, string> = declaredHeaders(op, seed + n);
    const sent = b === undefined ? undefined : body ? jsonBody(b) : files.length > 0 ? asFile(b) : undefined;
    if (sent) headers['content-type'] = sent.contentType;
    return {
      kind,
      method: op.method,
      path: `${pathWith(op, p)}${queryString(q)}`,
      headers,
      ...(sent ? { body: sent.body } : {}),
    };
  });
}

/** A file body as fileBody made it (typed back from the tuple that carries every kind of body). */
function asFile(v: unknown): { contentType: string; body: Uint8Array } {
  if (typeof v === 'object' && v !== null && 'contentType' in v && 'body' in v) {
    const { contentType, body } = v;
    if (typeof contentType === 'string' && body instanceof Uint8Array) return { contentType, body };
  }
  throw new Error('an upload case carries no file');
}

const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...v } : { value: v };

function deepNesting(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Raw JSON texts a strict parser, a schema or a store may mishandle. */
const NASTY_JSON: ReadonlyArray<readonly [string, string]> = [
  ['deep-object-nesting', deepNesting(1000)],
  ['deep-array-nesting', `${'['.repeat(1000)}${']'.repeat(1000)}`],
  ['deeper-nesting-100k', deepNesting(100_000)],
  ['proto-key', '{"__proto__":{"polluted":true,"isAdmin":true}}'],
  ['constructor-prototype', '{"constructor":{"prototype":{"polluted":true}}}'],
  ['huge-float', '{"amountPence":1e308,"value":1e308}'],
  ['overflow-float', '{"amountPence":1e400}'],
  ['negative-zero', '{"amountPence":-0,"value":-0}'],
  ['huge-integer', '{"amountPence":123456789012345678901234567890,"limit":9007199254740993}'],
  ['null', 'null'],
  ['empty-object', '{}'],
  ['empty-array', '[]'],
  ['bare-string', '"text"'],
  ['bare-number', '42'],
  ['duplicate-keys', '{"benefit":"universal-credit","benefit":{"nested":true}}'],
  ['nul-escape', '{"name":"a\\u0000b","reason":"\\u0000","body":"\\u0000","answers":{"k":"\\u0000"}}'],
  ['lone-surrogate', '{"name":"\\ud800","reason":"\\udfff","body":"\\ud83d","answers":{"k":"\\ud800"}}'],
  ['trailing-garbage', '{"a":1} trailing'],
  ['truncated', '{"a":'],
  ['bom-prefixed', '\ufeff{}'],
];

/** Bytes that are not UTF-8 (a lone continuation, an overlong slash, a UTF-16 surrogate) inside a JSON text. */
const BAD_UTF8 = [0xff, 0xfe, 0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80];

/** A valid body with one more field whose string is not UTF-8; a non-object body is wrapped. */
function withBadBytes(validJson: string): Uint8Array {
  const rest = validJson.startsWith('{') && validJson !== '{}' ? `,${validJson.slice(1)}` : '}';
  return new Uint8Array([...Buffer.from('{"x":"'), ...BAD_UTF8, ...Buffer.from(`"${rest}`)]);
}

/** A valid-ish body with every string replaced (by a long one, one with a NUL...), so each field gets it. */
function everyString(value: unknown, replacement: string): unknown {
  if (typeof value === 'string') return replacement;
  if (Array.isArray(value)) return value.map((v) => everyString(v, replacement));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, everyString(v, replacement)]));
  return value;
}

/** everyString, or, for a body with no string in it, the body with one more field holding the string. */
function withStrings(value: unknown, replacement: string): string {
  const replaced = JSON.stringify(everyString(value, replacement));
  if (replaced.includes(JSON.stringify(replacement).slice(1, -1))) return replaced;
  const base = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  return JSON.stringify({ ...base, text: replacement });
}

/** The fixed nasty set for an operation: body nasties where it takes a body, query and path ones where it has them. */
export function nastyCases(op: Operation, known: KnownValues, seed: number): FuzzCase[] {
  const [paths] = fc.sample(pathsArb(op, known), { seed, numRuns: 1 });
  const [query] = fc.sample(validQuery(op, known), { seed, numRuns: 1 });
  const path = pathWith(op, paths ?? {});
  const q = queryString(query ?? {});
  const headers = declaredHeaders(op, seed);
  const out: FuzzCase[] = [];
  const add = (kind: string, extra: Record<string, string>, body?: Uint8Array, at = `${path}${q}`) =>
    out.push({
      kind: `nasty:${kind}`,
      method: op.method,
      path: at,
      headers: { ...headers, ...extra },
      ...(body ? { body } : {}),
    });

  if (op.body) {
    const [sample] = fc.sample(validValue(op.body.schema), { seed, numRuns: 1 });
    const valid = JSON.stringify(sample ?? {});
    for (const [kind, text] of NASTY_JSON) add(kind, { 'content-type': JSON_TYPE }, utf8(text));
    add('long-strings-100k', { 'content-type': JSON_TYPE }, utf8(withStrings(sample, 'x'.repeat(100_000))));
    add('nul-in-every-string', { 'content-type': JSON_TYPE }, utf8(withStrings(sample, 'before\u0000after')));
    add('lone-surrogate-in-every-string', { 'content-type': JSON_TYPE }, utf8(withStrings(sample, 'half \ud83d')));
    add(
      'nul-key',
      { 'content-type': JSON_TYPE },
      utf8(`{"a\\u0000b":1,${valid.startsWith('{') && valid !== '{}' ? valid.slice(1) : '"x":1}'}`),
    );
    add('string-100k', { 'content-type': JSON_TYPE }, utf8(JSON.stringify({ value: 'y'.repeat(100_000) })));
    add(
      'invalid-utf8',
      { 'content-type': JSON_TYPE },
      new Uint8Array([...Buffer.from('{"name":"'), 0xff, 0xfe, 0xc0, 0xaf, ...Buffer.from('"}')]),
    );
    add('invalid-utf8-in-valid-body', { 'content-type': JSON_TYPE }, withBadBytes(valid));
    add('empty-body-json-type', { 'content-type': JSON_TYPE }, new Uint8Array());
    add('no-body', {});
    add('text-plain', { 'content-type': 'text/plain' }, utf8(valid));
    add('form-urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }, utf8('a=1&__proto__[x]=1'));
    add(
      'xml',
      { 'content-type': 'application/xml' },
      utf8('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'),
    );
    add(
      'multipart',
      { 'content-type': 'multipart/form-data; boundary=x' },
      utf8('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'),
    );
    add(
      'json-utf16',
      { 'content-type': 'application/json; charset=utf-16' },
      new Uint8Array(Buffer.from(valid, 'utf16le')),
    );
    add('no-content-type', {}, utf8(valid));
    add('garbage-content-type', { 'content-type': ';;;/;' }, utf8(valid));
    add('octet-stream', { 'content-type': 'application/octet-stream' }, new Uint8Array([0, 1, 2, 3, 0xff]));
  } else if (fileTypesOf(op).length > 0) {
    const [type] = fileTypesOf(op);
    add('file-empty', { 'content-type': type! }, new Uint8Array());
    add('file-json-as-file-type', { 'content-type': type! }, utf8('{"__proto__":{"polluted":true}}'));
    add('file-pdf-declared-png', { 'content-type': 'image/png' }, utf8('%PDF-1.7\n%%EOF\n'));
    add('file-html', { 'content-type': 'text/html' }, utf8('<script>alert(1)</script>'));
    add('file-json', { 'content-type': JSON_TYPE }, utf8('{"file":"%PDF-"}'));
    add('file-no-type', {}, utf8('%PDF-1.7\n'));
  } else {
    add('unexpected-json-body', { 'content-type': JSON_TYPE }, utf8('{"__proto__":{"polluted":true}}'));
  }
  for (const nq of NASTY_QUERIES) add(`query:${nq.slice(0, 24)}`, {}, undefined, `${path}?${nq}`);
  // Each declared query parameter with text no store keeps, or bytes that do not decode.
  for (const p of op.query) {
    for (const [kind, raw] of [
      ['nul', 'a%00b'],
      ['lone-surrogate', '%ED%A0%80'],
      ['truncated-utf8', '%F0%9F'],
    ] as const) {
      const others = new URLSearchParams(q.slice(1));
      others.delete(p.name);
      const rest = others.toString();
      add(
        `query-param:${kind}`,
        {},
        undefined,
        `${path}?${rest ? `${rest}&` : ''}${encodeURIComponent(p.name)}=${raw}`,
      );
    }
  }
  for (const p of op.pathParams) {
    for (const segment of NASTY_SEGMENTS) {
      add(`path:${segment.slice(0, 16)}`, {}, undefined, `${pathWith(op, { ...paths, [p.name]: segment })}${q}`);
    }
  }
  if (op.method === 'PATCH' || op.method === 'PUT') {
    add('if-match-garbage', { 'if-match': 'W/"unterminated' }, op.body ? utf8('{}') : undefined);
    add('if-match-huge', { 'if-match': `"${'9'.repeat(400)}"` }, op.body ? utf8('{}') : undefined);
  }
  return out;
}
