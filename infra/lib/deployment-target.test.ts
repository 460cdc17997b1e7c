import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_REGION, deploymentTarget, PLACEHOLDER_ACCOUNT } from './deployment-target.ts';

const none = () => undefined;

describe('deploymentTarget', () => {
  it('falls back to the placeholder account, London and zones a-c without credentials or context', () => {
    const t = deploymentTarget(none, 3, {});
    assert.equal(t.account, PLACEHOLDER_ACCOUNT);
    assert.equal(t.region, DEFAULT_REGION);
    assert.deepEqual(t.availabilityZones, ['eu-west-2a', 'eu-west-2b', 'eu-west-2c']);
    assert.equal(t.imageTag, undefined);
  });

  it('prefers context over CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION', () => {
    const ctx = (k: string) => ({ account: '222222222222', region: 'eu-west-1', imageTag: 'abc123' })[k];
    const t = deploymentTarget(ctx, 3, { CDK_DEFAULT_ACCOUNT: '333333333333', CDK_DEFAULT_REGION: 'us-east-2' });
    assert.equal(t.account, '222222222222');
    assert.equal(t.region, 'eu-west-1');
    assert.equal(t.imageTag, 'abc123');
  });

  it('rejects a malformed account and a zone list of the wrong length', () => {
    assert.throws(() => deploymentTarget((k) => (k === 'account' ? '12' : undefined), 3, {}), /must be 12 digits/);
    assert.throws(
      () => deploymentTarget((k) => (k === 'availabilityZones' ? 'eu-west-2a' : undefined), 3, {}),
      /spans 3 availability zones but 1/,
    );
  });
});
