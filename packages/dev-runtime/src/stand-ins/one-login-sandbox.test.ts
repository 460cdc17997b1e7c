import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { oneLoginSandbox } from './one-login-sandbox.ts';

describe('the One Login sandbox stand-in', () => {
  it("steps aside for a configured One Login, passing both of its hosts' URLs to the external gateway", async () => {
    const env = {
      ONE_LOGIN_URL: 'https://oidc.integration.account.gov.uk',
      ONE_LOGIN_IDENTITY_URL: 'https://identity.integration.account.gov.uk',
      HMRC_URL: 'https://test-api.service.hmrc.gov.uk',
    };
    const planned = await oneLoginSandbox.plan({ platform: dwp, rootDir: '.', dataDir: '.', logDir: '.', env });
    assert.equal(planned.endpoint, '');
    assert.deepEqual(planned.envFor?.(dwp.gateways.external!.service), {
      ONE_LOGIN_URL: env.ONE_LOGIN_URL,
      ONE_LOGIN_IDENTITY_URL: env.ONE_LOGIN_IDENTITY_URL,
    });
    await planned.stop();
  });
});
