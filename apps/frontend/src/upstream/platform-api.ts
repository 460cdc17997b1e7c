/**
 * How the web tier calls the platform: through the primary API gateway by its name (seed 001:
 * "Frontend -> Service Discovery -> API Gateway -> DWP Backend Services"), as the signed-in user.
 * Every answer is checked for status and shape before a page uses it: an answer of the wrong
 * shape is the platform's fault, and the page says so (502) rather than showing it.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceClient, TraceContext } from '@dwp/service-kit';
import { z } from 'zod';

/** The platform's one error shape. */
export const platformError = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type PlatformError = z.output<typeof platformError>['error'];

export type ApiResult<T> =
  | { readonly ok: true; readonly status: number; readonly value: T; readonly headers: IncomingHttpHeaders }
  | { readonly ok: false; readonly status: number; readonly error: PlatformError };

/** An upstream answer that is neither what the page expects nor the platform's error shape. */
export class UpstreamShapeError extends Error {
  readonly path: string;
  readonly status: number;
  constructor(path: string, status: number) {
    super(`Unexpected answer from ${path} (HTTP ${status})`);
    this.name = 'UpstreamShapeError';
    this.path = path;
    this.status = status;
  }
}

export interface ApiRequest<S extends z.ZodType> {
  readonly method?: string;
  readonly path: string;
  /** What a success (2xx) must look like. */
  readonly schema: S;
  readonly body?: unknown;
  readonly accessToken?: string | undefined;
  readonly headers?: Readonly<Record<string, string>>;
  readonly context?: { readonly trace: TraceContext; readonly id: string };
}

const GATEWAY_UNAUTHORIZED = z.object({ message: z.string() });

/** One HTTP exchange with the gateway; `path` is under its base path. */
export interface GatewayRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly context?: { readonly trace: TraceContext; readonly id: string };
}
export interface GatewayResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}
export type GatewayTransport = (req: GatewayRequest) => Promise<GatewayResponse>;

/** The gateway found by discovery under its name in the definition (as every service finds another). */
export function gatewayByDiscovery(services: ServiceClient, gateway: string, basePath: string): GatewayTransport {
  const base = basePath.replace(/\/$/, '');
  return async (req) => {
    const res = await services.call(gateway, {
      method: req.method,
      path: `${base}${req.path}`,
      // The gateway knows users by their access token; it takes no service identity from its callers.
      asService: false,
      headers: req.headers,
      ...(req.body === undefined ? {} : { body: req.body }),
      ...(req.context ? { context: req.context } : {}),
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
}

export class PlatformApi {
  readonly #send: GatewayTransport;

  constructor(send: GatewayTransport) {
    this.#send = send;
  }

  /**
   * @throws {UpstreamShapeError} when the answer is neither `schema` (2xx) nor the error shape.
   * @throws {UnavailableError} (service-kit) when no gateway instance answers.
   */
  async request<S extends z.ZodType>(req: ApiRequest<S>): Promise<ApiResult<z.output<S>>> {
    const headers: Record<string, string> = { ...req.headers };
    if (req.accessToken) headers.authorization = `Bearer ${req.accessToken}`;
    const res = await this.#send({
      method: req.method ?? 'GET',
      path: req.path,
      headers,
      ...(req.body === undefined ? {} : { body: req.body }),
      ...(req.context ? { context: req.context } : {}),
    });
    const body = parseJson(res.text);
    const pathOnly = req.path.split('?')[0]!;
    if (res.status >= 200 && res.status < 300) {
      const parsed = req.schema.safeParse(body);
      if (!parsed.success) throw new UpstreamShapeError(pathOnly, res.status);
      return { ok: true, status: res.status, value: parsed.data, headers: res.headers };
    }
    const err = platformError.safeParse(body);
    if (err.success) return { ok: false, status: res.status, error: err.data.error };
    // API Gateway's own answers (authorizer, throttling) are `{"message": ...}`.
    const gw = GATEWAY_UNAUTHORIZED.safeParse(body);
    if (gw.success)
      return { ok: false, status: res.status, error: { code: `GATEWAY_${res.status}`, message: gw.data.message } };
    throw new UpstreamShapeError(pathOnly, res.status);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
