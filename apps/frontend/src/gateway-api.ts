/**
 * How the web tier calls the platform: through the primary API gateway by its name (seed 001:
 * "Frontend -> Service Discovery -> API Gateway -> DWP Backend Services"), as the signed-in user.
 */
import type { CallResult, ServiceClient } from '@dwp/service-kit';

export class GatewayApi {
  readonly #services: ServiceClient;
  readonly #gateway: string;
  readonly #basePath: string;

  constructor(services: ServiceClient, gateway: string, basePath: string) {
    this.#services = services;
    this.#gateway = gateway;
    this.#basePath = basePath.replace(/\/$/, '');
  }

  call(method: string, path: string, opts: { body?: unknown; accessToken?: string } = {}): Promise<CallResult> {
    return this.#services.call(this.#gateway, {
      method,
      path: `${this.#basePath}${path}`,
      // The gateway knows users by their access token; it takes no service identity from its callers.
      asService: false,
      ...(opts.body === undefined ? {} : { body: opts.body }),
      ...(opts.accessToken ? { headers: { authorization: `Bearer ${opts.accessToken}` } } : {}),
    });
  }
}
