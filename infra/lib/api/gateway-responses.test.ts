import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { dwp } from '@dwp/platforms/dwp';
import { physicalName } from '../naming.ts';
import { stackName, synthesised } from '../testing/synthesised.ts';
import { GATEWAY_RESPONSE_BODIES, INTERNAL_ERROR_MESSAGE, REQUEST_VALIDATION_BODY } from './gateway-responses.ts';

const synth = synthesised();
type Resource = { Type: string; Properties: Record<string, unknown> };

describe('the bodies API Gateway answers with itself', () => {
  it('say nothing of the cause of a 5xx', () => {
    for (const type of [apigateway.ResponseType.DEFAULT_5XX, apigateway.ResponseType.INTEGRATION_FAILURE])
      assert.deepEqual(JSON.parse(GATEWAY_RESPONSE_BODIES.get(type)!), { message: INTERNAL_ERROR_MESSAGE });
  });

  it("give a refused request the platform's error shape", () => {
    for (const type of [apigateway.ResponseType.BAD_REQUEST_BODY, apigateway.ResponseType.BAD_REQUEST_PARAMETERS])
      assert.equal(GATEWAY_RESPONSE_BODIES.get(type), REQUEST_VALIDATION_BODY);
    assert.deepEqual(Object.keys((JSON.parse(REQUEST_VALIDATION_BODY) as { error: object }).error), [
      'code',
      'message',
      'details',
    ]);
  });
});

for (const environment of dwp.environments) {
  const api = stackName(environment.name, 'Api');
  const resources = () => synth.template(api).toJSON().Resources as Record<string, Resource>;

  describe(`dwp-internal-api's gateway responses in the ${environment.name} environment`, () => {
    it('has a fixed body for each type the platform fixes, on the internal API, and no other', () => {
      const internalApi = Object.entries(resources()).find(
        ([, r]) =>
          r.Type === 'AWS::ApiGateway::RestApi' &&
          r.Properties.Name === physicalName(environment, dwp.gateways.primary!.name),
      );
      assert.ok(internalApi, 'no internal API');
      const responses = Object.values(resources()).filter((r) => r.Type === 'AWS::ApiGateway::GatewayResponse');
      assert.deepEqual(
        responses.map((r) => r.Properties.ResponseType).sort(),
        [...GATEWAY_RESPONSE_BODIES.keys()].map((t) => t.responseType).sort(),
      );
      for (const r of responses) {
        assert.deepEqual(r.Properties.RestApiId, { Ref: internalApi[0] });
        const type = [...GATEWAY_RESPONSE_BODIES.keys()].find((t) => t.responseType === r.Properties.ResponseType)!;
        assert.deepEqual(r.Properties.ResponseTemplates, { 'application/json': GATEWAY_RESPONSE_BODIES.get(type) });
      }
    });

    it("interpolates nothing of API Gateway's context (error messages, ARNs, account) into a body", () => {
      const templates = Object.values(resources())
        .filter((r) => r.Type === 'AWS::ApiGateway::GatewayResponse')
        .map((r) => JSON.stringify(r.Properties.ResponseTemplates));
      assert.ok(templates.length > 0);
      for (const t of templates) assert.doesNotMatch(t, /\$context|\$input|\$util/);
    });
  });
}
