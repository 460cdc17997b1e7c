/**
 * The environment contract between a running service and whatever started it: the local runtime
 * (`npm start`) and the CDK task definitions set the same variables, so a service's code path is
 * the same in both places and only the values differ. Every variable name a process reads is
 * declared here, once; the service kit, the apps' config readers, the local stand-ins and the CDK
 * app all read the names from here.
 */
import type { DataStore, ExternalRoute } from './schema.ts';

export const ENV = {
  /** Port the service listens on (the container port on AWS; a free port locally). */
  port: 'PORT',
  /** Address the service listens on. */
  host: 'HOST',
  serviceName: 'SERVICE_NAME',
  /** Instance id the runtime gave this replica, for logs and metrics. */
  instanceId: 'INSTANCE_ID',
  /** Where the platform answers the public (CloudFront on AWS, the edge locally). */
  publicBaseUrl: 'PUBLIC_BASE_URL',
  /** `registry` (local: the dev runtime's registry) or `dns` (AWS: Cloud Map DNS names). */
  discoveryMode: 'DISCOVERY_MODE',
  discoveryRegistryUrl: 'DISCOVERY_REGISTRY_URL',
  discoveryNamespace: 'DISCOVERY_NAMESPACE',
  /** Endpoints that point AWS SDK clients at local stand-ins; unset on AWS. */
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  s3Endpoint: 'S3_ENDPOINT',
  sqsEndpoint: 'SQS_ENDPOINT',
  /** PostgreSQL: a URL locally; on AWS the RDS secret's fields arrive as PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE. */
  databaseUrl: 'DATABASE_URL',
  redisUrl: 'REDIS_URL',
  /** 'true' when REDIS_URL names a cluster-mode configuration endpoint (ElastiCache with shards). */
  redisClusterMode: 'REDIS_CLUSTER_MODE',
  logLevel: 'LOG_LEVEL',
  /** Milliseconds a stopping service waits for in-flight requests (ECS stopTimeout is 30 s). */
  stopTimeoutMs: 'STOP_TIMEOUT_MS',
  /** This principal's private Ed25519 JWK, which signs its service tokens. */
  signingKey: 'SERVICE_SIGNING_KEY',
  /** The JWKS of every principal's public key, which verifies service tokens. */
  trustedKeys: 'PLATFORM_TRUSTED_KEYS',
  /** The user pool (Cognito on AWS, the local pool under `npm start`). */
  cognitoIssuer: 'COGNITO_ISSUER',
  cognitoClientId: 'COGNITO_CLIENT_ID',
  cognitoRegion: 'COGNITO_REGION',
  cognitoUserPoolId: 'COGNITO_USER_POOL_ID',
  /** Points the Cognito client at the local pool; unset on AWS. */
  cognitoEndpoint: 'COGNITO_ENDPOINT',
  /**
   * Tracing, in OpenTelemetry's own variable names. 'true' turns the SDK off (no spans, no export).
   */
  tracingDisabled: 'OTEL_SDK_DISABLED',
  /** Where spans go over OTLP/HTTP: the runtime's admin port locally, the ADOT sidecar on AWS. */
  otlpEndpoint: 'OTEL_EXPORTER_OTLP_ENDPOINT',
  otelServiceName: 'OTEL_SERVICE_NAME',
  /** Share of new traces recorded (0 to 1); a trace that arrives sampled or not keeps its decision. */
  traceSampleRate: 'OTEL_TRACES_SAMPLER_ARG',
  /** `xray` on AWS: X-Ray trace ids and the X-Ray header beside W3C's, so API Gateway's segments join. @default w3c */
  traceIdFormat: 'TRACE_ID_FORMAT',
  /**
   * The fault switch, for rehearsing a bad release locally (`npm run release -- <service> --env ...`);
   * a service refuses to start with either set unless it runs under the local runtime.
   * The share of requests (0 to 1; never /health, /metrics or /docs) answered 503. @default 0
   */
  fault5xxRate: 'FAULT_5XX_RATE',
  /** The fault switch: `fail` makes /health answer 503, so the instance never becomes healthy. */
  faultHealth: 'FAULT_HEALTH',
  /** Set by the ECS agent in every task, Fargate included: a process that sees it runs on AWS. */
  ecsContainerMetadataUri: 'ECS_CONTAINER_METADATA_URI_V4',
} as const;

/** The ports `npm start` answers on when `PORT` and `ADMIN_PORT` do not say otherwise. */
export const LOCAL_PORTS = {
  /** The public entry (the edge: CloudFront + WAF + public ALB). */
  entry: 8080,
  /** `/status` and the registry API. */
  admin: 8090,
} as const;

/** The port a service listens on when neither `PORT` nor its definition says (a container's usual port). */
export const DEFAULT_SERVICE_PORT = 8080;

/** The variables of the local runtime itself (`npm start`), beside those it gives services. */
export const RUNTIME_ENV = {
  /** The public entry's port. @default LOCAL_PORTS.entry */
  port: ENV.port,
  /** The status and registry port. @default LOCAL_PORTS.admin */
  adminPort: 'ADMIN_PORT',
  /** Where those two listen. @default 127.0.0.1 */
  bindAddress: 'BIND_ADDRESS',
} as const;

/** The region AWS clients name when the definition does not place them (Cognito's, locally). */
export const DEFAULT_REGION = 'eu-west-2';

/**
 * `royal-mail` -> `ROYAL_MAIL`: how a definition name (service, store, secret, upstream) becomes
 * part of an environment variable name. The one rule every derived name follows.
 */
