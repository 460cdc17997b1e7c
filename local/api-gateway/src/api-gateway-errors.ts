/**
 * The bodies API Gateway REST answers with when it, not the integration, answers the request.
 * Clients of the real API Gateway see `{"message": ...}`, so local clients do too.
 */
import type { FastifyReply } from 'fastify';

export const GATEWAY_RESPONSES = {
  missingAuthenticationToken: { status: 404, message: 'Missing Authentication Token' },
  unauthorized: { status: 401, message: 'Unauthorized' },
  accessDenied: { status: 403, message: 'User is not authorized to access this resource' },
  forbidden: { status: 403, message: 'Forbidden' },
  throttled: { status: 429, message: 'Too Many Requests' },
  quotaExceeded: { status: 429, message: 'Limit Exceeded' },
  serviceUnavailable: { status: 503, message: 'Service Unavailable' },
  integrationTimeout: { status: 504, message: 'Endpoint request timed out' },
  integrationFailure: { status: 502, message: 'Internal server error' },
} as const;

export type GatewayResponseKind = keyof typeof GATEWAY_RESPONSES;

/** Request validation failures keep the platform's error shape so callers see the failing fields. */
export const REQUEST_VALIDATION_CODE = 'GW_ERR_REQUEST_VALIDATION';

export function answer(reply: FastifyReply, kind: GatewayResponseKind): FastifyReply {
  const r = GATEWAY_RESPONSES[kind];
  return reply.code(r.status).header('x-amzn-errortype', kind).send({ message: r.message });
}
