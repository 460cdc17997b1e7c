/** What identity-api tells about a user's identity: to the user, and to services that need the level. */
import { ForbiddenError, actingUser, type ServiceApp } from '@dwp/service-kit';
import { z } from 'zod';
import { CONFIDENCE_LEVELS, type IdentityRecord } from '../domain/verified-identity.ts';
import type { IdentityStore } from '../store/identity-store.ts';

const confidence = z.enum(CONFIDENCE_LEVELS);
const claims = z.object({
  givenNames: z.array(z.string()),
  familyName: z.string(),
  birthDate: z.string(),
  address: z.object({ uprn: z.string().optional(), lines: z.array(z.string()), postcode: z.string() }).optional(),
});
/** The verified claims of a record, as answers carry them. */
function claimsView(record: IdentityRecord): z.output<typeof claims> | undefined {
  const c = record.claims;
  if (!c) return undefined;
  return {
    givenNames: [...c.givenNames],
    familyName: c.familyName,
    birthDate: c.birthDate,
    ...(c.address
      ? {
          address: {
            ...(c.address.uprn ? { uprn: c.address.uprn } : {}),
            lines: [...c.address.lines],
            postcode: c.address.postcode,
          },
        }
      : {}),
  };
}

const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export async function identityRoutes(app: ServiceApp, opts: { store: IdentityStore }): Promise<void> {
  app.get(
    '/identity/me',
    {
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
    },
    async (request) => {
      const user = actingUser(request.caller)!;
      const record = await opts.store.identity(user.sub);
      return {
        sub: user.sub,
        username: user.username,
        roles: [...user.roles],
        confidence: record.confidence,
        ...(record.verifiedAt ? { verifiedAt: record.verifiedAt } : {}),
        ...(record.method ? { method: record.method } : {}),
        ...(record.claims ? { identity: claimsView(record) } : {}),
      };
    },
  );

  app.get(
    '/identity/users/:sub/verification',
    {
      schema: {
        tags: ['identity'],
        summary:
          'The confidence level a user reached: for platform services, caseworkers, and the user; with the verified name, date of birth and address for caseworkers and the user',
        params: z.object({ sub: z.string().min(1).max(128) }),
        response: {
          200: z.object({
            sub: z.string(),
            confidence,
            verifiedAt: z.string().optional(),
            method: z.enum(['one-login', 'saml']).optional(),
            identity: claims.optional(),
          }),
          401: errorBody,
          403: errorBody,
        },
      },
    },
    async (request) => {
      const { caller } = request;
      const user = actingUser(caller);
      const staff = request.isStaff();
      const self = user?.sub === request.params.sub;
      if (!(caller.kind === 'service' || self || staff))
        throw new ForbiddenError('You may see only your own verification');
      const record = await opts.store.identity(request.params.sub);
      // A service needs only the level; the person and the caseworker deciding their claim see who was verified.
      const identity = (self || staff) && caller.kind !== 'service' ? claimsView(record) : undefined;
      return {
        sub: record.sub,
        confidence: record.confidence,
        ...(record.verifiedAt ? { verifiedAt: record.verifiedAt } : {}),
        ...(identity ? { identity, ...(record.method ? { method: record.method } : {}) } : {}),
      };
    },
  );
}
