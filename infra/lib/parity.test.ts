/**
 * Parity of the laptop and AWS, hop by hop along a request (browser -> CloudFront -> WAF -> ALB ->
 * frontend -> API Gateway -> service -> external gateway). For each hop the table reads the same
 * facts twice: from what the local runtime is given (the definition as `startLocalPlatform` and the
 * gateway emulator read it, and `localProcessesOf`) and from the synthesised prod templates. A hop
 * whose two sides differ needs a written reason; a reason whose sides no longer differ fails too,
 * so the table never keeps an excuse for a difference that has gone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INTERNAL_HEADER_PREFIX, INTERNAL_RESPONSE_HEADERS } from '@dwp/gateway-core';
import { localProcessesOf, serviceUrlEnvName } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { z } from 'zod';
import { physicalName } from './naming.ts';
import { environmentNamed } from './platform-stacks.ts';
import { stackName, synthesised } from './testing/synthesised.ts';

const ENVIRONMENT = 'prod';
const synth = synthesised();
const gateway = dwp.gateways.primary!;
const waf = dwp.edge!.waf;
const webService = dwp.loadBalancing.public.targets[0]!;

type Fact = string | number | boolean | readonly string[];
type Facts = Readonly<Record<string, Fact>>;

interface Hop {
  readonly hop: string;
  readonly laptop: () => Facts;
  readonly aws: () => Facts;
  /** Why the two sides differ, where they do. */
  readonly differs?: string;
}

const Resource = z.object({ Type: z.string(), Properties: z.record(z.string(), z.unknown()).optional() });
type Resource = z.output<typeof Resource>;

function resourcesOf(part: string, type: string): Array<[string, Record<string, unknown>]> {
  const resources = z
    .record(z.string(), Resource)
    .parse(synth.template(stackName(ENVIRONMENT, part)).toJSON()['Resources']);
  return Object.entries(resources)
    .filter(([, r]: [string, Resource]) => r.Type === type)
    .map(([id, r]) => [id, r.Properties ?? {}]);
}

/** Every `{ Ref: id }` anywhere inside a value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  const ref = (value as Record<string, unknown>)['Ref'];
  return [...(typeof ref === 'string' ? [ref] : []), ...Object.values(value).flatMap(refsIn)];
}

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].toSorted();

// ---- what the templates say ------------------------------------------------------------------

function distributionConfig(): Record<string, unknown> {
  const [only] = resourcesOf('Edge', 'AWS::CloudFront::Distribution');
  assert.ok(only, 'a distribution');
  return z.object({ DistributionConfig: z.record(z.string(), z.unknown()) }).parse(only[1]).DistributionConfig;
}

const Behaviour = z.object({ PathPattern: z.string().optional(), ViewerProtocolPolicy: z.string() });

/** Each task definition's container environment, by container name. */
function containerEnvironments(): Map<string, Map<string, unknown>> {
  const Container = z.object({
    Name: z.string(),
    Environment: z.array(z.object({ Name: z.string(), Value: z.unknown() })).optional(),
  });
  const out = new Map<string, Map<string, unknown>>();
  for (const [, p] of resourcesOf('Compute', 'AWS::ECS::TaskDefinition')) {
    const [app] = z.object({ ContainerDefinitions: z.array(Container) }).parse(p).ContainerDefinitions;
    if (app) out.set(app.Name, new Map((app.Environment ?? []).map((e) => [e.Name, e.Value])));
  }
  return out;
}

/** `caller -> callee` for each SERVICE_URL_<callee> that names a Service Connect alias. */
function awsServiceCalls(): string[] {
  const pairs: string[] = [];
  for (const [caller, env] of containerEnvironments())
    for (const callee of dwp.services)
      if (JSON.stringify(env.get(serviceUrlEnvName(callee.name)) ?? '').includes(`.${dwp.serviceDiscovery.namespace}:`))
        pairs.push(`${caller} -> ${callee.name}`);
  return sorted(pairs);
}

