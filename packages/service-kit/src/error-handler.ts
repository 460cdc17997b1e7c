/** Turns every error, including Fastify's and schema failures, into the one JSON error shape. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import {
  FASTIFY_CLIENT_ERRORS,
  ServiceError,
  UnavailableError,
  ValidationError,
  type ErrorBody,
} from '@dwp/service-errors';
import { markSpanFailed } from '@dwp/telemetry';
import { STORE_RETRY_AFTER_S, isStoreUnavailable } from './store-unavailable.ts';

function fieldPath(instancePath: string, context: string | undefined): string {
  const path = instancePath.replace(/^\//, '').replace(/\//g, '.');
  return [context, path].filter(Boolean).join('.');
}

/** What reaches the handler: Fastify's own errors carry a code and a status; whatever else a route throws may not. */
type HandledError = Error & Partial<Pick<FastifyError, 'code' | 'statusCode'>>;

/** Sends the error and records its code on the request's span, so a trace shows why it failed. */
function answer(request: FastifyRequest, reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  markSpanFailed(request.span, body.error.code, status, body.error.message);
  return reply.code(status).send(body);
}

export function errorHandler(err: HandledError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof ServiceError) {
    // A 5xx of our own is still a fault to look into: the body tells the caller little.
    if (err.statusCode >= 500) request.log.warn({ err: { code: err.code, message: err.message } }, 'service error');
    return answer(request, reply, err.statusCode, err.toBody());
  }

  if (hasZodFastifySchemaValidationErrors(err)) {
    // fastify-type-provider-zod types these by `fastify/types/schema`, which fastify's exports do not
    // resolve: the fields read here are spelled out (FastifySchemaValidationError's).
    const details = err.validation.map((v: { readonly instancePath: string; readonly message?: string }) => ({
      path: fieldPath(v.instancePath, err.validationContext),
      message: v.message ?? 'is invalid',
    }));
    return answer(request, reply, 400, new ValidationError('Request validation failed', details).toBody());
  }

  const known = err.code ? FASTIFY_CLIENT_ERRORS[err.code] : undefined;
  if (known) {
    return answer(request, reply, known.status, { error: { code: known.code, message: known.message } });
  }

  if (!isResponseSerializationError(err) && err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return answer(request, reply, err.statusCode, {
      error: { code: err.code ?? 'SVC_ERR_BAD_REQUEST', message: err.message },
    });
  }

  if (isStoreUnavailable(err)) {
    request.log.warn({ err }, 'a data store is unreachable');
    reply.header('retry-after', String(STORE_RETRY_AFTER_S));
    return answer(request, reply, 503, new UnavailableError('A data store is unavailable; try again shortly').toBody());
  }

  request.log.error({ err }, 'unhandled error');
  request.span?.recordException(err);
  const body: ErrorBody = {
    error: { code: 'SVC_ERR_INTERNAL', message: 'Something went wrong on our side; try again later' },
  };
  return answer(request, reply, err.statusCode && err.statusCode >= 500 ? err.statusCode : 500, body);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const body: ErrorBody = {
    error: { code: 'SVC_ERR_ROUTE_NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}` },
  };
  return reply.code(404).send(body);
}
