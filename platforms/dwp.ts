/**
 * The DWP citizen services platform: seeds 000 ("ECS + API Gateway Architecture Design") and 001
 * ("ECS/Fargate Microservices 3-Tier Architecture"). Every number a seed states is here exactly once;
 * where the seeds are silent, the choice is marked "(ours)" with the reason.
 */
import { API_GATEWAY_MAX_PAYLOAD_BYTES, definePlatform, type PlatformInput } from '@dwp/platform';

type ServiceInput = PlatformInput['services'][number];
type GatewayRouteInput = NonNullable<PlatformInput['gateways']>['primary'] extends infer G
  ? G extends { routes: Array<infer R> }
    ? R
    : never
  : never;

/** Seed 000 "Health Checks" under Load Balancing Strategy. */
const ALB_HEALTH_CHECK = {
  path: '/health',
  intervalSeconds: 30,
  timeoutSeconds: 5, // (ours) the ALB default for HTTP target groups
  healthyThreshold: 2,
  unhealthyThreshold: 5,
} as const;

/** Seed 000 "ECS Service Auto Scaling": target tracking and step scaling apply to every service. */
const AUTO_SCALING = {
  targetTracking: [
    { metric: 'cpu', targetPercent: 70 },
    { metric: 'memory', targetPercent: 80 },
    { metric: 'alb-requests-per-target', requestsPerMinute: 1000 },
  ],
  steps: [
    { cpuAbovePercent: 80, change: 2 },
    { cpuAbovePercent: 90, change: 4 },
    { cpuBelowPercent: 30, change: -1 },
    { cpuBelowPercent: 20, change: -2 },
  ],
} satisfies PlatformInput['defaultScaling'];

/**
 * Seed 000 "Scheduled Scaling". Its off-hours range (2-10) is the web tier's own task range, so the
 * schedule belongs to frontend-service; the app tier's per-AZ ranges (e.g. benefits 3-9 per AZ)
 * would be cut by a min of 4 / max of 20 across the whole service. Weekdays only (ours).
 */
const BUSINESS_HOURS_SCHEDULES = [
  { name: 'business-hours', cron: 'cron(0 9 ? * MON-FRI *)', timeZone: 'Europe/London', minTasks: 4, maxTasks: 20 },
  { name: 'off-hours', cron: 'cron(0 18 ? * MON-FRI *)', timeZone: 'Europe/London', minTasks: 2, maxTasks: 10 },
];

function appService(
  name: string,
  prefix: string,
  size: { cpu: number; memory: number },
  tasks: { min: number; max: number },
  extra: Partial<ServiceInput> = {},
): ServiceInput {
  return {
    name,
    tier: 'app',
    cluster: 'dwp-app-cluster',
    port: 8080,
    ...size,
    tasks: { ...tasks, per: 'az' },
    routes: [`/${prefix}/*`],
    healthCheck: ALB_HEALTH_CHECK,
    ...extra,
  };
}

/**
 * Seed 000 "Primary API Gateway": one greedy ANY route per service, auth required. Beside each,
 * a specific public `GET /<prefix>/health` resource, which API Gateway matches before the greedy one
 * and which the stage cache leaves out (ours: health is only useful when current).
 */
function serviceRoutes(prefix: string, service: string, opts: { cache?: boolean } = {}): GatewayRouteInput[] {
  return [
    {
      path: `/${prefix}/{proxy+}`,
      method: 'ANY',
      service,
      auth: 'required',
      ...(opts.cache === false ? { caching: { enabled: false } } : {}),
    },
    // A readiness answer must be current: never from the stage cache.
    { path: `/${prefix}/health`, method: 'GET', service, auth: 'none', caching: { enabled: false } },
  ];
}

/** The caseworker's actions on a claim (claims-api's resources under /claims/claims/{claimId}). */
const CASEWORK = [
  ['POST', 'evidence-request'],
  ['POST', 'assessment'],
  ['POST', 'decision'],
  ['GET', 'checklist'],
  ['PUT', 'checklist/{item}'],
  ['GET', 'notes'],
  ['POST', 'notes'],
] as const;

