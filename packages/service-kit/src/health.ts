/**
 * `GET /health`: liveness plus the readiness of the service's own dependencies. 200 when every
 * check passes, 503 (with the failing checks named) when one fails or the service is draining.
 * `GET /health/live` answers 200 while the process runs, for container restarts only.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

export interface DependencyCheck {
  readonly name: string;
  /** Resolves when the dependency is usable; rejects (or times out) when it is not. */
  readonly check: () => Promise<unknown>;
}

export interface HealthOptions {
  readonly service: string;
  readonly checks: readonly DependencyCheck[];
  /** Extra paths that answer the same as /health (the gateway's public `/<prefix>/health`). */
  readonly aliases?: readonly string[];
  readonly isDraining: () => boolean;
  /** @default 2000 */
  readonly checkTimeoutMs?: number;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 2000;

type CheckResult = { status: 'ok'; latencyMs: number } | { status: 'failing'; latencyMs: number; error: string };

async function runCheck(c: DependencyCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      c.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`no answer within ${timeoutMs} ms`));
        }, timeoutMs);
      }),
    ]);
    return { status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return {
      status: 'failing',
      latencyMs: Math.round(performance.now() - started),
      error: err instanceof Error ? err.message : String(err),
    };
  } finally {
    clearTimeout(timer);
  }
}

const healthResponse = z.object({
  status: z.enum(['ok', 'unavailable']),
  service: z.string(),
  checks: z.record(
    z.string(),
    z.object({ status: z.enum(['ok', 'failing']), latencyMs: z.number(), error: z.string().optional() }),
  ),
  draining: z.boolean().optional(),
});

export const healthPlugin = fp<HealthOptions>(
  async (app: FastifyInstance, opts) => {
    const timeout = opts.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    const evaluate = async () => {
      const results = await Promise.all(opts.checks.map(async (c) => [c.name, await runCheck(c, timeout)] as const));
      const draining = opts.isDraining();
      const ok = !draining && results.every(([, r]) => r.status === 'ok');
      const code: 200 | 503 = ok ? 200 : 503;
      const body = {
        status: ok ? ('ok' as const) : ('unavailable' as const),
        service: opts.service,
        checks: Object.fromEntries(results),
        ...(draining ? { draining } : {}),
      };
      return { code, body };
    };
    const schema = {
      tags: ['health'],
      summary: 'Liveness and readiness of this service and its dependencies',
      response: { 200: healthResponse, 503: healthResponse },
    };
    for (const path of ['/health', ...(opts.aliases ?? [])]) {
      app
        .withTypeProvider<ZodTypeProvider>()
        .get(path, { schema, config: { auth: 'public' } }, async (_request, reply) => {
          const { code, body } = await evaluate();
          return reply.code(code).send(body);
        });
    }
    app.get('/health/live', { schema: { hide: true }, config: { auth: 'public' } }, async () => ({ status: 'ok' }));
  },
  { name: '@dwp/service-kit/health' },
);
