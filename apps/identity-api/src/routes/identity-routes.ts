/** What identity-api tells about a user's identity: to the user, and to services that need the level. */
import { ForbiddenError, actingUser, type ServiceApp } from '@dwp/service-kit';
import { z } from 'zod';
import { CONFIDENCE_LEVELS } from '../domain/verified-identity.ts';
import type { IdentityStore } from '../store/identity-store.ts';

const confidence = z.enum(CONFIDENCE_LEVELS);
const claims = z.object({
  givenNames: z.array(z.string()),
  familyName: z.string(),
  birthDate: z.string(),
  address: z.object({ uprn: z.string().optional(), lines: z.array(z.string()), postcode: z.string() }).optional(),
});
const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });

export async function identityRoutes(app: ServiceApp, opts: { store: IdentityStore }): Promise<void> {
  app.get('/identity/me', {
    config: { auth: 'user' },
    schema: {
      tags: ['identity'],
      summary: 'The signed-in user, their roles and their verified identity',
      response: {
        200: z.object({
          sub: z.string(),
          username: z.string(),
          roles: z.array(z.string()),
          confidence,
          verifiedAt: z.string().optional(),
          method: z.enum(['one-login', 'saml']).optional(),
          identity: claims.optional(),
        }),
        401: errorBody,
      },
    },
  }, async (request) => {
    const user = actingUser(request.caller)!;
    const record = await opts.store.identity(user.sub);
    return {
      sub: user.sub,
      username: user.username,
      roles: [...user.roles],
      confidence: record.confidence,
      ...(record.verifiedAt ? { verifiedAt: record.verifiedAt } : {}),
      ...(record.method ? { method: record.method } : {}),
      ...(record.claims ? { identity: { ...record.claims, givenNames: [...record.claims.givenNames], address: record.claims.address ? { ...record.claims.address, uprn: record.claims.address.uprn, lines: [...record.claims.address.lines] } : undefined } } : {}),
    };
  });

  app.get('/identity/users/:sub/verification', {
    schema: {
      tags: ['identity'],
      summary: 'The confidence level a user reached: for platform services, caseworkers, and the user',
      params: z.object({ sub: z.string().min(1).max(128) }),
      response: { 200: z.object({ sub: z.string(), confidence, verifiedAt: z.string().optional() }), 401: errorBody, 403: errorBody },
    },
  }, async (request) => {
    const { caller } = request;
    const user = actingUser(caller);
    const mayRead = caller.kind === 'service' || user?.sub === request.params.sub || request.isStaff();
    if (!mayRead) throw new ForbiddenError('You may see only your own verification');
    const record = await opts.store.identity(request.params.sub);
    return { sub: record.sub, confidence: record.confidence, ...(record.verifiedAt ? { verifiedAt: record.verifiedAt } : {}) };
  });
}
