/** OpenAPI 3.1 generated from the route schemas, served as JSON at /docs/json and as a UI at /docs. */
import swagger, { type SwaggerTransform, type SwaggerTransformObject } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';

export interface DocsOptions {
  readonly title: string;
  readonly description: string;
  readonly version: string;
}

/**
 * Marks, between the per-route transform and the whole-document one, an operation whose body
 * schema accepts no body at all. @fastify/swagger copies `x-` keys of a route schema onto the
 * operation.
 */
const OPTIONAL_BODY = 'x-dwp-body-optional';

/**
 * @fastify/swagger says every body is required, but a zod body with `.default({})` or
 * `.optional()` takes a request with none; the gateways enforce what the document says, so the
 * document must say what the service really accepts.
 */
/** Typed as always there, but a route declared without a schema has none. */
const bodySchemaOf = (schema: FastifySchema | undefined): unknown => schema?.body;

const transform: SwaggerTransform = (input) => {
  const out = jsonSchemaTransform(input);
  const body = bodySchemaOf(input.schema);
  if (body instanceof z.ZodType && body.safeParse(undefined).success)
    return { ...out, schema: { ...out.schema, [OPTIONAL_BODY]: true } };
  return out;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalBodiesNotRequired: SwaggerTransformObject = (document) => {
  if (!('openapiObject' in document)) return document.swaggerObject;
  const { openapiObject } = document;
  const paths: unknown = openapiObject.paths;
  if (!isRecord(paths)) return openapiObject;
  for (const item of Object.values(paths)) {
    if (!isRecord(item)) continue;
    for (const op of Object.values(item)) {
      if (!isRecord(op) || !(OPTIONAL_BODY in op)) continue;
      Reflect.deleteProperty(op, OPTIONAL_BODY);
      if (isRecord(op.requestBody)) op.requestBody.required = false;
    }
  }
  return openapiObject;
};

export const docsPlugin = fp<DocsOptions>(
  async (app: FastifyInstance, opts) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: opts.title, description: opts.description, version: opts.version },
        components: {
          schemas: {
            Error: {
              type: 'object',
              required: ['error'],
              properties: {
                error: {
                  type: 'object',
                  required: ['code', 'message'],
                  properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
                },
              },
            },
          },
        },
      },
      transform,
      transformObject: optionalBodiesNotRequired,
    });
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' }, staticCSP: true });
  },
  { name: '@dwp/service-kit/docs' },
);
