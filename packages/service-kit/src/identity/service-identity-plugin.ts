/**
 * Establishes `request.caller` and enforces what each route asks of its caller (`config.auth`,
 * default `authenticated`). A caller is established, in this order, from:
 *   1. the signed service token: from the primary gateway (a user it verified) or from a service
 *      the definition allows to call this one (possibly acting for a user);
 *   2. otherwise the user's own Cognito access token in `Authorization`, verified here (signature,
 *      claims, revocation) when the user pool is configured. On AWS this is the only way a user
 *      reaches a service: API Gateway's Cognito authorizer passes the token on but cannot sign ours.
 */
import { staffGroupsOf, userPoolGroupsOf, type Platform } from '@dwp/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { JWTVerifyGetKey } from 'jose';
import { ServiceError } from '@dwp/service-errors';
import { isStaff, type Caller, type RouteAuth } from './caller.ts';
import { TokenRejected } from './cognito/token-rejected.ts';
import { accessTokenFrom, type UserTokenVerification } from './cognito/user-token-verification.ts';
import { SERVICE_TOKEN_HEADER, ServiceTokenError, verifyServiceToken } from './service-token.ts';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
    /** Whether the acting user is in one of the definition's staff groups (`userPool.staffGroups`). */
    isStaff(): boolean;
  }
  interface FastifyContextConfig {
    /** What this route asks of its caller. @default 'authenticated' */
    auth?: RouteAuth;
  }
}

export class UnauthenticatedError extends ServiceError {
  static override readonly code = 'SVC_ERR_UNAUTHENTICATED';
  constructor(message = 'Sign in to do this') {
    super(401, UnauthenticatedError.code, message);
  }
}

export class CallerNotAllowedError extends ServiceError {
  static override readonly code = 'SVC_ERR_CALLER_NOT_ALLOWED';
  constructor(caller: string, self: string) {
    super(403, CallerNotAllowedError.code, `${caller} may not call ${self}`);
  }
}

export interface ServiceIdentityOptions {
  readonly platform: Platform;
  /** This principal's name: the audience tokens must carry. */
  readonly self: string;
  readonly trusted: { readonly getKey: JWTVerifyGetKey } | undefined;
  /** Verifies users' own access tokens; undefined when no user pool is configured. */
  readonly userTokens?: UserTokenVerification | undefined;
}

const ANONYMOUS: Caller = Object.freeze({ kind: 'anonymous' });

/** Paths every service serves to anyone: health, metrics and its API description. */
export function isOperationalPath(url: string): boolean {
  return url.startsWith('/docs') || url === '/metrics' || url.startsWith('/health');
}

export const serviceIdentityPlugin = fp<ServiceIdentityOptions>(
  async (app: FastifyInstance, opts) => {
    const gateway = opts.platform.gateways.primary?.name;
    const roles = userPoolGroupsOf(opts.platform);
    const allowedCallers = new Set(
      opts.platform.services.filter((s) => s.calls.includes(opts.self)).map((s) => s.name),
    );

    /** On a public route a bad token is ignored, as API Gateway ignores it on an `auth: NONE` method. */
    const fromUserToken = async (request: FastifyRequest, auth: RouteAuth): Promise<Caller> => {
      const token = opts.userTokens ? accessTokenFrom(request.headers.authorization) : undefined;
      if (!token || !opts.userTokens) return ANONYMOUS;
      try {
        return { kind: 'user', user: (await opts.userTokens.verify(token)).user };
      } catch (err) {
        if (err instanceof TokenRejected) {
          request.log.info({ reason: err.reason }, 'access token rejected');
          if (auth === 'public') return ANONYMOUS;
          throw new UnauthenticatedError('The access token is not valid');
        }
        throw err;
      }
    };

    const establish = async (request: FastifyRequest, auth: RouteAuth): Promise<Caller> => {
      const header = request.headers[SERVICE_TOKEN_HEADER];
      if (header === undefined) return fromUserToken(request, auth);
      if (typeof header !== 'string' || !opts.trusted) throw new UnauthenticatedError('The service token is not valid');
      let claims;
      try {
        claims = await verifyServiceToken(header, opts.self, opts.trusted.getKey, roles);
      } catch (err) {
        if (err instanceof ServiceTokenError) {
          request.log.warn({ reason: err.message }, 'service token rejected');
          throw new UnauthenticatedError('The service token is not valid');
        }
        throw err;
      }
      if (claims.issuer === gateway) return claims.user ? { kind: 'user', user: claims.user } : ANONYMOUS;
      if (!allowedCallers.has(claims.issuer)) throw new CallerNotAllowedError(claims.issuer, opts.self);
      return { kind: 'service', service: claims.issuer, ...(claims.user ? { onBehalfOf: claims.user } : {}) };
    };

    app.decorateRequest('caller', null as never);
    const staffGroups = staffGroupsOf(opts.platform);
    app.decorateRequest('isStaff', function (this: FastifyRequest) {
      return isStaff(this.caller, staffGroups);
    });
    app.addHook('onRequest', async (request) => {
      const auth: RouteAuth = request.is404
        ? 'public'
        : (request.routeOptions.config.auth ?? (isOperationalPath(request.url) ? 'public' : 'authenticated'));
      request.caller = await establish(request, auth);
      if (request.is404) return;
      const caller = request.caller;
      switch (auth) {
        case 'public':
          return;
        case 'authenticated':
          if (caller.kind === 'anonymous') throw new UnauthenticatedError();
          return;
        case 'user':
          if (caller.kind !== 'user') throw new UnauthenticatedError();
          return;
        case 'service':
          if (caller.kind !== 'service') throw new UnauthenticatedError('Only platform services may call this');
          return;
        default: {
          const never: never = auth;
          throw new Error(`Unexpected route auth ${String(never)}`);
        }
      }
    });
  },
  { name: '@dwp/service-kit/service-identity' },
);