/** The internal API's methods as `METHOD /path`, and those a Cognito authorizer guards. */
function awsMethods(): { routes: string[]; authorised: string[] } {
  const name = physicalName(environmentNamed(dwp, ENVIRONMENT), gateway.name);
  const apiId = resourcesOf('Api', 'AWS::ApiGateway::RestApi').find(([, p]) => p['Name'] === name)?.[0];
  assert.ok(apiId, `a REST API named ${name}`);
  const Res = z.object({ ParentId: z.unknown(), PathPart: z.string() });
  const parts = new Map(resourcesOf('Api', 'AWS::ApiGateway::Resource').map(([id, p]) => [id, Res.parse(p)]));
  const pathOf = (id: string): string => {
    const r = parts.get(id);
    if (!r) return ''; // the root resource
    const [parent] = refsIn(r.ParentId);
    return `${parent ? pathOf(parent) : ''}/${r.PathPart}`;
  };
  const Method = z.object({ HttpMethod: z.string(), AuthorizationType: z.string(), ResourceId: z.unknown() });
  const routes: string[] = [];
  const authorised: string[] = [];
  for (const [, p] of resourcesOf('Api', 'AWS::ApiGateway::Method')) {
    if (!refsIn(p['RestApiId']).includes(apiId)) continue;
    const m = Method.parse(p);
    const [resource] = refsIn(m.ResourceId);
    const route = `${m.HttpMethod} ${resource ? pathOf(resource) : '/'}`;
    routes.push(route);
    if (m.AuthorizationType === 'COGNITO_USER_POOLS') authorised.push(route);
  }
  return { routes: sorted(routes), authorised: sorted(authorised) };
}

/** The containers the public ALB's HTTPS listener forwards to. */
function publicAlbServices(): string[] {
  const https = resourcesOf('Compute', 'AWS::ElasticLoadBalancingV2::Listener').find(
    ([, p]) => p['Protocol'] === 'HTTPS',
  )?.[0];
  assert.ok(https, 'an HTTPS listener');
  const groups = new Set(
    resourcesOf('Compute', 'AWS::ElasticLoadBalancingV2::ListenerRule')
      .filter(([, p]) => refsIn(p['ListenerArn']).includes(https))
      .flatMap(([, p]) => refsIn(p['Actions'])),
  );
  const LoadBalancer = z.object({ ContainerName: z.string(), TargetGroupArn: z.unknown() });
  return sorted(
    resourcesOf('Compute', 'AWS::ECS::Service').flatMap(([, p]) =>
      z
        .array(LoadBalancer)
        .parse(p['LoadBalancers'] ?? [])
        .filter((lb) => refsIn(lb.TargetGroupArn).some((g) => groups.has(g)))
        .map((lb) => lb.ContainerName),
    ),
  );
}

/** Whether every Service Connect endpoint a service publishes has TLS. */
function serviceConnectEncrypted(): boolean {
  const Sc = z.object({ Services: z.array(z.object({ Tls: z.unknown().optional() })).optional() });
  const published = resourcesOf('Compute', 'AWS::ECS::Service').flatMap(
    ([, p]) => Sc.parse(p['ServiceConnectConfiguration'] ?? {}).Services ?? [],
  );
  return published.length > 0 && published.every((s) => s.Tls !== undefined);
}

/** The headers the response headers policy on the API behaviour removes. */
function awsRemovedHeaders(): string[] {
  const config = distributionConfig();
  const api = z
    .array(Behaviour.extend({ ResponseHeadersPolicyId: z.unknown() }))
    .parse(config['CacheBehaviors'] ?? [])
    .find((b) => b.PathPattern === `${gateway.basePath}/*`);
  const [policyId] = refsIn(api?.ResponseHeadersPolicyId);
  const policy = resourcesOf('Edge', 'AWS::CloudFront::ResponseHeadersPolicy').find(([id]) => id === policyId)?.[1];
  const items = z
    .object({
      ResponseHeadersPolicyConfig: z.object({
        RemoveHeadersConfig: z.object({ Items: z.array(z.object({ Header: z.string() })) }).optional(),
      }),
    })
    .parse(policy ?? { ResponseHeadersPolicyConfig: {} }).ResponseHeadersPolicyConfig.RemoveHeadersConfig?.Items;
  return sorted((items ?? []).map((i) => i.Header.toLowerCase()));
}

