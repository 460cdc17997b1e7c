/** The One Login callback as a browser meets it: back to the page it came from, with the outcome, never JSON. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signedCallers } from '@dwp/data-kit/testing/signed-callers';
import { dwp } from '@dwp/platforms/dwp';
import { createService, type ServiceApp } from '@dwp/service-kit';
import { UNVERIFIED, type IdentityRecord } from '../domain/verified-identity.ts';
import { VerificationFailed, type OneLoginIdentity } from '../one-login/one-login-client.ts';
import type { Journey } from '../store/identity-store.ts';
import { returnWithError, verificationRoutes } from './verification-routes.ts';

const KAY: OneLoginIdentity = {
  subject: 'urn:fdc:gov.uk:2022:kay',
  vot: 'P2',
  credential: {
    credentialSubject: {
      name: [
        {
          nameParts: [
            { type: 'GivenName', value: 'Kay' },
            { type: 'FamilyName', value: 'Morgan' },
          ],
        },
      ],
      birthDate: [{ value: '1984-09-26' }],
    },
  },
  address: [
    {
      uprn: 100023336956,
      buildingNumber: '10',
      streetName: 'DOWNING STREET',
      addressLocality: 'LONDON',
      postalCode: 'SW1A 2AA',
    },
  ],
};

describe('the One Login callback', () => {
  let app: ServiceApp;
  const journeys = new Map<string, Journey>();
  const saved: IdentityRecord[] = [];
  let answer: () => Promise<OneLoginIdentity> = async () => KAY;
  const closers: Array<() => Promise<unknown>> = [];

  before(async () => {
    const callers = await signedCallers(dwp, 'identity-api');
    const svc = await createService({
      platform: dwp,
      name: 'identity-api',
      env: { LOG_LEVEL: 'silent', DISCOVERY_MODE: 'dns', ...callers.env },
    });
    app = svc.app;
    closers.push(() => app.close());
    await app.register(verificationRoutes, {
      store: {
        startJourney: async (j) => void journeys.set(j.state, j),
        takeJourney: async (state) => {
          const j = journeys.get(state);
          journeys.delete(state);
          return j;
        },
        identity: async (sub) => UNVERIFIED(sub),
        saveIdentity: async (r) => void saved.push(r),
      },
      oneLogin: { authorizeUrl: async () => 'https://one-login.example/authorize', identityFor: () => answer() },
    });
    await app.ready();
  });
  after(async () => {
    for (const close of closers) await close();
  });

  const journey = (state: string, returnTo?: string) =>
    journeys.set(state, {
      state,
      sub: 'sub-kay',
      nonce: 'n',
      codeVerifier: 'v',
      startedAt: new Date().toISOString(),
      expiresAt: Math.floor(Date.now() / 1000) + 900,
      ...(returnTo ? { returnTo } : {}),
    });

  it('records the identity at P2 and sends the browser to the page it came from', async () => {
    journey('s-ok', '/identity/prove/result');
    answer = async () => KAY;
    const res = await app.inject({ url: '/identity/verify/callback?state=s-ok&code=abc' });
    assert.deepEqual([res.statusCode, res.headers.location], [303, '/identity/prove/result']);
    assert.equal(saved.at(-1)?.confidence, 'P2');
  });

  it('sends the browser back with error=cancelled when the citizen cancelled at One Login', async () => {
    journey('s-cancel', '/identity/prove/result');
    const res = await app.inject({ url: '/identity/verify/callback?state=s-cancel&error=access_denied' });
    assert.deepEqual([res.statusCode, res.headers.location], [303, '/identity/prove/result?error=cancelled']);
  });

  it('sends the browser back with error=failed when One Login could not prove the identity', async () => {
    journey('s-fail', '/identity/prove/result');
    const before = saved.length;
    answer = async () => {
      throw new VerificationFailed('GOV.UK One Login could not prove this identity');
    };
    const res = await app.inject({ url: '/identity/verify/callback?state=s-fail&code=abc' });
    assert.deepEqual([res.statusCode, res.headers.location], [303, '/identity/prove/result?error=failed']);
    assert.equal(saved.length, before, 'nothing is recorded');
  });

  it('still answers JSON to a client that gave no page to return to', async () => {
    journey('s-api');
    const res = await app.inject({ url: '/identity/verify/callback?state=s-api&error=access_denied' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json<{ error: { code: string } }>().error.code, 'IDENTITY_ERR_VERIFICATION_FAILED');
  });

  it('answers a journey it does not know (expired or used) with 400', async () => {
    const res = await app.inject({ url: '/identity/verify/callback?state=s-unknown&code=abc' });
    assert.equal(res.statusCode, 400);
  });

  it('adds the error to a return page that already has a query', () => {
    assert.equal(
      returnWithError('/identity/prove/result?lang=cy', 'failed'),
      '/identity/prove/result?lang=cy&error=failed',
    );
  });
});