export const dwp = definePlatform({
  name: 'dwp',
  description: 'DWP citizen services: citizen registration, identity, benefits, claims and address validation',
  // Seed 001: one VPC over three availability zones (AZ-A, AZ-B, AZ-C); the CIDR is the issue's.
  network: { cidr: '10.0.0.0/16', availabilityZones: 3 },
  clusters: [
    { name: 'dwp-web-cluster', tier: 'web' },
    { name: 'dwp-app-cluster', tier: 'app' },
  ],
  services: [
    {
      name: 'frontend-service',
      app: 'frontend',
      description: 'Citizen web frontend (GOV.UK Design System)',
      tier: 'web',
      cluster: 'dwp-web-cluster',
      port: 80,
      cpu: 512,
      memory: 1024,
      tasks: { min: 2, max: 10, per: 'service' },
      healthCheck: ALB_HEALTH_CHECK,
      discoverable: false,
      scaling: { ...AUTO_SCALING, schedules: BUSINESS_HOURS_SCHEDULES },
      taskRole: {
        name: 'frontend-task-role',
        permissions: [{ kind: 'dynamodb', access: 'readwrite', table: 'sessions' }, { kind: 'cloudwatch-logs' }],
      },
      dependsOn: ['sessions'],
    },
    appService(
      'citizen-api',
      'citizen',
      { cpu: 256, memory: 512 },
      { min: 2, max: 6 },
      {
        description: 'Citizen registration and profile management',
        taskRole: {
          name: 'citizen-task-role',
          permissions: [
            { kind: 'dynamodb', access: 'readwrite', table: 'citizens' },
            { kind: 'secrets-read', secrets: ['citizen-api-credentials'] },
            { kind: 'cloudwatch-logs' },
          ],
        },
        secrets: ['citizen-api-credentials'],
        calls: ['address-api', 'identity-api'],
        dependsOn: ['citizens'],
      },
    ),
    appService(
      'benefits-api',
      'benefits',
      { cpu: 512, memory: 1024 },
      { min: 3, max: 9 },
      {
        description: 'Universal Credit, JSA and ESA: catalogue, eligibility and entitlement',
        taskRole: {
          name: 'benefits-task-role',
          permissions: [
            { kind: 'rds-connect', database: 'benefits' },
            { kind: 'sqs-publish', queue: 'notifications' },
            { kind: 'secrets-read', secrets: ['benefits-db-credentials'] },
            { kind: 'cloudwatch-logs' },
          ],
        },
        secrets: ['benefits-db-credentials'],
        calls: ['external-gateway', 'citizen-api'],
        dependsOn: ['benefits'],
      },
    ),
    appService(
      'claims-api',
      'claims',
      { cpu: 512, memory: 1024 },
      { min: 2, max: 8 },
      {
        description: 'Benefit claims workflow and assessments',
        taskRole: {
          name: 'claims-task-role',
          permissions: [
            { kind: 'rds-connect', database: 'claims' },
            // Seed 000 grants S3Read; evidence uploads (claims issue) also need PutObject on the same bucket.
            { kind: 's3', access: 'readwrite', bucket: 'documents' },
            // Claim status changes reach citizens through the notification queue (issue 5).
            { kind: 'sqs-publish', queue: 'notifications' },
            { kind: 'secrets-read', secrets: ['claims-db-credentials'] },
            { kind: 'cloudwatch-logs' },
          ],
        },
        secrets: ['claims-db-credentials'],
        calls: ['external-gateway', 'citizen-api', 'identity-api', 'benefits-api'],
        dependsOn: ['claims'],
      },
    ),
    appService(
      'address-api',
      'address',
      { cpu: 256, memory: 512 },
      { min: 1, max: 4 },
      {
        description: 'Royal Mail address lookup and validation',
        taskRole: { name: 'address-task-role', permissions: [{ kind: 'cloudwatch-logs' }] },
        calls: ['external-gateway'],
      },
    ),
    appService(
      'identity-api',
      'identity',
      { cpu: 256, memory: 512 },
      { min: 2, max: 6 },
      {
        description: 'Authentication and identity verification (GOV.UK One Login; SAML for legacy relying parties)',
        taskRole: {
          name: 'identity-task-role',
          permissions: [
            { kind: 'dynamodb', access: 'readwrite', table: 'identities' },
            { kind: 'secrets-read', secrets: ['identity-signing-key'] },
            { kind: 'cloudwatch-logs' },
          ],
        },
        dependsOn: ['identities'],
        secrets: ['identity-signing-key'],
        calls: ['external-gateway'],
      },
    ),
    // Seed 001 places the external API gateway in the app tier as a Fargate service; the seeds give
    // it no size, so (ours) the app tier's common 256/512 and 2-6 tasks per AZ. It owns no public route.
    {
      name: 'external-gateway',
      description: 'Egress to government APIs: upstream auth, rate limits, circuit breaker, retries',
      tier: 'app',
      cluster: 'dwp-app-cluster',
      port: 8080,
      cpu: 256,
      memory: 512,
      tasks: { min: 2, max: 6, per: 'az' },
      healthCheck: ALB_HEALTH_CHECK,
      taskRole: {
        name: 'external-gateway-task-role',
        permissions: [{ kind: 'secrets-read', secrets: ['government-api-credentials'] }, { kind: 'cloudwatch-logs' }],
      },
      secrets: ['government-api-credentials'],
    },
    // (ours) The notifier worker (issue 5): consumes the notification queue and sends email/SMS
    // through GOV.UK Notify. A worker, so no routes and no gateway resource; the smallest Fargate size.
    {
      name: 'notifier',
      description: 'Sends citizens email and SMS through GOV.UK Notify for events on the notification queue',
      tier: 'app',
      cluster: 'dwp-app-cluster',
      port: 8080,
      cpu: 256,
      memory: 512,
      tasks: { min: 1, max: 2, per: 'service' },
      healthCheck: ALB_HEALTH_CHECK,
      discoverable: false,
      taskRole: {
        name: 'notifier-task-role',
        permissions: [
          { kind: 'sqs-consume', queue: 'notifications' },
          { kind: 'dynamodb', access: 'readwrite', table: 'notification-deliveries' },
          { kind: 'secrets-read', secrets: ['notify-api-key'] },
          { kind: 'cloudwatch-logs' },
        ],
      },
      secrets: ['notify-api-key'],
      calls: ['citizen-api'],
      dependsOn: ['notification-deliveries'],
      // A queue worker behind no load balancer: tasks replaced in place, the circuit breaker rolling back.
      deployment: { strategy: 'rolling', minimumHealthyPercent: 100, maximumPercent: 200, rollbackOnFailure: true },
    },
  ],
  serviceDiscovery: {
    namespace: 'dwp.local',
    healthCheck: { type: 'HTTP', path: '/health', intervalSeconds: 30, failureThreshold: 3 },
  },
  loadBalancing: {
    public: {
      name: 'dwp-public-alb',
      scheme: 'internet-facing',
      listeners: [
        { port: 443, protocol: 'HTTPS' },
        { port: 80, protocol: 'HTTP', redirectToPort: 443 },
      ],
      targets: ['frontend-service'],
    },
    internal: {
      name: 'dwp-internal-alb',
      scheme: 'internal',
      listeners: [{ port: 80, protocol: 'HTTP' }],
      targets: ['citizen-api', 'benefits-api', 'claims-api', 'address-api', 'identity-api'],
    },
    healthCheck: ALB_HEALTH_CHECK,
  },
  gateways: {
    primary: {
      name: 'dwp-internal-api',
      type: 'REGIONAL',
      basePath: '/api',
      stage: 'prod',
      authentication: {
        type: 'cognito-user-pool',
        serviceToService: 'iam',
        // Cognito's default password policy and token lifetimes; citizens register themselves,
        // staff are created by an administrator into `caseworker` or `admin`.
        // (ours) Every account signs in with a second factor, an authenticator app, as GOV.UK One
        // Login requires of citizens; staff reach other people's records.
        userPool: {
          name: 'dwp-citizens',
          groups: ['citizen', 'caseworker', 'admin'],
          selfSignUpGroup: 'citizen',
          staffGroups: ['caseworker', 'admin'],
          mfa: 'required',
        },
      },
      routes: [
        // (ours) Citizens' records and claims are personal and change with every step: not cached.
        ...serviceRoutes('citizen', 'citizen-api', { cache: false }),
        ...serviceRoutes('benefits', 'benefits-api'),
        ...serviceRoutes('claims', 'claims-api', { cache: false }),
        // Only caseworkers (and administrators) assess and decide claims: refused at the gateway,
        // and again by claims-api itself.
        ...CASEWORK.map(([method, path]) => ({
          path: `/claims/claims/{claimId}/${path}`,
          method,
          service: 'claims-api',
          roles: ['caseworker', 'admin'],
          caching: { enabled: false },
        })),
        ...serviceRoutes('address', 'address-api'),
        // (ours) Identity answers (who you are, whether you are verified) must be current: not cached.
        ...serviceRoutes('identity', 'identity-api', { cache: false }),
        // Signing up and in cannot need a token: specific public resources beside /identity/{proxy+}.
        // The second-factor steps of a sign-in carry Cognito's challenge session instead.
        ...[
          'sign-up',
          'confirm',
          'sign-in',
          'sign-in/mfa',
          'sign-in/mfa-setup',
          'sign-in/mfa-setup/verify',
          'refresh',
        ].map((step) => ({
          path: `/identity/${step}`,
          method: 'POST' as const,
          service: 'identity-api',
          auth: 'none' as const,
        })),
        // GOV.UK One Login returns the browser here; the state it carries names the journey.
        {
          path: '/identity/verify/callback',
          method: 'GET',
          service: 'identity-api',
          auth: 'none',
          caching: { enabled: false },
        },
        // The legacy SAML IdP posts its response here from the browser; RelayState names the journey.
        { path: '/identity/saml/acs', method: 'POST', service: 'identity-api', auth: 'none' },
      ],
      throttling: { rateLimit: 10000, burstLimit: 5000 },
      caching: {
        enabled: true,
        ttlSeconds: 300,
        keyHeaders: ['Authorization'],
        keyQueryString: true,
        // (ours) API Gateway's REST cache keys only on named query parameters: these are the ones
        // the services' GET routes take (paging and filters). tests/e2e/local-platform.test.ts
        // checks every cached service's OpenAPI against this list.
        keyQueryParameters: ['cursor', 'limit', 'state'],
        methods: ['GET'],
      },
      canary: { percentTraffic: 10 },
    },
    external: {
      name: 'dwp-external-api',
      service: 'external-gateway',
      routes: [
        {
          path: '/external/royal-mail/{proxy+}',
          methods: ['GET', 'POST'],
          upstream: 'royal-mail',
          auth: 'api-key',
          rateLimit: { requests: 1000, perSeconds: 60 },
          callers: ['address-api'],
        },
        {
          path: '/external/hmrc/{proxy+}',
          methods: ['GET', 'POST'],
          upstream: 'hmrc',
          auth: 'oauth2-client-credentials',
          rateLimit: { requests: 500, perSeconds: 60 },
          callers: ['benefits-api', 'claims-api'],
        },
        {
          path: '/external/nhs/{proxy+}',
          methods: ['GET'],
          upstream: 'nhs',
          auth: 'mtls-oauth2-jwt',
          rateLimit: { requests: 200, perSeconds: 60 },
          callers: ['benefits-api', 'claims-api'],
        },
        {
          path: '/external/gov-verify/{proxy+}',
          methods: ['POST'],
          upstream: 'gov-verify',
          auth: 'saml2',
          rateLimit: { requests: 100, perSeconds: 60 },
          callers: ['identity-api'],
        },
        // GOV.UK Verify closed in 2023; its successor GOV.UK One Login (OIDC) is the identity upstream
        // the seeds' "GOV.UK Verify integration" now means. The seeds give it no limit: (ours) three
        // back-channel calls per sign-in (discovery, token, userinfo) for 100 sign-ins a minute.
        {
          path: '/external/one-login/{proxy+}',
          methods: ['GET', 'POST'],
          upstream: 'one-login',
          auth: 'oidc',
          rateLimit: { requests: 300, perSeconds: 60 },
          callers: ['identity-api'],
        },
        // One Login signs the identity credential (coreIdentityJWT) as a separate issuer on a host of
        // its own (identity.account.gov.uk), whose DID document holds the keys; it is public. (ours)
        // one read per sign-in at most, the document being cached as its Cache-Control says.
        {
          path: '/external/one-login-identity/{proxy+}',
          methods: ['GET'],
          upstream: 'one-login-identity',
          auth: 'none',
          rateLimit: { requests: 100, perSeconds: 60 },
          callers: ['identity-api'],
        },
      ],
      circuitBreaker: { failureRatePercent: 50, openSeconds: 30, minimumCalls: 10, windowSeconds: 60 },
      retry: { maxAttempts: 3, backoff: 'exponential', initialDelayMs: 100, maxDelayMs: 2000 },
      timeoutMs: 5000,
    },
  },
  dataStores: [
    { kind: 'postgres', name: 'benefits', owner: 'benefits-api', credentialsSecret: 'benefits-db-credentials' },
    { kind: 'postgres', name: 'claims', owner: 'claims-api', credentialsSecret: 'claims-db-credentials' },
    { kind: 'dynamodb', name: 'citizens', owner: 'citizen-api', partitionKey: 'citizenId' },
    {
      kind: 'dynamodb',
      name: 'sessions',
      owner: 'frontend-service',
      partitionKey: 'sessionId',
      ttlAttribute: 'expiresAt',
    },
    // (ours) identity-api's record of each user's verified identity (confidence, verified claims) and
    // of verification journeys in flight (state, nonce, PKCE verifier), which expire.
    { kind: 'dynamodb', name: 'identities', owner: 'identity-api', partitionKey: 'pk', ttlAttribute: 'expiresAt' },
    { kind: 's3', name: 'documents', owner: 'claims-api' },
    { kind: 'queue', name: 'notifications', owner: 'benefits-api', deadLetterAfterReceives: 5 },
    // (ours) One record per delivered event id, so a redelivered event is never sent twice; kept 30 days.
    {
      kind: 'dynamodb',
      name: 'notification-deliveries',
      owner: 'notifier',
      partitionKey: 'eventId',
      ttlAttribute: 'expiresAt',
    },
    { kind: 'cache', name: 'cache' },
  ],
  defaultScaling: AUTO_SCALING,
  edge: {
    waf: {
      managedRuleGroups: ['common', 'sqli', 'known-bad-inputs'],
      rateLimitPerIpPer5Min: 2000, // (ours) seed 000 asks for a per-IP rate limit without a number
      // (ours) the UK, Ireland (Common Travel Area) and the Crown Dependencies
      geo: { allowCountries: ['GB', 'IE', 'IM', 'JE', 'GG'] },
      maxBodyBytes: API_GATEWAY_MAX_PAYLOAD_BYTES + 64 * 1024, // evidence uploads up to 10 MB plus multipart framing
    },
  },
  observability: {
    logRetentionDays: 30,
    // Every request locally and in test and stage. In prod a request through API Gateway follows
    // X-Ray's own sampling decision (its default rule: the first request each second, then 5 %);
    // 5 % is the same share for the traces a service starts itself (queue consumers, the web
    // tier's own pages), enough for the service map and latency percentiles at a fraction of the
    // X-Ray cost. A trace never changes its decision part-way.
    tracing: { sampleRate: 1, environments: { prod: 0.05 } },
    alarms: {
      cpuAbovePercent: 80,
      memoryAbovePercent: 85,
      taskFailureRateAbovePercent: 5,
      serviceUnavailable: true,
      http5xxRateAbovePercent: 5, // (ours) seed 000 monitors 5xx rates without a threshold
    },
  },
  environments: [
    { name: 'test', nameSuffix: '-test', pathPrefix: '/test', natGateways: 1 },
    { name: 'stage', nameSuffix: '-stage', pathPrefix: '/stage', natGateways: 1 },
    { name: 'prod', nameSuffix: '', pathPrefix: '', natGateways: 3 },
  ],
  // Seed 000 "Blue/Green Deployment" for the ECS services: "gradual task replacement, health check
  // validation, automatic rollback on failure". ECS's own blue/green (no CodeDeploy to run beside
  // it): the new version starts as a whole second set beside the old one, which keeps every request
  // until the new set passes its target group health checks and a smoke test of its health path
  // through the test listener; then all traffic moves at once. The old set stays up for the bake
  // (ours: 10 minutes, two alarm windows and then some) so that a rollback is a weight change, not a
  // redeploy. It rolls back when the new set never gets healthy (circuit breaker), when the smoke
  // test fails, and when an alarm fires during the shift or the bake: seed 004's success rate below
  // 99.5 % over 2 datapoints of 60 s, and the platform's 5xx threshold (observability.alarms,
  // 5 %). Blue/green over canary or linear: the seed's "gradual" is the task replacement, and
  // its 10 % canary is the API Gateway stage's (gateways.primary.canary). The notifier, behind no
  // load balancer, has no traffic to shift: it is released rolling (its own `deployment`).
  deployment: {
    strategy: 'blue-green',
    controller: 'ecs',
    bakeMinutes: 10,
    rollbackAlarms: { successRatePercentBelow: 99.5, errorRatePercentAbove: 5, periodSeconds: 60, datapoints: 2 },
    smokeTest: { path: '/health', expectStatus: 200, timeoutSeconds: 5 },
  },
});