// ---- what the laptop is given ----------------------------------------------------------------

/** `caller -> callee` from the definitions' `calls`, which each callee checks the service token against. */
function laptopServiceCalls(): string[] {
  return sorted(dwp.services.flatMap((s) => s.calls.map((callee) => `${s.name} -> ${callee}`)));
}

/** The process the web tier reaches when it calls the primary gateway's name. */
function laptopGatewayProcess(): string {
  const p = localProcessesOf(dwp).find((x) => x.name === gateway.name);
  return p?.kind === 'primary-gateway' ? 'api-gateway' : 'none';
}

const HOPS: readonly Hop[] = [
  {
    hop: 'browser -> CloudFront',
    // local-platform.ts gives the edge `apiBasePath: gateway.basePath` and listens with node:http.
    laptop: () => ({ apiPathPattern: `${gateway.basePath}/*`, viewerTls: false }),
    aws: () => {
      const config = distributionConfig();
      const behaviours = z.array(Behaviour).parse(config['CacheBehaviors'] ?? []);
      const viewer = [Behaviour.parse(config['DefaultCacheBehavior']), ...behaviours];
      return {
        apiPathPattern: sorted(behaviours.flatMap((b) => (b.PathPattern ? [b.PathPattern] : []))).join(','),
        viewerTls: viewer.every((b) => b.ViewerProtocolPolicy !== 'allow-all'),
      };
    },
    differs:
      'viewerTls: the laptop entry is plain HTTP on localhost (one machine, no certificate); CloudFront redirects HTTP to HTTPS and serves the API over HTTPS only.',
  },
  {
    hop: 'CloudFront -> WAF',
    // The local edge is given `waf: platform.edge.waf`: the same allow-list and per-IP limit.
    laptop: () => ({
      geoAllow: sorted(waf.geo?.allowCountries ?? []),
      ratePerIpPer5Min: waf.rateLimitPerIpPer5Min ?? 0,
    }),
    aws: () => {
      const geo = z
        .object({ Restrictions: z.object({ GeoRestriction: z.object({ Locations: z.array(z.string()) }) }) })
        .parse(distributionConfig()).Restrictions.GeoRestriction.Locations;
      const [acl] = resourcesOf('EdgeFirewall', 'AWS::WAFv2::WebACL');
      assert.ok(acl, 'the CloudFront web ACL');
      const rules = z
        .array(z.object({ Statement: z.object({ RateBasedStatement: z.object({ Limit: z.number() }).optional() }) }))
        .parse(acl[1]['Rules']);
      const limits = rules.flatMap((r) =>
        r.Statement.RateBasedStatement ? [r.Statement.RateBasedStatement.Limit] : [],
      );
      return { geoAllow: sorted(geo), ratePerIpPer5Min: limits.length === 1 ? limits[0]! : -1 };
    },
  },
  {
    hop: 'ALB -> frontend',
    // local-platform.ts gives the edge `webService: platform.loadBalancing.public.targets[0]`.
    laptop: () => ({ services: [webService] }),
    aws: () => ({ services: publicAlbServices() }),
  },
  {
    hop: 'frontend -> API Gateway',
    laptop: () => ({ target: laptopGatewayProcess() }),
    aws: () => {
      const url = containerEnvironments().get(webService)?.get(serviceUrlEnvName(gateway.name));
      const text = JSON.stringify(url ?? '');
      return {
        target: text.includes('execute-api') ? 'api-gateway' : text.includes('ApiLink') ? 'internal-alb' : 'none',
      };
    },
    differs:
      "target: on AWS the web tier still calls the internal ALB under the gateway's base path, because the Api stack needs the Compute stack's NLB and the Compute stack cannot be given the API's URL without a cycle (README, \"The web tier's calls to the primary gateway\").",
  },
  {
    hop: 'API Gateway -> service',
    // The emulator serves `gateways.primary.routes`, verifying the token where `auth` is required.
    laptop: () => ({
      routes: sorted(gateway.routes.map((r) => `${r.method} ${r.path}`)),
      authorised: sorted(gateway.routes.filter((r) => r.auth === 'required').map((r) => `${r.method} ${r.path}`)),
    }),
    aws: () => awsMethods(),
  },
  {
    hop: 'API Gateway -> browser (response headers)',
    // The emulator drops `INTERNAL_RESPONSE_HEADERS` and every `x-dwp-*` header from its answers.
    laptop: () => ({ removed: sorted(INTERNAL_RESPONSE_HEADERS), removedPrefix: INTERNAL_HEADER_PREFIX }),
    aws: () => ({ removed: awsRemovedHeaders(), removedPrefix: 'exact names only' }),
    differs:
      'removedPrefix: a CloudFront response headers policy removes exact names, not a prefix; no service sends an x-dwp-* response header (they are request headers the gateway signs), so there is no name to list.',
  },
  {
    hop: 'service -> service',
    laptop: () => ({
      calls: laptopServiceCalls().filter((c) => !c.endsWith(`-> ${dwp.gateways.external?.service}`)),
      encrypted: false,
    }),
    aws: () => ({
      calls: awsServiceCalls().filter((c) => !c.endsWith(`-> ${dwp.gateways.external?.service}`)),
      encrypted: serviceConnectEncrypted(),
    }),
    differs:
      'encrypted: on a laptop every process listens on 127.0.0.1 and calls are loopback HTTP; on AWS they cross the network, so Service Connect proxies carry them over TLS from the private CA.',
  },
  {
    hop: 'service -> external gateway',
    laptop: () => ({ callers: laptopServiceCalls().filter((c) => c.endsWith(`-> ${dwp.gateways.external?.service}`)) }),
    aws: () => ({ callers: awsServiceCalls().filter((c) => c.endsWith(`-> ${dwp.gateways.external?.service}`)) }),
  },
];

