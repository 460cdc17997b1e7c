import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExternalRoute } from '@dwp/platform';
import { ConfigError } from '@dwp/service-kit';
import { loadUpstreamConfig, upstreamEnvNames } from './config.ts';

const route = (upstream: string, auth: ExternalRoute['auth']): ExternalRoute => ({
  path: `/external/${upstream}/{proxy+}`,
  methods: ['GET'],
  upstream,
  auth,
  rateLimit: { requests: 1, perSeconds: 60 },
  callers: ['a-api'],
});

describe('upstream configuration', () => {
  it('derives every variable name from the upstream name', () => {
    assert.equal(upstreamEnvNames('royal-mail').url, 'ROYAL_MAIL_URL');
    assert.equal(upstreamEnvNames('one-login').signingKid, 'ONE_LOGIN_SIGNING_KID');
  });

  it('leaves an upstream without a URL not configured', () => {
    assert.deepEqual(loadUpstreamConfig(route('hmrc', 'oauth2-client-credentials'), {}), {
      kind: 'not-configured',
      variable: 'HMRC_URL',
    });
  });

  it("reads an upstream's credentials by its auth kind", () => {
    const c = loadUpstreamConfig(route('royal-mail', 'api-key'), {
      ROYAL_MAIL_URL: 'https://api.example/',
      ROYAL_MAIL_API_KEY: 'k',
    });
    assert.deepEqual(c, {
      kind: 'configured',
      url: 'https://api.example',
      credentials: { auth: 'api-key', apiKey: 'k' },
    });
  });

  it('stops the gateway naming every missing or malformed credential when the URL is set', () => {
    assert.throws(
      () =>
        loadUpstreamConfig(route('nhs', 'mtls-oauth2-jwt'), {
          NHS_URL: 'https://nhs.example',
          NHS_TOKEN_URL: 'not a url',
          NHS_CLIENT_CERT: 'nope',
        }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.deepEqual([...err.variables].sort(), [
          'NHS_CLIENT_CERT',
          'NHS_CLIENT_ID',
          'NHS_CLIENT_KEY',
          'NHS_SIGNING_KEY',
          'NHS_SIGNING_KID',
          'NHS_TOKEN_URL',
        ]);
        return true;
      },
    );
  });
});
