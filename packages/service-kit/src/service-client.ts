/**
 * How a service calls another by name: a healthy instance through discovery, a signed service
 * token for the callee (and the user it acts for), trace context and request id carried along.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { DiscoveryClient } from './discovery.ts';
import { BadAnswerError, UnavailableError } from '@dwp/service-errors';
import type { z } from 'zod';
import type { Forwarder, Upstream } from './forward.ts';
import type { UserIdentity } from './identity/caller.ts';
import { SERVICE_TOKEN_HEADER, type ServiceTokenSigner } from './identity/service-token.ts';
import { tracingStarted } from '@dwp/telemetry';
import { traceparentOf, type TraceContext } from './trace-context.ts';

export interface CallOptions {
  readonly method?: string;
  /** Path and query on the callee, e.g. `/identity/users/u-1`. */
  readonly path: string;
  /** Sent as JSON when it is not a Buffer. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** The user this call acts for; the callee sees it as `caller.onBehalfOf`. */
  readonly onBehalfOf?: UserIdentity;
  /**
   * Send this service's identity (a signed service token). Off for a callee that authenticates
   * users, not services, such as the primary gateway. @default true
   */
  readonly asService?: boolean;
  /** The incoming request's trace and id, so the call joins its trace. */
  readonly context?: { readonly trace: TraceContext; readonly id: string };
}

export interface ReadOptions {
  /** The error code of the 502 a wrong shape becomes. @default BadAnswerError.code */
  readonly code?: string;
}

export interface CallResult {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /**
   * The JSON body, checked against a schema: a body that is not JSON or not of that shape is a
   * {@link BadAnswerError} (502) naming the callee and path, with the fields that failed.
   */
  read<S extends z.ZodType>(schema: S, opts?: ReadOptions): Promise<z.output<S>>;
  text(): Promise<string>;
}

/**
 * The answer to a read of something the callee may not hold: its checked body, `undefined` on a
 * 404, and for any other status an {@link UnavailableError} saying `unavailable` (the callee's own
 * error is not the caller's to show its users).
 */
export async function foundOrNone<S extends z.ZodType>(
  res: Pick<CallResult, 'status' | 'read' | 'text'>,
  schema: S,
  unavailable: string,
): Promise<z.output<S> | undefined> {
  if (res.status === 404) {
    await res.text();
    return undefined;
  }
  if (res.status !== 200) {
    await res.text();
    throw new UnavailableError(unavailable);
  }
  return res.read(schema);
}

/** Reads a JSON body and checks it against a schema, or fails with a 502 that says which answer. */
export async function readAnswer<S extends z.ZodType>(
  what: string,
  body: () => Promise<unknown>,
  schema: S,
  opts: ReadOptions = {},
): Promise<z.output<S>> {
  let value: unknown;
  try {
    value = await body();
  } catch {
    throw new BadAnswerError(`${what} answered with a body that is not JSON`, undefined, opts.code);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new BadAnswerError(`${what} answered with a body of the wrong shape`, details, opts.code);
  }
  return parsed.data;
}

export class ServiceClient {
  readonly #discovery: DiscoveryClient;
  readonly #forwarder: Forwarder;
  readonly #signer: ServiceTokenSigner | undefined;
  readonly #upstreams = new Map<string, Upstream>();

  constructor(discovery: DiscoveryClient, forwarder: Forwarder, signer: ServiceTokenSigner | undefined) {
    this.#discovery = discovery;
    this.#forwarder = forwarder;
    this.#signer = signer;
  }

  #upstream(service: string): Upstream {
    let u = this.#upstreams.get(service);
    if (!u) {
      u = {
        pick: (exclude) => this.#discovery.pick(service, exclude),
        reportFailure: (e) => {
          this.#discovery.reportFailure(e);
        },
      };
      this.#upstreams.set(service, u);
    }
    return u;
  }

  /** @throws {UnavailableError} when no instance of `service` answers. */
  async call(service: string, opts: CallOptions): Promise<CallResult> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    let body: Buffer | undefined;
    if (opts.body !== undefined) {
      body = Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(JSON.stringify(opts.body));
      if (!Buffer.isBuffer(opts.body)) headers['content-type'] = 'application/json';
    }
    if (this.#signer && opts.asService !== false)
      headers[SERVICE_TOKEN_HEADER] = await this.#signer.sign(service, opts.onBehalfOf);
    if (opts.context) {
      // A tracing process's HTTP instrumentation adds the call's own span as the parent; a second
      // traceparent header beside it would make the callee's parent ambiguous.
      if (!tracingStarted()) headers.traceparent = traceparentOf(opts.context.trace);
      headers['x-request-id'] = opts.context.id;
    }
    const result = await this.#forwarder.forward(this.#upstream(service), {
      method: opts.method ?? 'GET',
      path: opts.path,
      headers,
      ...(body ? { body } : {}),
    });
    switch (result.kind) {
      case 'response': {
        const { statusCode, headers: h, body: stream } = result.response;
        const what = `${service} (${opts.method ?? 'GET'} ${opts.path.split('?')[0] ?? ''})`;
        return {
          status: statusCode,
          headers: h,
          read: (schema, readOpts) => readAnswer(what, () => stream.json(), schema, readOpts),
          text: () => stream.text(),
        };
      }
      case 'unavailable':
      case 'failed':
        throw new UnavailableError(`${service} is not available; try again shortly`);
      case 'timeout':
        throw new UnavailableError(`${service} did not answer in time`);
      default: {
        const never: never = result;
        throw new Error(`Unexpected forward result ${JSON.stringify(never)}`);
      }
    }
  }
}
