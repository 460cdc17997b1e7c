/**
 * Whole-template checks for every stack of every environment: the app makes exactly the expected
 * stacks, each with the expected number of resources of each type and of outputs (the table below:
 * a change to the infrastructure shows there as a readable diff, and must be made there on purpose),
 * cdk-nag (AwsSolutions and NIST 800-53 rev 5) leaves no error and no warning, every suppression
 * carries a written reason, and the stacks stay inside CloudFormation's quotas. What the resources
 * hold (each number of the seeds, each IAM grant) is asserted by the focused tests beside the code
 * and in definition-coverage.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { dwp } from '@dwp/platforms/dwp';
import { z } from 'zod';
import { nagSuppressionsOf } from './testing/nag-suppressions.ts';
import { stackName, synthesised } from './testing/synthesised.ts';

/** CloudFormation quotas (AWS CloudFormation User Guide, "Quotas"). */
export const CLOUDFORMATION_LIMITS = {
  resources: 500,
  outputs: 200,
  parameters: 200,
  /** Bytes of a template uploaded through S3, as CDK deploys it. */
  templateBytes: 1_000_000,
} as const;

const synth = synthesised();

/** The parts of a template these checks read. */
const TemplateShape = z.object({
  Resources: z.record(z.string(), z.object({ Type: z.string() })),
  Outputs: z.record(z.string(), z.unknown()).optional(),
  Parameters: z.record(z.string(), z.unknown()).optional(),
});
type TemplateShape = z.output<typeof TemplateShape>;

const templates = new Map<string, TemplateShape>(
  synth.stacks.map((s) => [s.stackName, TemplateShape.parse(s.template)]),
);
function templateOf(name: string): TemplateShape {
  const t = templates.get(name);
  assert.ok(t, `no stack ${name}`);
  return t;
}

/** The environments of the definition, and the stacks each one is made of. */
const ENVIRONMENTS = ['test', 'stage', 'prod'];
const PARTS = [
  'Network',
  'Data',
  'Identity',
  'Registry',
  'Compute',
  'Api',
  'EdgeFirewall',
  'Edge',
  'Observability',
] as const;
type Part = (typeof PARTS)[number];

