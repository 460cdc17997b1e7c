import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { definePlatform, type PlatformInput } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { secretName } from '../secret-names.ts';
import { KEY_PAIR_RESOURCE_TYPE, KeyPairProvider } from './key-pair-provider.ts';
import { ServiceSigningKeys, signingKeySecretOf } from './service-signing-keys.ts';

const environment = dwp.environments.find((e) => e.name === 'test')!;

function fixture(platform = dwp) {
  const stack = new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-2' } });
  const key = new kms.Key(stack, 'IdentityKey');
  const provider = new KeyPairProvider(stack, 'KeyPairs', { platform, logKey: new kms.Key(stack, 'LogKey') });
  const keys = new ServiceSigningKeys(stack, 'SigningKeys', { platform, environment, key, provider });
  return { stack, key, keys };
}

/** Logical id of the secret a resource's `SecretId` (or any `Ref`) points at. */
function refOf(value: unknown): string {
  return (value as { Ref: string }).Ref;
}

describe('ServiceSigningKeys', () => {
  it('makes a KMS-encrypted secret and an EdDSA Custom::KeyPair per service, the kid being the service name', () => {
    const { stack } = fixture();
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SecretsManager::Secret', dwp.services.length);
    t.resourceCountIs(KEY_PAIR_RESOURCE_TYPE, dwp.services.length);
    const secrets = t.findResources('AWS::SecretsManager::Secret');
    const pairs = Object.values(t.findResources(KEY_PAIR_RESOURCE_TYPE)).map(
      (r) => r.Properties as Record<string, unknown>,
    );
    for (const service of dwp.services) {
      const [secretId] = Object.entries(secrets).find(
        ([, r]) =>
          (r.Properties as { Name: string }).Name === secretName(dwp, environment, signingKeySecretOf(service.name)),
      )!;
      t.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: secretName(dwp, environment, signingKeySecretOf(service.name)),
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IdentityKey'), 'Arn'] },
      });
      const pair = pairs.find((p) => p.Kid === service.name);
      assert.ok(pair, `no key pair for ${service.name}`);
      assert.equal(pair.Algorithm, 'EdDSA');
      assert.equal(pair.PrivateFormat, 'jwk');
      assert.equal(refOf(pair.SecretId), secretId, `${service.name}'s pair writes into another secret`);
    }
  });

  it('lets the handler put values into exactly those secrets and use the key only through Secrets Manager', () => {
    const { stack } = fixture();
    const t = Template.fromStack(stack);
    const secretIds = Object.keys(t.findResources('AWS::SecretsManager::Secret')).sort();
    const policies = Object.entries(t.findResources('AWS::IAM::Policy')).filter(([id]) =>
      id.startsWith('KeyPairsHandlerRole'),
    );
    assert.equal(policies.length, 1);
    const statements = (policies[0]![1].Properties as { PolicyDocument: { Statement: Array<Record<string, unknown>> } })
      .PolicyDocument.Statement;
    const put = statements.filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
    for (const s of put)
      assert.equal(s.Action, 'secretsmanager:PutSecretValue', 'the handler may only put secret values');
    assert.deepEqual(
      put
        .flatMap((s) => [s.Resource].flat())
        .map(refOf)
        .sort(),
      secretIds,
    );
    const kmsStatements = statements.filter((s) => JSON.stringify(s.Action).includes('kms:'));
    assert.equal(kmsStatements.length, 1);
    assert.equal(kmsStatements[0]!.Action, 'kms:GenerateDataKey');
    assert.match((kmsStatements[0]!.Resource as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0], /^IdentityKey/);
    assert.deepEqual(kmsStatements[0]!.Condition, {
      StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-2.amazonaws.com' },
    });
  });

  it("assembles PLATFORM_TRUSTED_KEYS from every principal's public JWK", () => {
    const { stack, keys } = fixture();
    const resolved = JSON.stringify(stack.resolve(keys.trustedKeys));
    assert.ok(resolved.startsWith('{"Fn::Join":["",["{\\"keys\\":[",{"Fn::Join":[",",['), resolved);
    const t = Template.fromStack(stack);
    const pairIds = Object.keys(t.findResources(KEY_PAIR_RESOURCE_TYPE));
    for (const id of pairIds)
      assert.ok(resolved.includes(`{"Fn::GetAtt":["${id}","PublicJwk"]}`), `${id} is missing from the trusted keys`);
    assert.deepEqual(
      keys.principals,
      dwp.services.map((s) => s.name),
    );
  });

  it("grants a reader only its own secret, and kms:Decrypt only for that secret's values", () => {
    const { stack, keys } = fixture();
    const role = new iam.Role(stack, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });
    keys.signingKeyOf('claims-api').grantRead(role);
    const t = Template.fromStack(stack);
    const secretId = Object.entries(t.findResources('AWS::SecretsManager::Secret')).find(([, r]) =>
      (r.Properties as { Name: string }).Name.endsWith('/claims-api-signing-key'),
    )![0];
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^ExecutionRole') }],
      PolicyDocument: {
        Statement: [
          {
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Effect: 'Allow',
            Resource: { Ref: secretId },
          },
          {
            Action: 'kms:Decrypt',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IdentityKey'), 'Arn'] },
            Condition: { StringEquals: { 'kms:EncryptionContext:SecretARN': { Ref: secretId } } },
          },
        ],
      },
    });
  });

  it('refuses a declared secret that would collide with a signing key', () => {
    const input = {
      ...dwp,
      services: dwp.services.map((s) => (s.name === 'address-api' ? { ...s, secrets: ['claims-api-signing-key'] } : s)),
    } as PlatformInput;
    assert.throws(() => fixture(definePlatform(input)), /declares the secret "claims-api-signing-key"/);
  });

  it('answers only for principals it has', () => {
    const { keys } = fixture();
    assert.throws(() => keys.signingKeyOf(dwp.gateways.primary!.name), /is not a principal/);
  });
});
