/**
 * Verification over the legacy SAML route. `POST /identity/saml/verify` runs the exchange from the
 * server (the IdP sandbox authenticates headless); `POST /identity/saml/acs` takes a response a
 * browser posts back, bound to its journey by RelayState. Both record the identity the assertion proves.
 */
import { actingUser, type ServiceApp } from '@dwp/service-kit';
import formbody from '@fastify/formbody';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { merge } from '../domain/verified-identity.ts';
import { VerificationFailed } from '../one-login/one-login-client.ts';
import type { SamlIdentity, SamlVerification } from '../saml/saml-verification.ts';
import type { IdentityStore } from '../store/identity-store.ts';
import { JOURNEY_TTL_S } from './verification-routes.ts';

const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
const verified = z.object({ confidence: z.literal('P2'), method: z.literal('saml'), verifiedAt: z.string() });

export async function samlRoutes(
  app: ServiceApp,
  opts: { store: IdentityStore; saml: SamlVerification },
): Promise<void> {
  await app.register(formbody, { bodyLimit: 256 * 1024 });

  const record = async (sub: string, identity: SamlIdentity) => {
    const verifiedAt = new Date().toISOString();
    await opts.store.saveIdentity(
      merge(await opts.store.identity(sub), {
        sub,
        confidence: identity.confidence,
        method: 'saml',
        verifiedAt,
        claims: identity.claims,
      }),
    );
    return { confidence: 'P2' as const, method: 'saml' as const, verifiedAt };
  };

  app.post(
    '/identity/saml/verify',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['verification'],
        summary: 'Verify your identity over the legacy GOV.UK Verify SAML route',
        body: z.object({ loginHint: z.string().max(128).optional() }).default({}),
        response: { 200: verified, 400: errorBody, 401: errorBody },
      },
    },
    async (request) => {
      const user = actingUser(request.caller)!;
      const state = randomBytes(24).toString('base64url');
      const response = await opts.saml.requestResponse(state, request.body.loginHint);
      return record(user.sub, await opts.saml.verify(response));
    },
  );

  app.post(
    '/identity/saml/start',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['verification'],
        summary: 'Start a browser SAML exchange: returns the RelayState the response must come back with',
        response: { 201: z.object({ relayState: z.string(), expiresAt: z.string() }), 401: errorBody },
      },
    },
    async (request, reply) => {
      const user = actingUser(request.caller)!;
      const state = randomBytes(24).toString('base64url');
      const now = Date.now();
      const expiresAt = Math.floor(now / 1000) + JOURNEY_TTL_S;
      await opts.store.startJourney({
        state,
        sub: user.sub,
        nonce: 'saml',
        codeVerifier: 'saml',
        startedAt: new Date(now).toISOString(),
        expiresAt,
      });
      return reply.code(201).send({ relayState: state, expiresAt: new Date(expiresAt * 1000).toISOString() });
    },
  );

  app.post(
    '/identity/saml/acs',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['verification'],
        summary: 'Assertion consumer service: the IdP posts the signed SAML response here',
        body: z.object({ SAMLResponse: z.string().min(1).max(200_000), RelayState: z.string().min(1).max(256) }),
        response: { 200: verified, 400: errorBody },
      },
    },
    async (request) => {
      const journey = await opts.store.takeJourney(request.body.RelayState, Date.now());
      if (!journey || journey.nonce !== 'saml')
        throw new VerificationFailed('This verification has expired or was already used; start again');
      return record(journey.sub, await opts.saml.verify(request.body.SAMLResponse));
    },
  );
}
