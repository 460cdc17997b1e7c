/**
 * The primary gateway's resource policy (seed 000 "Resource-based policies"): it admits the two
 * paths the design sends requests by, and refuses everything else and anything not over TLS.
 *
 * - CloudFront's origin requests. A regional API's resource policy cannot name a prefix list, and
 *   CloudFront's origin-facing addresses are too many and change too often for `aws:SourceIp`. So
 *   the distribution sends a secret in the `Referer` header of its origin requests (CloudFront
 *   overwrites a viewer's own `Referer` with it: CloudFront guide, "Add custom headers to origin
 *   requests"), and the policy admits `aws:Referer` equal to it, a key API Gateway offers for every
 *   authorization type (API Gateway guide, "AWS condition keys that can be used in API Gateway
 *   resource policies"). The secret is in Secrets Manager; both templates hold only a dynamic
 *   reference to it.
 * - Calls from inside the VPC. `aws:SourceVpc` and `aws:SourceVpce` exist only for private APIs, and
 *   this API is regional (CloudFront's origin). What a regional endpoint sees of a task in the
 *   private subnets is its NAT gateway's Elastic IP, so the policy admits `aws:SourceIp` equal to
 *   those addresses.
 *
 * Each admission names only the definition's routes (stage, method and path); everything else meets
 * an explicit deny, so a later allow cannot widen it.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type { GatewayRoute, PrimaryGateway } from '@dwp/platform';

/** The header CloudFront's origin requests carry the origin secret in (`aws:Referer` reads it). */
export const ORIGIN_VERIFY_HEADER = 'Referer';

export interface InternalApiPolicyProps {
  readonly gateway: PrimaryGateway;
  /** What CloudFront sends in {@link ORIGIN_VERIFY_HEADER}: a dynamic reference to the origin secret. */
  readonly originVerifyValue: string;
  /** `<address>/32` of each NAT gateway the VPC's tasks leave by. */
  readonly vpcEgressCidrs: readonly string[];
}

/**
 * A route as the resource of `execute-api:Invoke`, in the policy's short form
 * (`execute-api:/<stage>/<method>/<path>`): path parameters, greedy or not, match any value, and
 * `ANY` any method, as API Gateway matches them against the request.
 */
export function methodResourceOf(stage: string, route: Pick<GatewayRoute, 'method' | 'path'>): string {
  const method = route.method === 'ANY' ? '*' : route.method;
  const path = route.path.replace(/^\//, '').replace(/\{[A-Za-z0-9_]+\+?\}/g, '*');
  return `execute-api:/${stage}/${method}/${path}`;
}

/** Every invocation of the API, in any stage. */
const EVERY_INVOCATION = 'execute-api:/*';

export function internalApiPolicy(props: InternalApiPolicyProps): iam.PolicyDocument {
  const { gateway, originVerifyValue } = props;
  if (props.vpcEgressCidrs.length === 0)
    throw new Error(
      'internalApiPolicy: the VPC has no NAT gateway address, so nothing inside it could reach the regional API; give the environment a NAT gateway',
    );
  const egress = [...props.vpcEgressCidrs];
  const routes = [...new Set(gateway.routes.map((r) => methodResourceOf(gateway.stage, r)))];
  const invoke = { principals: [new iam.AnyPrincipal()], actions: ['execute-api:Invoke'] };
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'CloudFrontOriginRequests',
        effect: iam.Effect.ALLOW,
        ...invoke,
        resources: routes,
        conditions: { StringEquals: { 'aws:Referer': originVerifyValue } },
      }),
      new iam.PolicyStatement({
        sid: 'CallsFromTheVpc',
        effect: iam.Effect.ALLOW,
        ...invoke,
        resources: routes,
        conditions: { IpAddress: { 'aws:SourceIp': egress } },
      }),
      // Both conditions must hold to deny: a request that is neither CloudFront's nor the VPC's.
      new iam.PolicyStatement({
        sid: 'DenyEveryOtherSource',
        effect: iam.Effect.DENY,
        ...invoke,
        resources: [EVERY_INVOCATION],
        conditions: {
          StringNotEquals: { 'aws:Referer': originVerifyValue },
          NotIpAddress: { 'aws:SourceIp': egress },
        },
      }),
      new iam.PolicyStatement({
        sid: 'DenyWithoutTls',
        effect: iam.Effect.DENY,
        ...invoke,
        resources: [EVERY_INVOCATION],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ],
  });
}
