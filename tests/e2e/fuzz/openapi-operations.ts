/**
 * The operations a service's OpenAPI document describes, read into what the fuzzer needs: the
 * method, the path template, the schemas of its path and query parameters and of its JSON body,
 * and the media types it consumes. The document comes over HTTP, so it is parsed, not trusted;
 * `$ref`s are resolved against its own components.
 */
import { z } from 'zod';

/** The part of JSON Schema (2020-12, as zod and @fastify/swagger write it) that the generators read. */
export interface JsonSchema {
  readonly type?: string | readonly string[] | undefined;
  readonly properties?: Readonly<Record<string, JsonSchema>> | undefined;
  readonly required?: readonly string[] | undefined;
  readonly additionalProperties?: boolean | JsonSchema | undefined;
  readonly items?: JsonSchema | undefined;
  readonly prefixItems?: readonly JsonSchema[] | undefined;
  readonly enum?: readonly unknown[] | undefined;
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[] | undefined;
  readonly oneOf?: readonly JsonSchema[] | undefined;
  readonly allOf?: readonly JsonSchema[] | undefined;
  readonly format?: string | undefined;
  readonly pattern?: string | undefined;
  readonly minLength?: number | undefined;
  readonly maxLength?: number | undefined;
  readonly minimum?: number | undefined;
  readonly maximum?: number | undefined;
  readonly exclusiveMinimum?: number | undefined;
  readonly exclusiveMaximum?: number | undefined;
  readonly minItems?: number | undefined;
  readonly maxItems?: number | undefined;
  readonly $ref?: string | undefined;
}

const jsonSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.looseObject({
    type: z.union([z.string(), z.array(z.string())]).optional(),
    properties: z.record(z.string(), jsonSchema).optional(),
    required: z.array(z.string()).optional(),
    additionalProperties: z.union([z.boolean(), jsonSchema]).optional(),
    items: jsonSchema.optional(),
    prefixItems: z.array(jsonSchema).optional(),
    enum: z.array(z.unknown()).optional(),
    const: z.unknown().optional(),
    anyOf: z.array(jsonSchema).optional(),
    oneOf: z.array(jsonSchema).optional(),
    allOf: z.array(jsonSchema).optional(),
    format: z.string().optional(),
    pattern: z.string().optional(),
    minLength: z.number().optional(),
    maxLength: z.number().optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    exclusiveMinimum: z.number().optional(),
    exclusiveMaximum: z.number().optional(),
    minItems: z.number().optional(),
    maxItems: z.number().optional(),
    $ref: z.string().optional(),
  }),
);

const parameter = z.looseObject({
  name: z.string(),
  in: z.string(),
  required: z.boolean().optional(),
  schema: jsonSchema.optional(),
});

const operationObject = z.looseObject({
  parameters: z.array(parameter).optional(),
  requestBody: z
    .looseObject({
      required: z.boolean().optional(),
      content: z.record(z.string(), z.looseObject({ schema: jsonSchema.optional() })).optional(),
    })
    .optional(),
});

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const UPPER = { get: 'GET', put: 'PUT', post: 'POST', delete: 'DELETE', patch: 'PATCH' } as const;

const document = z.looseObject({
  paths: z.record(z.string(), z.looseObject(Object.fromEntries(METHODS.map((m) => [m, operationObject.optional()])))),
  components: z.looseObject({ schemas: z.record(z.string(), jsonSchema).optional() }).optional(),
});

export interface Parameter {
  readonly name: string;
  readonly required: boolean;
  readonly schema: JsonSchema;
}

export interface Operation {
  readonly service: string;
  readonly method: (typeof UPPER)[(typeof METHODS)[number]];
  /** As the document writes it: `/claims/claims/{claimId}/notes`. */
  readonly template: string;
  readonly pathParams: readonly Parameter[];
  readonly query: readonly Parameter[];
  readonly headers: readonly Parameter[];
  /** The JSON body's schema, when the operation takes one. */
  readonly body: { readonly schema: JsonSchema; readonly required: boolean } | undefined;
  /** Every media type the operation consumes (JSON, or an upload's file types). */
  readonly consumes: readonly string[];
}

/** `GET /claims/claims/{claimId}`: how a report names an operation. */
export const operationName = (op: Pick<Operation, 'method' | 'template'>): string => `${op.method} ${op.template}`;

/** Replaces every `$ref` to `#/components/schemas/X` with X itself (documents here have no cycles). */
function resolveRefs(schema: JsonSchema, components: Readonly<Record<string, JsonSchema>>, depth = 0): JsonSchema {
  if (depth > 32) throw new Error('the OpenAPI document nests $refs more than 32 deep');
  const ref = schema.$ref;
  if (ref !== undefined) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
    const target = name === undefined ? undefined : components[name];
    if (!target) throw new Error(`the OpenAPI document refers to ${ref}, which it does not define`);
    return resolveRefs(target, components, depth + 1);
  }
  const each = (s: JsonSchema) => resolveRefs(s, components, depth + 1);
  return {
    ...schema,
    ...(schema.properties
      ? { properties: Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, each(v)])) }
      : {}),
    ...(typeof schema.additionalProperties === 'object'
      ? { additionalProperties: each(schema.additionalProperties) }
      : {}),
    ...(schema.items ? { items: each(schema.items) } : {}),
    ...(schema.prefixItems ? { prefixItems: schema.prefixItems.map(each) } : {}),
    ...(schema.anyOf ? { anyOf: schema.anyOf.map(each) } : {}),
    ...(schema.oneOf ? { oneOf: schema.oneOf.map(each) } : {}),
    ...(schema.allOf ? { allOf: schema.allOf.map(each) } : {}),
  };
}

/**
 * Every operation of a service's OpenAPI document except the platform's own endpoints (health,
 * metrics, the document itself), which every service shares and no user's request reaches.
 */
export function operationsOf(service: string, raw: unknown): Operation[] {
  const doc = document.parse(raw);
  const components = doc.components?.schemas ?? {};
  const resolve = (s: JsonSchema | undefined): JsonSchema => (s ? resolveRefs(s, components) : {});
  const out: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    if (/\/health$|^\/metrics|^\/docs/.test(template)) continue;
    for (const method of METHODS) {
      const op = operationObject.optional().parse(item[method]);
      if (!op) continue;
      const params = (where: string) =>
        (op.parameters ?? [])
          .filter((p) => p.in === where)
          .map((p) => ({ name: p.name, required: p.required === true, schema: resolve(p.schema) }));
      const content = op.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      out.push({
        service,
        method: UPPER[method],
        template,
        pathParams: params('path'),
        query: params('query'),
        headers: params('header'),
        body: json ? { schema: resolve(json), required: op.requestBody?.required === true } : undefined,
        consumes: Object.keys(content),
      });
    }
  }
  return out;
}
