/**
 * Service Connect with TLS from the private CA: the settings of one service (pure), and in the
 * synthesised templates of every environment, each service on the namespace, the CA, ECS's role
 * for TLS, the callers' URLs and security groups, and the load balancers' suppression that no
 * longer speaks for service-to-service traffic.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { discoveryNameOf, serviceNamed, serviceUrlEnvName } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { pascal } from '../naming.ts';
import { nagSuppressionsOf } from '../testing/nag-suppressions.ts';
import { stackName, synthesised } from '../testing/synthesised.ts';
import {
  SERVICE_CONNECT_INGRESS_PORT,
  SERVICE_PORT_NAME,
  serviceConnectPropsOf,
  serviceConnectUrlOf,
  type ServiceConnectOptions,
} from './service-connect.ts';
import {
  ECS_MANAGED_TAG,
  ROOT_CERTIFICATE_YEARS,
  SERVICE_CONNECT_KMS_ACTIONS,
  SERVICE_CONNECT_TLS_POLICY,
  SHORT_LIVED_MODE,
} from './service-connect-authority.ts';

type Resource = { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] };

function options(): ServiceConnectOptions {
  const stack = new Stack(new App(), 'Options');
  return {
    namespaceArn: 'arn:aws:servicediscovery:eu-west-2:111111111111:namespace/ns-example',
    tls: {
      authorityArn: 'arn:aws:acm-pca:eu-west-2:111111111111:certificate-authority/example',
      kmsKey: new kms.Key(stack, 'Key'),
      role: new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com') }),
    },
  };
}

describe("a service's Service Connect settings", () => {
  const citizen = serviceNamed(dwp, 'citizen-api');
  const notifier = serviceNamed(dwp, 'notifier');

  it('sends callers to the client alias <name>.<namespace> on the service port', () => {
    assert.equal(serviceConnectUrlOf(dwp, citizen), `http://citizen-api.${dwp.serviceDiscovery.namespace}:8080`);
  });

  it('refuses a URL for a service that publishes nothing (not discoverable)', () => {
    assert.throws(() => serviceConnectUrlOf(dwp, notifier), /notifier is not discoverable/);
  });

  it('publishes a discoverable service under its own name with TLS from the CA, its proxy on the TLS port', () => {
    const o = options();
    const props = serviceConnectPropsOf(dwp, citizen, o);
    assert.equal(props.namespace, o.namespaceArn);
    const services = props.services ?? [];
    assert.equal(services.length, 1);
    const published = services[0];
    assert.ok(published);
    assert.equal(published.portMappingName, SERVICE_PORT_NAME);
    assert.equal(published.discoveryName, 'citizen-api');
    assert.equal(published.dnsName, discoveryNameOf(dwp, citizen));
    assert.equal(published.port, citizen.port);
    assert.equal(published.ingressPortOverride, SERVICE_CONNECT_INGRESS_PORT);
    assert.deepEqual(published.tls, {
      awsPcaAuthorityArn: o.tls.authorityArn,
      kmsKey: o.tls.kmsKey,
      role: o.tls.role,
    });
  });

  it('makes a service nobody calls by name a client only', () => {
    const props = serviceConnectPropsOf(dwp, notifier, options());
    assert.equal(props.services, undefined);
  });

  it("refuses a service whose own port is the proxy's TLS port", () => {
    assert.throws(
      () => serviceConnectPropsOf(dwp, { ...citizen, port: SERVICE_CONNECT_INGRESS_PORT }, options()),
      /listens on 8443, the port its Service Connect proxy takes inbound TLS on/,
    );
  });
});

const synth = synthesised();

for (const environment of dwp.environments) {
  const compute = stackName(environment.name, 'Compute');
  const resources = (): Record<string, Resource> =>
    synth.template(compute).toJSON().Resources as Record<string, Resource>;
  const ofType = (type: string): Array<[string, Resource]> =>
    Object.entries(resources()).filter(([, r]) => r.Type === type);
  const onlyOfType = (type: string): [string, Resource] => {
    const found = ofType(type);
    assert.equal(found.length, 1, `one ${type} in ${compute}`);
    return found[0]!;
  };
  const idOf = (type: string, prefix: string): string => {
    const found = ofType(type).filter(([id]) => id.startsWith(prefix));
    assert.equal(found.length, 1, `one ${type} under ${prefix} in ${compute}`);
    return found[0]![0];
  };

  describe(`Service Connect in the ${environment.name} environment`, () => {
    it('runs an AWS Private CA root in short-lived certificate mode, tagged for ECS, with its root certificate installed and active', () => {
      const [caId, ca] = onlyOfType('AWS::ACMPCA::CertificateAuthority');
      assert.equal(ca.Properties!.Type, 'ROOT');
      assert.equal(ca.Properties!.UsageMode, SHORT_LIVED_MODE);
      assert.ok(
        (ca.Properties!.Tags as Array<{ Key: string; Value: string }>).some(
          (t) => t.Key === ECS_MANAGED_TAG.key && t.Value === ECS_MANAGED_TAG.value,
        ),
        `the CA lacks the ${ECS_MANAGED_TAG.key} tag ECS requires`,
      );
      const [certId, cert] = onlyOfType('AWS::ACMPCA::Certificate');
      assert.deepEqual(cert.Properties!.CertificateAuthorityArn, { 'Fn::GetAtt': [caId, 'Arn'] });
      assert.deepEqual(cert.Properties!.CertificateSigningRequest, {
        'Fn::GetAtt': [caId, 'CertificateSigningRequest'],
      });
      assert.match(JSON.stringify(cert.Properties!.TemplateArn), /template\/RootCACertificate\/V1/);
      assert.deepEqual(cert.Properties!.Validity, { Type: 'YEARS', Value: ROOT_CERTIFICATE_YEARS });
      const [, activation] = onlyOfType('AWS::ACMPCA::CertificateAuthorityActivation');
      assert.equal(activation.Properties!.Status, 'ACTIVE');
      assert.deepEqual(activation.Properties!.Certificate, { 'Fn::GetAtt': [certId, 'Certificate'] });
    });

    it("gives ECS's infrastructure role for TLS the managed policy ECS documents, and the key's use", () => {
      const roleId = idOf('AWS::IAM::Role', 'ServiceConnectAuthorityRole');
      const role = resources()[roleId]!.Properties!;
      assert.match(JSON.stringify(role.AssumeRolePolicyDocument), /"Service":"ecs\.amazonaws\.com"/);
      assert.deepEqual(role.ManagedPolicyArns, [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${SERVICE_CONNECT_TLS_POLICY}`]] },
      ]);
      const keyId = idOf('AWS::KMS::Key', 'ServiceIdentityKey');
      const statements = ofType('AWS::IAM::Policy')
        .filter(([, p]) => JSON.stringify(p.Properties!.Roles) === JSON.stringify([{ Ref: roleId }]))
        .flatMap(([, p]) => (p.Properties!.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement);
      assert.deepEqual(statements, [
        {
          Action: [...SERVICE_CONNECT_KMS_ACTIONS].sort(),
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
        },
      ]);
    });

    it('puts every service on the namespace, each discoverable one published with TLS from the CA, none registered in Cloud Map DNS beside it', () => {
      const [caId] = onlyOfType('AWS::ACMPCA::CertificateAuthority');
      const [activationId] = onlyOfType('AWS::ACMPCA::CertificateAuthorityActivation');
      const namespaceId = idOf('AWS::ServiceDiscovery::PrivateDnsNamespace', 'ClustersNamespace');
      const roleId = idOf('AWS::IAM::Role', 'ServiceConnectAuthorityRole');
      const keyId = idOf('AWS::KMS::Key', 'ServiceIdentityKey');
      for (const s of dwp.services) {
        const [, svc] = ofType('AWS::ECS::Service').find(([, r]) => r.Properties!.ServiceName === s.name)!;
        const config = svc.Properties!.ServiceConnectConfiguration as Record<string, unknown>;
        assert.equal(config.Enabled, true, s.name);
        assert.deepEqual(config.Namespace, { 'Fn::GetAtt': [namespaceId, 'Arn'] }, s.name);
        assert.equal(svc.Properties!.ServiceRegistries, undefined, `${s.name} is also registered in Cloud Map DNS`);
        assert.ok(svc.DependsOn?.includes(activationId), `${s.name} can start before the CA is active`);
        if (!s.discoverable) {
          assert.equal(config.Services, undefined, `${s.name} is a client only`);
          continue;
        }
        assert.deepEqual(
          config.Services,
          [
            {
              PortName: SERVICE_PORT_NAME,
              DiscoveryName: s.name,
              IngressPortOverride: SERVICE_CONNECT_INGRESS_PORT,
              ClientAliases: [{ DnsName: discoveryNameOf(dwp, s), Port: s.port }],
              Tls: {
                IssuerCertificateAuthority: { AwsPcaAuthorityArn: { 'Fn::GetAtt': [caId, 'Arn'] } },
                KmsKey: { 'Fn::GetAtt': [keyId, 'Arn'] },
                RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
              },
            },
          ],
          s.name,
        );
      }
    });

    it("sends each caller to its callees' client aliases and admits it at their TLS port only", () => {
      const ingress = ofType('AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties!);
      const groupOf = (service: string) => ({
        'Fn::GetAtt': [idOf('AWS::EC2::SecurityGroup', `${pascal(service)}SecurityGroup`), 'GroupId'],
      });
      for (const callee of dwp.services) {
        const callers = dwp.services.filter((s) => s.calls.includes(callee.name));
        const fromServices = ingress.filter(
          (r) =>
            JSON.stringify(r.GroupId) === JSON.stringify(groupOf(callee.name)) &&
            dwp.services.some((s) => JSON.stringify(r.SourceSecurityGroupId) === JSON.stringify(groupOf(s.name))),
        );
        assert.deepEqual(
          fromServices.map((r) => [JSON.stringify(r.SourceSecurityGroupId), r.FromPort, r.ToPort]).sort(),
          callers
            .map((c) => [JSON.stringify(groupOf(c.name)), SERVICE_CONNECT_INGRESS_PORT, SERVICE_CONNECT_INGRESS_PORT])
            .sort(),
          `${callee.name} admits exactly its callers, at its proxy's TLS port`,
        );
      }
      for (const caller of dwp.services) {
        const [, task] = ofType('AWS::ECS::TaskDefinition').find(([id]) =>
          id.startsWith(`${pascal(caller.name)}Task`),
        )!;
        const app = (task.Properties!.ContainerDefinitions as Array<Record<string, unknown>>).find(
          (c) => c.Name === caller.name,
        )!;
        const env = new Map((app.Environment as Array<{ Name: string; Value: unknown }>).map((e) => [e.Name, e.Value]));
        for (const callee of caller.calls)
          assert.equal(
            env.get(serviceUrlEnvName(callee)),
            serviceConnectUrlOf(dwp, serviceNamed(dwp, callee)),
            `${caller.name} -> ${callee}`,
          );
      }
    });

    it("says of the internal ALB's HTTP listener that it serves the API Gateway VPC link alone, not service-to-service traffic", () => {
      const reasons = synth.stacks.flatMap((stack) => nagSuppressionsOf(stack.template));
      assert.deepEqual(
        reasons.filter((r) => /HTTP inside the VPC/.test(r.reason)),
        [],
        'a suppression still says services talk HTTP inside the VPC',
      );
      const albId = idOf('AWS::ElasticLoadBalancingV2::LoadBalancer', 'LoadBalancersInternal');
      const certificate = synth.stacks
        .flatMap((stack) => nagSuppressionsOf(stack.template))
        .find((r) => r.resource === albId && r.id === 'NIST.800.53.R5-ELBv2ACMCertificateRequired');
      assert.ok(certificate, 'the internal ALB has no ELBv2ACMCertificateRequired suppression');
      assert.match(certificate.reason, /for the API Gateway VPC link alone/);
      assert.match(certificate.reason, /Service-to-service calls do not cross this ALB/);
    });
  });
}
