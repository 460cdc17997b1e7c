/**
 * Identity verification with GOV.UK One Login. A signed-in citizen starts it and is sent to One
 * Login; One Login sends the browser back to the callback with a code and the state, which names
 * the journey (and so the user) once. The verified identity is recorded at P2.
 */
import { actingUser, type ServiceApp } from '@dwp/service-kit';
import { z } from 'zod';
import { addressFromClaim, claimsFromCredential } from '../domain/core-identity.ts';
import { merge } from '../domain/verified-identity.ts';
import { newAuthorizeRequest, VerificationFailed, type OneLoginClient } from '../one-login/one-login-client.ts';
import type { IdentityStore } from '../store/identity-store.ts';

/** Time a citizen has to finish at One Login. */
export const JOURNEY_TTL_S = 15 * 60;

const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
const returnTo = z
  .string()
  .regex(/^\/(?!\/)[A-Za-z0-9/_\-.?=&%]*$/, 'must be a path on this site, such as /account')
  .max(512);

/** What the callback tells the page it returns to, as `?error=`: the citizen cancelled at One Login, or One Login could not prove who they are. */
export type VerificationOutcome = 'cancelled' | 'failed';

/** `returnTo` with `error=<outcome>` added to its query. */
export function returnWithError(returnTo: string, outcome: VerificationOutcome): string {
  return `${returnTo}${returnTo.includes('?') ? '&' : '?'}error=${outcome}`;
}

export interface VerificationRoutesOptions {
  readonly store: Pick<IdentityStore, 'startJourney' | 'takeJourney' | 'identity' | 'saveIdentity'>;
  readonly oneLogin: Pick<OneLoginClient, 'authorizeUrl' | 'identityFor'>;
}

export async function verificationRoutes(app: ServiceApp, opts: VerificationRoutesOptions): Promise<void> {
  app.post(
    '/identity/verify',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['verification'],
        summary: 'Start verifying your identity with GOV.UK One Login; send the browser to `authorizeUrl`',
        body: z
          .object({
            /** A page of this site to return to afterwards. */
            returnTo: returnTo.optional(),
            /** Chooses a test user at the One Login sandbox (ignored by One Login itself). */
            loginHint: z.string().max(128).optional(),
          })
          .default({}),
        response: { 201: z.object({ authorizeUrl: z.url(), expiresAt: z.string() }), 401: errorBody },
      },
    },
    async (request, reply) => {
      const user = actingUser(request.caller)!;
      const req = newAuthorizeRequest(request.body.loginHint);
      const now = Date.now();
      const expiresAt = Math.floor(now / 1000) + JOURNEY_TTL_S;
      await opts.store.startJourney({
        state: req.state,
        sub: user.sub,
        nonce: req.nonce,
        codeVerifier: req.codeVerifier,
        startedAt: new Date(now).toISOString(),
        expiresAt,
        ...(request.body.returnTo ? { returnTo: request.body.returnTo } : {}),
      });
      return reply.code(201).send({
        authorizeUrl: await opts.oneLogin.authorizeUrl(req),
        expiresAt: new Date(expiresAt * 1000).toISOString(),
      });
    },
  );

  app.get(
    '/identity/verify/callback',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['verification'],
        summary: 'Where GOV.UK One Login returns the browser; records the verified identity',
        querystring: z.object({
          state: z.string().min(1).max(256),
          code: z.string().min(1).max(2048).optional(),
          error: z.string().max(256).optional(),
          error_description: z.string().max(1024).optional(),
        }),
        response: {
          200: z.object({ confidence: z.literal('P2'), verifiedAt: z.string() }),
          303: z.null(),
          400: errorBody,
        },
      },
    },
    async (request, reply) => {
      const { state, code, error } = request.query;
      const journey = await opts.store.takeJourney(state, Date.now());
      if (!journey) throw new VerificationFailed('This verification has expired or was already used; start again');
      // A browser that came from a page of ours goes back to it, with the outcome, rather than see JSON.
      if (error || !code) {
        if (journey.returnTo)
          return reply
            .code(303)
            .header('location', returnWithError(journey.returnTo, error === 'access_denied' ? 'cancelled' : 'failed'))
            .send(null);
        throw new VerificationFailed('GOV.UK One Login could not verify your identity', { error: error ?? 'no code' });
      }
      let proof: Awaited<ReturnType<typeof opts.oneLogin.identityFor>>;
      try {
        proof = await opts.oneLogin.identityFor(code, journey);
      } catch (err) {
        if (!(err instanceof VerificationFailed) || !journey.returnTo) throw err;
        request.log.warn({ sub: journey.sub, reason: err.message }, 'GOV.UK One Login did not verify the identity');
        return reply.code(303).header('location', returnWithError(journey.returnTo, 'failed')).send(null);
      }
      const verifiedAt = new Date().toISOString();
      const claims = { ...claimsFromCredential(proof.credential), address: addressFromClaim(proof.address) };
      const current = await opts.store.identity(journey.sub);
      await opts.store.saveIdentity(
        merge(current, { sub: journey.sub, confidence: 'P2', method: 'one-login', verifiedAt, claims }),
      );
      request.log.info({ sub: journey.sub }, 'identity verified at P2 with GOV.UK One Login');
      if (journey.returnTo) return reply.code(303).header('location', journey.returnTo).send(null);
      return { confidence: 'P2' as const, verifiedAt };
    },
  );
}
