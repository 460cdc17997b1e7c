/**
 * Where the stacks deploy: an explicit account and region, read from CDK context or the
 * environment, with offline defaults, so `cdk synth` needs no AWS credentials and makes no lookups.
 */

/** The AWS account used when neither context nor the environment names one (synth only). */
export const PLACEHOLDER_ACCOUNT = '123456789012';
/** London: UK citizens' data stays in the UK. */
export const DEFAULT_REGION = 'eu-west-2';
/** CloudFront's web ACLs (WAFv2 scope CLOUDFRONT) can only be created in us-east-1. */
export const CLOUDFRONT_WAF_REGION = 'us-east-1';

export interface DeploymentTarget {
  readonly account: string;
  readonly region: string;
  /** The VPC's zones, named rather than looked up so synth stays offline. */
  readonly availabilityZones: readonly string[];
  /**
   * Image tag to deploy from each app's ECR repository. When absent the images are built from the
   * Dockerfiles by `cdk deploy` (CDK container assets), which is what makes a first deploy into an
   * empty account work.
   */
  readonly imageTag: string | undefined;
}

export type ContextReader = (key: string) => unknown;

function text(value: unknown, key: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new TypeError(`context "${key}" must be a string, got ${typeof value}`);
  return value;
}

/**
 * Reads `account`, `region`, `availabilityZones` (comma-separated) and `imageTag` from context
 * (`cdk synth -c region=eu-west-1`), then CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION, then the defaults.
 */
export function deploymentTarget(
  context: ContextReader,
  zoneCount: number,
  env: NodeJS.ProcessEnv = process.env,
): DeploymentTarget {
  const account = text(context('account'), 'account') ?? env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ACCOUNT;
  const region = text(context('region'), 'region') ?? env.CDK_DEFAULT_REGION ?? DEFAULT_REGION;
  if (!/^\d{12}$/.test(account)) throw new TypeError(`account "${account}" must be 12 digits`);
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new TypeError(`region "${region}" is not an AWS region name`);
  const zonesText = text(context('availabilityZones'), 'availabilityZones');
  const availabilityZones = zonesText
    ? zonesText.split(',').map((z) => z.trim())
    : Array.from({ length: zoneCount }, (_, i) => `${region}${String.fromCharCode(97 + i)}`);
  if (availabilityZones.length !== zoneCount) {
    throw new TypeError(
      `the definition spans ${zoneCount} availability zones but ${availabilityZones.length} were named`,
    );
  }
  return { account, region, availabilityZones, imageTag: text(context('imageTag'), 'imageTag') };
}
