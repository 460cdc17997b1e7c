/**
 * A stand-in for the primary API gateway in page tests: answers are registered per method and
 * path pattern, and every request is recorded. Answers follow the platform's shapes (the services'
 * own tests and the e2e journeys check those against the real services).
 */
import type { GatewayRequest, GatewayResponse, GatewayTransport } from '../upstream/platform-api.ts';

export interface FakeAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}
type Handler = (req: GatewayRequest, match: RegExpExecArray) => FakeAnswer | Promise<FakeAnswer>;

export class FakeGateway {
  readonly requests: GatewayRequest[] = [];
  readonly #routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [];

  /** `pattern` is matched against the path and query, anchored at both ends. */
  on(method: string, pattern: string | RegExp, answer: FakeAnswer | Handler): this {
    const re =
      typeof pattern === 'string'
        ? new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
        : new RegExp(`^(?:${pattern.source})$`);
    this.#routes.unshift({ method, pattern: re, handler: typeof answer === 'function' ? answer : () => answer });
    return this;
  }

  /** The requests made to `method path` so far. */
  calls(method: string, path: string): GatewayRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.split('?')[0] === path);
  }

  readonly transport: GatewayTransport = async (req): Promise<GatewayResponse> => {
    this.requests.push(req);
    for (const r of this.#routes) {
      const m = r.method === req.method ? r.pattern.exec(req.path) : null;
      if (!m) continue;
      const a = await r.handler(req, m);
      return {
        status: a.status,
        headers: { 'content-type': 'application/json', ...a.headers },
        text: a.body === undefined ? '' : JSON.stringify(a.body),
      };
    }
    return {
      status: 404,
      headers: { 'content-type': 'application/json' },
      text: JSON.stringify({
        error: { code: 'SVC_ERR_ROUTE_NOT_FOUND', message: `No route for ${req.method} ${req.path}` },
      }),
    };
  };
}
