/**
 * One reading of "no body" for the service and the gateways in front of it: a request with no
 * body, or an empty one sent as JSON, is a request without a body. The route's body schema then
 * decides: `.default({})` or `.optional()` takes it, anything else refuses it with the usual 400.
 * Fastify alone would refuse the empty JSON body outright and hand the schema `null` for a
 * missing one, while the gateways' OpenAPI check (and the document itself) read both as absent.
 */
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { ValidationError } from '@dwp/service-errors';

/** Fastify's body validator, given `undefined` (not `null`) when no body came. */
export const bodyAwareValidatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const validate = validatorCompiler(route);
  if (route.httpPart !== 'body') return validate;
  return (data) => validate(data === null ? undefined : data);
};

/**
 * Replaces Fastify's JSON parser with one that reads an empty body as none. A literal `null`
 * is refused here, so that `null` at the validator can only mean "no body"; the same strict
 * prototype-poisoning checks as Fastify's own parser apply to everything else.
 */
export function parseJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // parseAs 'string' hands over a string; Fastify's type allows a Buffer too.
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') {
      done(null, undefined);
      return;
    }
    void parse(request, text, (err, value: unknown) => {
      if (err) done(err, undefined);
      else if (value === null)
        done(new ValidationError('Request validation failed', [{ path: 'body', message: 'must not be null' }]));
      else done(null, value);
    });
  });
}
