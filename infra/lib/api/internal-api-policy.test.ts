import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { z } from 'zod';
import { physicalName } from '../naming.ts';
import { environmentNamed } from '../platform-stacks.ts';
import { secretName } from '../secret-names.ts';
import { stackName, synthesised } from '../testing/synthesised.ts';
import { internalApiPolicy, methodResourceOf, ORIGIN_VERIFY_HEADER } from './internal-api-policy.ts';

const gateway = dwp.gateways.primary!;
const synth = synthesised();

const Statement = z.object({
  Sid: z.string(),
  Effect: z.enum(['Allow', 'Deny']),
  Principal: z.object({ AWS: z.literal('*') }),
  Action: z.literal('execute-api:Invoke'),
  Resource: z.union([z.string(), z.array(z.string())]),
  Condition: z.record(z.string(), z.record(z.string(), z.unknown())),
});
type Statement = z.output<typeof Statement>;

function policyOf(environment: string): Map<string, Statement> {
  const name = physicalName(environmentNamed(dwp, environment), gateway.name);
  const apis = synth
    .template(stackName(environment, 'Api'))
    .findResources('AWS::ApiGateway::RestApi', { Properties: { Name: name } });
  const [api, ...others] = Object.values(apis);
  assert.ok(api && others.length === 0, `one REST API named ${name}`);
  const policy = z.object({ Properties: z.object({ Policy: z.object({ Statement: z.array(Statement) }) }) }).parse(api)
    .Properties.Policy;
  return new Map(policy.Statement.map((s) => [s.Sid, s]));
}

function statement(policy: Map<string, Statement>, sid: string): Statement {
  const s = policy.get(sid);
  assert.ok(s, `the policy has statement ${sid}`);
  return s;
}

function resourcesOf(s: Statement): string[] {
  return (typeof s.Resource === 'string' ? [s.Resource] : s.Resource).toSorted();
}

/** The logical id of the origin secret in an environment's Api stack. */
function originSecretOf(environment: string): string {
  const name = secretName(dwp, environmentNamed(dwp, environment), 'cloudfront-origin-verify');
  const ids = Object.keys(
    synth
      .template(stackName(environment, 'Api'))
      .findResources('AWS::SecretsManager::Secret', { Properties: { Name: name } }),
  );
  assert.equal(ids.length, 1, `one secret named ${name}`);
  return ids[0]!;
}

const dynamicReferenceTo = (secretRef: unknown) => ({
  'Fn::Join': ['', ['{{resolve:secretsmanager:', secretRef, ':SecretString:::}}']],
});

describe('methodResourceOf', () => {
  it('matches any value of a path parameter, greedy or not, and any method for ANY', () => {
    assert.equal(methodResourceOf('prod', { method: 'ANY', path: '/claims/{proxy+}' }), 'execute-api:/prod/*/claims/*');
    assert.equal(
      methodResourceOf('prod', { method: 'POST', path: '/claims/claims/{claimId}/decision' }),
      'execute-api:/prod/POST/claims/claims/*/decision',
    );
    assert.equal(
      methodResourceOf('prod', { method: 'GET', path: '/citizen/health' }),
      'execute-api:/prod/GET/citizen/health',
    );
  });

  it('refuses to build a policy for a VPC with no NAT gateway, which could not reach the API', () => {
    assert.throws(
      () => internalApiPolicy({ gateway, originVerifyValue: 'x', vpcEgressCidrs: [] }),
      /no NAT gateway address/,
    );
  });
});

