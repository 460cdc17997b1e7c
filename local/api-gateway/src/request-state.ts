/** What the pipeline's stages learn about one request, kept behind a symbol on the request. */
import type { GatewayRoute } from '@dwp/platform';
import type { CacheDecision } from '@dwp/gateway-core';
import type { UserIdentity } from '@dwp/service-kit';

export const kGateway = Symbol('api-gateway.request');

export type CacheStatus = 'Hit' | 'Miss' | 'Bypass';

export interface GatewayRequestState {
  readonly route: GatewayRoute;
  /** Path as the service sees it (base path removed), without the query. */
  readonly path: string;
  /** Raw query string without `?`, '' when none. */
  readonly query: string;
  readonly startedAt: bigint;
  cache: CacheDecision | undefined;
  cacheStatus: CacheStatus;
  /** Name of the API key the request came with, when its usage plan applied. */
  apiKey: string | undefined;
  integrationLatencyMs: number | undefined;
  /** The signed-in user, once the authorizer has verified the token (undefined on public routes). */
  user?: UserIdentity;
  /** The discovery name the request was sent to (differs from the route's service during a canary). */
  target: string | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    [kGateway]: GatewayRequestState | null;
  }
}
