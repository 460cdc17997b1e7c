/**
 * Validates a request against a service's OpenAPI 3.1 document before the gateway forwards it:
 * path parameters, query parameters and the JSON body of the operation the request would reach.
 * Uses Ajv 8 with ajv-formats, the validator Fastify itself runs (@fastify/ajv-compiler), so the
 * gateway accepts exactly what the service's own route schemas accept. An operation the document
 * does not describe is left to the service (its 404 is its own to give).
 */
import AjvCompiler from '@fastify/ajv-compiler';
import { OpenApiDocumentError } from '../errors.ts';

export interface FieldProblem {
  /** `body.amountPence`, `query.page`, `params.claimId` */
  readonly path: string;
  readonly message: string;
}

export type ValidationOutcome =
  { readonly ok: true } | { readonly ok: false; readonly details: readonly FieldProblem[] };

export const VALID: ValidationOutcome = Object.freeze({ ok: true });

export interface RequestToValidate {
  readonly method: string;
  /** Path as the service sees it, without the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, unknown>>;
  readonly contentType: string | undefined;
  readonly body: Buffer | undefined;
}

interface AjvError {
  readonly instancePath: string;
  readonly message?: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
}
type ValidateFn = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
interface AjvLike {
  compile(schema: object): ValidateFn;
}

interface Operation {
  readonly segments: readonly (string | { readonly param: string })[];
  readonly params: ValidateFn | undefined;
  readonly query: ValidateFn | undefined;
  readonly body: { readonly validate: ValidateFn; readonly required: boolean } | undefined;
}

interface OpenApiParameter {
  name?: unknown;
  in?: unknown;
  required?: unknown;
  schema?: unknown;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\b/i;

/** One Ajv per mode, shared by every document: compiling is the costly part, instances are not. */
let ajvs: { strict: AjvLike; coercing: AjvLike } | undefined;
function ajv(): { strict: AjvLike; coercing: AjvLike } {
  if (!ajvs) {
    const build = AjvCompiler();
    const make = (coerceTypes: boolean | 'array'): AjvLike => {
      let instance: AjvLike | undefined;
      build(
        {},
        {
          customOptions: { coerceTypes, allErrors: true, strict: false, removeAdditional: false, useDefaults: false },
          onCreate: (a) => void (instance = a as unknown as AjvLike),
        },
      );
      return instance!;
    };
    // Bodies are JSON and keep their types; path and query values arrive as strings, as Fastify coerces them.
    ajvs = { strict: make(false), coercing: make('array') };
  }
  return ajvs;
}

function stripSchemaDialect(schema: unknown): object {
  if (typeof schema !== 'object' || schema === null) return {};
  const { $schema: _dialect, ...rest } = schema as Record<string, unknown>;
  return rest;
}

/** One problem per field (a uuid failing both `format` and `pattern` is named once). */
function problems(context: string, errors: readonly AjvError[] | null | undefined): FieldProblem[] {
  const out = new Map<string, FieldProblem>();
  for (const e of errors ?? []) {
    const at = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const missing =
      e.keyword === 'required' && typeof e.params.missingProperty === 'string' ? e.params.missingProperty : '';
    const path = [context, at, missing].filter(Boolean).join('.');
    if (!out.has(path)) out.set(path, { path, message: e.message ?? 'is invalid' });
  }
  return [...out.values()];
}

function objectSchema(params: readonly OpenApiParameter[]): object | undefined {
  if (params.length === 0) return undefined;
  const properties: Record<string, object> = {};
  const required: string[] = [];
  for (const p of params) {
    const name = String(p.name);
    properties[name] = stripSchemaDialect(p.schema);
    if (p.required === true) required.push(name);
  }
  return { type: 'object', properties, required };
}

export class OpenApiValidator {
  readonly #byMethod = new Map<string, Operation[]>();

  /** @throws {@link OpenApiDocumentError} if the document is not an OpenAPI object with paths */
  constructor(service: string, document: unknown) {
    if (
      typeof document !== 'object' ||
      document === null ||
      typeof (document as { paths?: unknown }).paths !== 'object'
    ) {
      throw new OpenApiDocumentError(service, 'the OpenAPI document has no paths object');
    }
    const { strict, coercing } = ajv();
    const paths = (document as { paths: Record<string, Record<string, unknown>> }).paths;
    for (const [template, item] of Object.entries(paths)) {
      const segments = template
        .split('/')
        .filter(Boolean)
        .map((s) => {
          const m = /^\{(.+)\}$/.exec(s);
          return m ? { param: m[1]! } : s;
        });
      for (const method of METHODS) {
        const op = item[method] as
          | {
              parameters?: OpenApiParameter[];
              requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
            }
          | undefined;
        if (!op) continue;
        const parameters = [...((item.parameters as OpenApiParameter[] | undefined) ?? []), ...(op.parameters ?? [])];
        const pathSchema = objectSchema(parameters.filter((p) => p.in === 'path'));
        const querySchema = objectSchema(parameters.filter((p) => p.in === 'query'));
        const json = op.requestBody?.content?.['application/json']?.schema;
        try {
          const compiled: Operation = {
            segments,
            params: pathSchema ? coercing.compile(pathSchema) : undefined,
            query: querySchema ? coercing.compile(querySchema) : undefined,
            body: json
              ? { validate: strict.compile(stripSchemaDialect(json)), required: op.requestBody?.required === true }
              : undefined,
          };
          const list = this.#byMethod.get(method.toUpperCase()) ?? [];
          list.push(compiled);
          this.#byMethod.set(method.toUpperCase(), list);
        } catch (err) {
          throw new OpenApiDocumentError(service, `${method.toUpperCase()} ${template}: ${(err as Error).message}`);
        }
      }
    }
    // Literal segments before parameters, as Fastify's router prefers them.
    for (const list of this.#byMethod.values()) {
      list.sort(
        (a, b) =>
          b.segments.filter((s) => typeof s === 'string').length -
          a.segments.filter((s) => typeof s === 'string').length,
      );
    }
  }

  validate(req: RequestToValidate): ValidationOutcome {
    const list = this.#byMethod.get(req.method);
    if (!list) return VALID;
    const parts = req.path.split('/').filter(Boolean);
    for (const op of list) {
      const params = matchPath(op.segments, parts);
      if (!params) continue;
      return this.#check(op, params, req);
    }
    return VALID;
  }

  #check(op: Operation, params: Record<string, string>, req: RequestToValidate): ValidationOutcome {
    const details: FieldProblem[] = [];
    if (op.params && !op.params(params)) details.push(...problems('params', op.params.errors));
    if (op.query) {
      const query = { ...req.query };
      if (!op.query(query)) details.push(...problems('querystring', op.query.errors));
    }
    if (op.body) {
      const empty = req.body === undefined || req.body.length === 0;
      if (empty) {
        if (op.body.required) details.push({ path: 'body', message: 'is required' });
      } else if (req.contentType === undefined || JSON_TYPE.test(req.contentType)) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(req.body.toString('utf8'));
        } catch {
          details.push({ path: 'body', message: 'is not valid JSON' });
          return { ok: false, details };
        }
        if (!op.body.validate(parsed)) details.push(...problems('body', op.body.validate.errors));
      }
    }
    return details.length === 0 ? VALID : { ok: false, details };
  }
}

function matchPath(segments: Operation['segments'], parts: readonly string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (typeof seg === 'string') {
      if (seg !== parts[i]) return undefined;
      continue;
    }
    try {
      params[seg.param] = decodeURIComponent(parts[i]!);
    } catch {
      params[seg.param] = parts[i]!;
    }
  }
  return params;
}
