/**
 * Every environment variable the external gateway reads, named in one place. Upstream URLs and
 * credentials come from the environment (on AWS, the `government-api-credentials` secret); each
 * upstream's variables are derived from its name in the definition (`royal-mail` -> `ROYAL_MAIL_*`)
 * and which ones it needs from its route's `auth`. A route whose URL is unset is "not configured"
 * and answers 503; a route with a URL but missing credentials stops the gateway at start.
 */
import { upstreamEnvNames, type ExternalRoute } from '@dwp/platform';
import { ConfigError } from '@dwp/service-kit';
import { z } from 'zod';

/** Gateway-wide variables. */
export const externalGatewayConfigSchema = z.object({
  /** Redis (ElastiCache) for outbound limits shared by every replica. @default unset: in-process */
  REDIS_URL: z.url().optional(),
  /** Prefix of every Redis key, so environments (and test runs) sharing a Redis stay apart. @default 'dwp:' */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]*$/)
    .default('dwp:'),
  /**
   * Overrides the definition's circuit-breaker open period, for tests that watch a breaker recover.
   * Never set in a deployed environment. @default unset: the definition's `openSeconds`
   */
  EXTERNAL_TEST_BREAKER_OPEN_MS: z.coerce.number().int().positive().max(600_000).optional(),
});
export type ExternalGatewayConfig = z.output<typeof externalGatewayConfigSchema>;

/** The variables of one upstream: named by the runtime contract (`@dwp/platform`), read here. */
export { upstreamEnvNames };

export type UpstreamCredentials =
  | { readonly auth: 'api-key'; readonly apiKey: string }
  | {
      readonly auth: 'oauth2-client-credentials';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly clientSecret: string;
      readonly scope?: string;
    }
  | {
      readonly auth: 'mtls-oauth2-jwt';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly signingKey: string;
      readonly signingKid: string;
      readonly clientCert: string;
      readonly clientKey: string;
      readonly caCert?: string;
    }
  | { readonly auth: 'saml2' }
  | { readonly auth: 'oidc' }
  | { readonly auth: 'none' };

export type UpstreamConfig =
  | { readonly kind: 'configured'; readonly url: string; readonly credentials: UpstreamCredentials }
  | { readonly kind: 'not-configured'; readonly variable: string };

const url = z.url();
const text = z.string().min(1);
const pem = (label: string) =>
  z.string().regex(new RegExp(`-----BEGIN [A-Z ]*${label}-----`), `must be a PEM ${label.toLowerCase()}`);

/** Reads one route's upstream from the environment; throws ConfigError naming every bad variable. */
export function loadUpstreamConfig(route: ExternalRoute, env: NodeJS.ProcessEnv): UpstreamConfig {
  const names = upstreamEnvNames(route.upstream);
  const base = env[names.url];
  if (!base) return { kind: 'not-configured', variable: names.url };
  const problems: Array<{ variable: string; message: string }> = [];
  const read = <T>(variable: string, schema: z.ZodType<T>, optional = false): T | undefined => {
    const raw = env[variable];
    if (raw === undefined || raw === '') {
      if (!optional) problems.push({ variable, message: 'is required when the upstream URL is set' });
      return undefined;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) problems.push({ variable, message: parsed.error.issues[0]!.message });
    return parsed.success ? parsed.data : undefined;
  };
  read(names.url, url);
  let credentials: UpstreamCredentials;
  switch (route.auth) {
    case 'api-key':
      credentials = { auth: 'api-key', apiKey: read(names.apiKey, text)! };
      break;
    case 'oauth2-client-credentials': {
      const scope = read(names.scope, text, true);
      credentials = {
        auth: route.auth,
        tokenUrl: read(names.tokenUrl, url)!,
        clientId: read(names.clientId, text)!,
        clientSecret: read(names.clientSecret, text)!,
        ...(scope ? { scope } : {}),
      };
      break;
    }
    case 'mtls-oauth2-jwt': {
      const caCert = read(names.caCert, pem('CERTIFICATE'), true);
      credentials = {
        auth: route.auth,
        tokenUrl: read(names.tokenUrl, url)!,
        clientId: read(names.clientId, text)!,
        signingKey: read(names.signingKey, pem('PRIVATE KEY'))!,
        signingKid: read(names.signingKid, text)!,
        clientCert: read(names.clientCert, pem('CERTIFICATE'))!,
        clientKey: read(names.clientKey, pem('PRIVATE KEY'))!,
        ...(caCert ? { caCert } : {}),
      };
      break;
    }
    case 'saml2':
    case 'oidc':
    case 'none':
      credentials = { auth: route.auth };
      break;
    default: {
      const never: never = route.auth;
      throw new Error(`Unexpected upstream auth ${String(never)}`);
    }
  }
  if (problems.length) throw new ConfigError('external-gateway', problems);
  return { kind: 'configured', url: base.replace(/\/+$/, ''), credentials };
}