/** The facts on which the two sides disagree. */
function differences(laptop: Facts, aws: Facts): string[] {
  return sorted([...Object.keys(laptop), ...Object.keys(aws)]).filter(
    (k) => JSON.stringify(laptop[k]) !== JSON.stringify(aws[k]),
  );
}

describe('laptop and AWS, hop by hop', () => {
  for (const hop of HOPS) {
    it(`${hop.hop}: the two sides agree, or the difference is written down`, () => {
      const laptop = hop.laptop();
      const aws = hop.aws();
      const differ = differences(laptop, aws);
      if (hop.differs === undefined) {
        assert.deepEqual(aws, laptop, `${hop.hop} differs on ${differ.join(', ')} with no written reason`);
        return;
      }
      assert.ok(differ.length > 0, `${hop.hop} no longer differs: remove its reason`);
      for (const fact of differ)
        assert.ok(
          hop.differs.startsWith(`${fact}:`) || hop.differs.includes(` ${fact}:`),
          `${hop.hop}: no reason for ${fact}`,
        );
    });
  }

  it('reads real facts on both sides (no hop is empty)', () => {
    for (const hop of HOPS) {
      for (const [key, value] of Object.entries({ ...hop.laptop(), ...hop.aws() }))
        assert.ok(
          !(Array.isArray(value) && value.length === 0) && value !== '' && value !== 'none' && value !== -1,
          `${hop.hop}: ${key} read nothing`,
        );
    }
  });
});