/** Resources of each type in each part's stack (as in the test environment). */
const RESOURCES: Readonly<Record<Part, Readonly<Record<string, number>>>> = {
  Network: {
    'AWS::EC2::EIP': 1,
    'AWS::EC2::FlowLog': 1,
    'AWS::EC2::InternetGateway': 1,
    'AWS::EC2::NatGateway': 1,
    'AWS::EC2::Route': 6,
    'AWS::EC2::RouteTable': 9,
    'AWS::EC2::SecurityGroup': 4,
    'AWS::EC2::Subnet': 9,
    'AWS::EC2::SubnetRouteTableAssociation': 9,
    'AWS::EC2::VPC': 1,
    'AWS::EC2::VPCEndpoint': 5,
    'AWS::EC2::VPCGatewayAttachment': 1,
    'AWS::IAM::Policy': 1,
    'AWS::IAM::Role': 2,
    'AWS::KMS::Key': 1,
    'AWS::Lambda::Function': 1,
    'AWS::Logs::LogGroup': 1,
    'Custom::VpcRestrictDefaultSG': 1,
  },
  Data: {
    'AWS::Backup::BackupPlan': 1,
    'AWS::Backup::BackupSelection': 1,
    'AWS::Backup::BackupVault': 1,
    'AWS::DynamoDB::GlobalTable': 4,
    'AWS::EC2::SecurityGroup': 5,
    'AWS::EC2::SecurityGroupIngress': 2,
    'AWS::ElastiCache::ReplicationGroup': 1,
    'AWS::ElastiCache::SubnetGroup': 1,
    'AWS::IAM::Role': 3,
    'AWS::KMS::Key': 2,
    'AWS::Logs::LogGroup': 4,
    'AWS::RDS::DBInstance': 2,
    'AWS::RDS::DBParameterGroup': 2,
    'AWS::RDS::DBSubnetGroup': 2,
    'AWS::S3::Bucket': 2,
    'AWS::S3::BucketPolicy': 2,
    'AWS::SNS::Subscription': 1,
    'AWS::SNS::Topic': 1,
    'AWS::SNS::TopicPolicy': 1,
    'AWS::SQS::Queue': 2,
    'AWS::SQS::QueuePolicy': 2,
    'AWS::SecretsManager::ResourcePolicy': 2,
    'AWS::SecretsManager::RotationSchedule': 2,
    'AWS::SecretsManager::Secret': 8,
    'AWS::SecretsManager::SecretTargetAttachment': 2,
    'AWS::Serverless::Application': 2,
  },
  Identity: {
    'AWS::Cognito::UserPool': 1,
    'AWS::Cognito::UserPoolClient': 1,
    'AWS::Cognito::UserPoolGroup': 3,
    'AWS::IAM::Policy': 2,
    'AWS::IAM::Role': 1,
    'AWS::KMS::Key': 1,
    'AWS::Lambda::Function': 1,
    'AWS::Lambda::Permission': 1,
    'AWS::Logs::LogGroup': 1,
  },
  Registry: {
    'AWS::ECR::Repository': 8,
    'AWS::KMS::Key': 1,
  },
  Compute: {
    // Service Connect's TLS: the private CA, its root certificate and their activation.
    'AWS::ACMPCA::Certificate': 1,
    'AWS::ACMPCA::CertificateAuthority': 1,
    'AWS::ACMPCA::CertificateAuthorityActivation': 1,
    'AWS::ApplicationAutoScaling::ScalableTarget': 8,
    'AWS::ApplicationAutoScaling::ScalingPolicy': 40,
    // Beside the scaling alarms, each released service's rollback alarms (success rate, 5xx rate).
    'AWS::CloudWatch::Alarm': 32,
    // The smoke tests' own.
    'AWS::EC2::SecurityGroup': 12,
    'AWS::EC2::SecurityGroupEgress': 6,
    'AWS::EC2::SecurityGroupIngress': 32,
    'AWS::ECS::Cluster': 2,
    'AWS::ECS::ClusterCapacityProviderAssociations': 2,
    'AWS::ECS::Service': 8,
    'AWS::ECS::TaskDefinition': 8,
    // A test listener on each load balancer, and a production and a test rule per ALB service.
    'AWS::ElasticLoadBalancingV2::Listener': 8,
    'AWS::ElasticLoadBalancingV2::ListenerRule': 13,
    'AWS::ElasticLoadBalancingV2::LoadBalancer': 3,
    // A green group beside each blue/green service's primary one.
    'AWS::ElasticLoadBalancingV2::TargetGroup': 15,
    // The release role, a role per smoke-test function, and ECS's infrastructure role for Service Connect TLS.
    'AWS::IAM::Policy': 28,
    'AWS::IAM::Role': 28,
    'AWS::KMS::Key': 2,
    // Beside the custom resources' handlers, a smoke test per blue/green service.
    'AWS::Lambda::Function': 10,
    // One of them per service for its collector sidecar's EMF metrics.
    'AWS::Logs::LogGroup': 27,
    'AWS::S3::Bucket': 1,
    'AWS::S3::BucketPolicy': 1,
    'AWS::SecretsManager::Secret': 17,
    // Service Connect registers each discoverable service in the namespace itself (no Cloud Map
    // service of the template's: a DNS registration beside it would take the same name).
    'AWS::ServiceDiscovery::PrivateDnsNamespace': 1,
    'AWS::WAFv2::LoggingConfiguration': 1,
    'AWS::WAFv2::WebACL': 1,
    'AWS::WAFv2::WebACLAssociation': 1,
    'Custom::AWS': 1,
    'Custom::KeyPair': 9,
  },
  Api: {
    'AWS::ApiGateway::Account': 1,
    'AWS::ApiGateway::ApiKey': 4,
    'AWS::ApiGateway::Authorizer': 1,
    'AWS::ApiGateway::Deployment': 2,
    // dwp-internal-api's own answers, with bodies that name no internals.
    'AWS::ApiGateway::GatewayResponse': 11,
    'AWS::ApiGateway::Method': 35,
    'AWS::ApiGateway::RequestValidator': 2,
    'AWS::ApiGateway::Resource': 47,
    'AWS::ApiGateway::RestApi': 2,
    'AWS::ApiGateway::Stage': 2,
    'AWS::ApiGateway::UsagePlan': 1,
    'AWS::ApiGateway::UsagePlanKey': 4,
    'AWS::ApiGateway::VpcLink': 1,
    'AWS::IAM::Role': 1,
    'AWS::KMS::Key': 1,
    'AWS::Logs::LogGroup': 2,
    // CloudFront's origin secret, which dwp-internal-api's resource policy admits.
    'AWS::SecretsManager::Secret': 1,
    'AWS::WAFv2::WebACLAssociation': 2,
  },
  EdgeFirewall: {
    'AWS::KMS::Key': 1,
    'AWS::Logs::LogGroup': 1,
    'AWS::WAFv2::LoggingConfiguration': 1,
    'AWS::WAFv2::WebACL': 1,
  },
  Edge: {
    'AWS::CloudFront::Distribution': 1,
    'AWS::CloudFront::Function': 1,
    // Removes the platform's internal response headers from the web tier's and the API's answers.
    'AWS::CloudFront::ResponseHeadersPolicy': 1,
    'AWS::S3::Bucket': 1,
    'AWS::S3::BucketPolicy': 1,
  },
  Observability: {
    'AWS::CloudWatch::Alarm': 39,
    'AWS::CloudWatch::Dashboard': 3,
    'AWS::KMS::Key': 1,
    'AWS::SNS::Topic': 1,
    'AWS::SNS::TopicPolicy': 1,
  },
};

/** Where an environment's stack differs from the table above. */
const ENVIRONMENT_RESOURCES: Readonly<Record<string, Partial<Record<Part, Readonly<Record<string, number>>>>>> = {
  // One NAT gateway (and its Elastic IP) per zone in prod, one in all in test and stage.
  prod: { Network: { 'AWS::EC2::EIP': 3, 'AWS::EC2::NatGateway': 3 } },
};