export function envName<N extends string>(name: N): EnvName<N> {
  // The string rule, restated for the type checker by EnvName; the two say the same thing.
  return name.toUpperCase().replace(/-/g, '_') as EnvName<N>;
}

type DashesToUnderscores<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}_${DashesToUnderscores<Tail>}`
  : S;
/** {@link envName} at the type level, so a config schema keyed by a derived name keeps its literal key. */
export type EnvName<N extends string> = Uppercase<DashesToUnderscores<N>>;

/** `SERVICE_URL_<NAME>`: the discovery override that sends calls to a named service to a fixed URL. */
export function serviceUrlEnvName(service: string): string {
  return `SERVICE_URL_${envName(service)}`;
}

/** The variable a plain secret arrives in: `citizen-api-credentials` -> `CITIZEN_API_CREDENTIALS`. */
export function secretEnvName(secret: string): string {
  return envName(secret);
}

/** The variable that carries a store's physical name (table, bucket, queue URL), or undefined when none is needed. */
export function dataStoreEnvName(store: Pick<DataStore, 'kind' | 'name'>): string | undefined {
  switch (store.kind) {
    case 'dynamodb':
      return `DYNAMODB_TABLE_${envName(store.name)}`;
    case 's3':
      return `S3_BUCKET_${envName(store.name)}`;
    case 'queue':
      return `SQS_QUEUE_URL_${envName(store.name)}`;
    case 'postgres':
    case 'cache':
      return undefined;
    default: {
      const never: never = store.kind;
      throw new Error(`Unexpected data store kind ${String(never)}`);
    }
  }
}

/**
 * The variables the external gateway reads for one upstream, derived from its name in the
 * definition (`royal-mail` -> `ROYAL_MAIL_*`). Which of them a route needs follows its `auth`
 * ({@link upstreamEnvNamesFor}).
 */
export function upstreamEnvNames<U extends string>(upstream: U) {
  const p = envName(upstream);
  return {
    /** Base URL the route's `{proxy+}` is appended to. */
    url: `${p}_URL`,
    /** api-key: the key sent in the upstream's key header. */
    apiKey: `${p}_API_KEY`,
    /** oauth2: the token endpoint. */
    tokenUrl: `${p}_TOKEN_URL`,
    /** oauth2: the application's client id (NHS: its API key, the assertion's iss and sub). */
    clientId: `${p}_CLIENT_ID`,
    /** oauth2 client credentials: the client secret. */
    clientSecret: `${p}_CLIENT_SECRET`,
    /** oauth2 client credentials: space-separated scopes. @default none asked */
    scope: `${p}_SCOPE`,
    /** signed-JWT client assertion: the private key (PKCS#8 PEM) and its key id. */
    signingKey: `${p}_SIGNING_KEY`,
    signingKid: `${p}_SIGNING_KID`,
    /** mTLS: the client certificate and key (PEM), and the CA that signed the upstream's certificate. */
    clientCert: `${p}_CLIENT_CERT`,
    clientKey: `${p}_CLIENT_KEY`,
    caCert: `${p}_CA_CERT`,
  } as const;
}
export type UpstreamEnvNames = ReturnType<typeof upstreamEnvNames<string>>;

/** Which of an upstream's variables the external gateway reads, by the route's auth, required and optional alike. */
const UPSTREAM_VARIABLES_BY_AUTH: Readonly<Record<ExternalRoute['auth'], ReadonlyArray<keyof UpstreamEnvNames>>> = {
  'api-key': ['url', 'apiKey'],
  'oauth2-client-credentials': ['url', 'tokenUrl', 'clientId', 'clientSecret', 'scope'],
  'mtls-oauth2-jwt': ['url', 'tokenUrl', 'clientId', 'signingKey', 'signingKid', 'clientCert', 'clientKey', 'caCert'],
  saml2: ['url'],
  oidc: ['url'],
  none: ['url'],
};

/** Every variable the external gateway reads for a route's upstream. */
export function upstreamEnvNamesFor(route: Pick<ExternalRoute, 'upstream' | 'auth'>): string[] {
  const names = upstreamEnvNames(route.upstream);
  return UPSTREAM_VARIABLES_BY_AUTH[route.auth].map((key) => names[key]);
}

/**
 * What a caller of an `oidc` or `saml2` upstream reads as its relying party (identity-api for
 * GOV.UK One Login and the legacy SAML IdP): `one-login` -> `ONE_LOGIN_ISSUER`, ...
 */
export function relyingPartyEnvNames<U extends string>(upstream: U) {
  const p = envName(upstream);
  return {
    /** oidc: the issuer (ending in `/`); discovery is at `<issuer>.well-known/openid-configuration`. */
    issuer: `${p}_ISSUER`,
    /**
     * oidc: the issuer of the identity credentials the provider signs apart from its ID tokens, on
     * a host of its own (GOV.UK One Login's coreIdentityJWT: `https://identity.account.gov.uk/`).
     */
    identityIssuer: `${p}_IDENTITY_ISSUER`,
    /** oidc: the relying party's client id. */
    clientId: `${p}_CLIENT_ID`,
    /** oidc: PKCS#8 PEM of the RS256 key for private_key_jwt and request objects, and its kid. */
    signingKey: `${p}_CLIENT_SIGNING_KEY`,
    signingKid: `${p}_CLIENT_SIGNING_KID`,
    /** saml2: PEM of the IdP's signing certificate. */
    idpCert: `${p}_IDP_CERT`,
    /** saml2: the IdP's entity id (the responses' Issuer). */
    idpEntityId: `${p}_IDP_ENTITY_ID`,
  } as const;
}
