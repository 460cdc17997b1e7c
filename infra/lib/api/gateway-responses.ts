/**
 * What the primary gateway answers when API Gateway itself, not a service, answers (issue 17
 * "Response filtering": error bodies without internals). API Gateway's default gateway responses
 * build their body from `$context.error.message`, which for some errors names internals: a
 * resource policy's denial names the API's ARN (with the account id), an authorizer or
 * configuration failure describes the configuration. Each response here has a fixed body instead:
 * API Gateway's own default message for the errors a caller can act on (the messages the local
 * emulator answers with, local/api-gateway/src/api-gateway-errors.ts), the platform's error shape
 * for request validation, and one "Internal server error" for every 5xx. Status codes stay
 * API Gateway's. 4xx types not listed keep the default body, which describes the caller's own request.
 *
 * Headers a service sends pass an HTTP_PROXY integration unchanged, and API Gateway REST maps no
 * response header for proxy integrations, so removing `x-dwp-*`, `server` and `x-powered-by` from
 * services' answers is not done here.
 */
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { pascal } from '../naming.ts';

/** The platform's error shape for a request API Gateway's validator refused (as the emulator's). */
export const REQUEST_VALIDATION_BODY = JSON.stringify({
  error: { code: 'GW_ERR_REQUEST_VALIDATION', message: 'Request validation failed', details: [] },
});

/** Every 5xx API Gateway answers itself: nothing about the cause. */
export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

/** The body of each gateway response type the platform fixes, by type. */
export const GATEWAY_RESPONSE_BODIES: ReadonlyMap<apigateway.ResponseType, string> = new Map([
  [apigateway.ResponseType.UNAUTHORIZED, message('Unauthorized')],
  [apigateway.ResponseType.ACCESS_DENIED, message('User is not authorized to access this resource')],
  [apigateway.ResponseType.MISSING_AUTHENTICATION_TOKEN, message('Missing Authentication Token')],
  [apigateway.ResponseType.WAF_FILTERED, message('Forbidden')],
  [apigateway.ResponseType.THROTTLED, message('Too Many Requests')],
  [apigateway.ResponseType.QUOTA_EXCEEDED, message('Limit Exceeded')],
  [apigateway.ResponseType.BAD_REQUEST_BODY, REQUEST_VALIDATION_BODY],
  [apigateway.ResponseType.BAD_REQUEST_PARAMETERS, REQUEST_VALIDATION_BODY],
  [apigateway.ResponseType.INTEGRATION_TIMEOUT, message('Endpoint request timed out')],
  [apigateway.ResponseType.INTEGRATION_FAILURE, message(INTERNAL_ERROR_MESSAGE)],
  [apigateway.ResponseType.DEFAULT_5XX, message(INTERNAL_ERROR_MESSAGE)],
]);

function message(text: string): string {
  return JSON.stringify({ message: text });
}

/** Gives the API a gateway response per fixed type, its body as a JSON mapping template. */
export function addGatewayResponses(api: apigateway.RestApi): void {
  for (const [type, body] of GATEWAY_RESPONSE_BODIES)
    // `DEFAULT_5XX` -> `Default5xx`: the construct id, stable while the type is.
    api.addGatewayResponse(pascal(type.responseType.toLowerCase()), { type, templates: { 'application/json': body } });
}