/** Outputs of each part's stack: the values other stacks import. */
const OUTPUTS: Readonly<Record<Part, number>> = {
  Network: 10,
  Data: 27,
  Identity: 3,
  Registry: 16,
  // Each released service's green target group is one: the observability stack's 5xx alarm reads it.
  Compute: 28,
  // The fourth is the origin secret's ARN, which the Edge stack's API origin resolves.
  Api: 4,
  EdgeFirewall: 1,
  Edge: 0,
  Observability: 0,
};

/**
 * Where an environment's outputs differ from the table above: the Network stack exports each NAT
 * gateway's address, which the public ALB's test listener admits the smoke tests from and the
 * internal API's resource policy admits calls from the VPC by.
 */
const ENVIRONMENT_OUTPUTS: Readonly<Record<string, Partial<Record<Part, number>>>> = {
  test: { Network: 11 },
  stage: { Network: 11 },
  prod: { Network: 13 },
};

function countsByType(t: TemplateShape): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of Object.values(t.Resources)) counts[r.Type] = (counts[r.Type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

describe('stacks', () => {
  it('makes the expected stacks of the expected environments, and no other', () => {
    assert.deepEqual(
      dwp.environments.map((e) => e.name),
      ENVIRONMENTS,
    );
    assert.deepEqual(
      synth.stacks.map((s) => s.stackName).sort(),
      [...ENVIRONMENTS.flatMap((e) => PARTS.map((p) => stackName(e, p))), 'DwpPipeline'].sort(),
    );
    for (const environment of ENVIRONMENTS)
      assert.equal(Object.keys(synth.built.environments.get(environment) ?? {}).length, PARTS.length, environment);
  });

  it('makes one release pipeline for the whole app, with the expected resources', () => {
    assert.deepEqual(countsByType(templateOf('DwpPipeline')), {
      'AWS::CodeBuild::Project': 10,
      'AWS::CodePipeline::Pipeline': 1,
      'AWS::IAM::Policy': 22,
      'AWS::IAM::Role': 23,
      'AWS::KMS::Key': 1,
      'AWS::Logs::LogGroup': 1,
      'AWS::S3::Bucket': 2,
      'AWS::S3::BucketPolicy': 2,
    });
  });

  for (const environment of ENVIRONMENTS) {
    for (const part of PARTS) {
      const name = stackName(environment, part);
      it(`${name} has the expected resources of each type and outputs`, () => {
        const t = templateOf(name);
        const expected: Record<string, number> = { ...RESOURCES[part], ...ENVIRONMENT_RESOURCES[environment]?.[part] };
        assert.deepEqual(countsByType(t), expected);
        assert.equal(
          Object.keys(t.Outputs ?? {}).length,
          ENVIRONMENT_OUTPUTS[environment]?.[part] ?? OUTPUTS[part],
          'outputs',
        );
      });
    }
  }
});

/** The levels of a synthesis message that are findings (cdk-nag reports errors and warnings). */
const FINDING_LEVELS: ReadonlySet<string> = new Set(['error', 'warning']);

describe('cdk-nag', () => {
  for (const stack of synth.stacks) {
    it(`${stack.stackName} has no unsuppressed AwsSolutions or NIST 800-53 finding`, () => {
      const findings = stack.messages
        .filter((m) => FINDING_LEVELS.has(m.level))
        .map((m) => {
          const data = m.entry.data;
          return `${m.level} ${m.id}: ${(typeof data === 'string' ? data : inspect(data)).slice(0, 160)}`;
        });
      assert.deepEqual(findings, []);
    });
  }

  it('gives every suppression a specific reason of at least one sentence', () => {
    const short: string[] = [];
    let count = 0;
    for (const stack of synth.stacks) {
      for (const rule of nagSuppressionsOf(stack.template)) {
        count += 1;
        if (rule.reason.trim().length < 60)
          short.push(`${stack.stackName}/${rule.resource} ${rule.id}: "${rule.reason}"`);
      }
    }
    assert.ok(count > 0, 'expected suppressions to be recorded in template metadata');
    assert.deepEqual(short, []);
  });
});

describe('CloudFormation limits', () => {
  for (const stack of synth.stacks) {
    it(`${stack.stackName} stays inside the resource, output, parameter and size quotas`, () => {
      const t = templateOf(stack.stackName);
      const resources = Object.keys(t.Resources).length;
      const outputs = Object.keys(t.Outputs ?? {}).length;
      const parameters = Object.keys(t.Parameters ?? {}).length;
      const bytes = Buffer.byteLength(JSON.stringify(stack.template));
      assert.ok(resources > 0 && resources <= CLOUDFORMATION_LIMITS.resources, `${resources} resources`);
      assert.ok(outputs <= CLOUDFORMATION_LIMITS.outputs, `${outputs} outputs`);
      assert.ok(parameters <= CLOUDFORMATION_LIMITS.parameters, `${parameters} parameters`);
      assert.ok(bytes <= CLOUDFORMATION_LIMITS.templateBytes, `${bytes} bytes`);
    });
  }
});