describe("the primary gateway's resource policy", () => {
  for (const environment of ['test', 'prod']) {
    const policy = policyOf(environment);
    const secret = dynamicReferenceTo({ Ref: originSecretOf(environment) });
    const routes = [...new Set(gateway.routes.map((r) => methodResourceOf(gateway.stage, r)))].toSorted();

    it(`has only the statements this test names (${environment})`, () => {
      assert.deepEqual([...policy.keys()].toSorted(), [
        'CallsFromTheVpc',
        'CloudFrontOriginRequests',
        'DenyEveryOtherSource',
        'DenyWithoutTls',
      ]);
    });

    it(`admits CloudFront by the origin secret in Referer, on exactly the definition's routes (${environment})`, () => {
      const s = statement(policy, 'CloudFrontOriginRequests');
      assert.equal(s.Effect, 'Allow');
      assert.deepEqual(s.Condition, { StringEquals: { 'aws:Referer': secret } });
      assert.deepEqual(resourcesOf(s), routes);
    });

    it(`admits calls from the VPC by its NAT gateways' addresses, one per NAT gateway (${environment})`, () => {
      const s = statement(policy, 'CallsFromTheVpc');
      assert.equal(s.Effect, 'Allow');
      assert.deepEqual(Object.keys(s.Condition), ['IpAddress']);
      const sources = z.array(z.unknown()).parse(s.Condition['IpAddress']?.['aws:SourceIp']);
      assert.equal(sources.length, environmentNamed(dwp, environment).natGateways);
      for (const source of sources) {
        const text = JSON.stringify(source);
        assert.match(text, /EIP.*PublicIp/, 'a NAT gateway Elastic IP from the Network stack');
        assert.match(text, /"\/32"/);
      }
      assert.deepEqual(resourcesOf(s), routes);
    });

    it(`denies, on every method, a request that neither carries the secret nor comes from the VPC (${environment})`, () => {
      const s = statement(policy, 'DenyEveryOtherSource');
      const vpc = statement(policy, 'CallsFromTheVpc');
      assert.equal(s.Effect, 'Deny');
      assert.deepEqual(resourcesOf(s), ['execute-api:/*']);
      assert.deepEqual(s.Condition, {
        StringNotEquals: { 'aws:Referer': secret },
        NotIpAddress: { 'aws:SourceIp': vpc.Condition['IpAddress']?.['aws:SourceIp'] },
      });
    });

    it(`denies every request not over TLS (${environment})`, () => {
      const s = statement(policy, 'DenyWithoutTls');
      assert.equal(s.Effect, 'Deny');
      assert.deepEqual(resourcesOf(s), ['execute-api:/*']);
      assert.deepEqual(s.Condition, { Bool: { 'aws:SecureTransport': 'false' } });
    });
  }
});

describe("CloudFront's origin requests", () => {
  const Origin = z.object({
    DomainName: z.unknown(),
    OriginCustomHeaders: z.array(z.object({ HeaderName: z.string(), HeaderValue: z.unknown() })).optional(),
  });
  const [distribution] = Object.values(
    synth.template(stackName('prod', 'Edge')).findResources('AWS::CloudFront::Distribution'),
  );
  const origins = z
    .object({ Properties: z.object({ DistributionConfig: z.object({ Origins: z.array(Origin) }) }) })
    .parse(distribution).Properties.DistributionConfig.Origins;
  const isApi = (o: z.output<typeof Origin>) => JSON.stringify(o.DomainName).includes('execute-api');

  it('carry the Api stack’s origin secret in Referer to the API, and only to the API', () => {
    const api = origins.filter(isApi);
    assert.equal(api.length, 1);
    const headers = api[0]!.OriginCustomHeaders ?? [];
    assert.deepEqual(
      headers.map((h) => h.HeaderName),
      [ORIGIN_VERIFY_HEADER],
    );
    const value = JSON.stringify(headers[0]!.HeaderValue);
    assert.match(value, /\{\{resolve:secretsmanager:/);
    assert.match(
      value,
      /(Fn::ImportValue|Fn::GetStackOutput).*DwpProdApi.*OriginVerifySecret/,
      "the Api stack's secret, not a copy",
    );
    for (const other of origins.filter((o) => !isApi(o))) assert.equal(other.OriginCustomHeaders, undefined);
  });
});
