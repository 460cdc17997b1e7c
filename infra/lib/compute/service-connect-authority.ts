/**
 * The private CA that Service Connect's TLS issues every task's certificate from (ECS guide,
 * "Encrypt Amazon ECS Service Connect traffic"), one per environment: an AWS Private CA root in
 * short-lived certificate mode with its self-signed certificate installed and activated, tagged
 * `AmazonECSManaged: true` as ECS requires; the ECS infrastructure role for TLS, with the managed
 * policy ECS documents for it (AmazonECSInfrastructureRolePolicyForServiceConnectTransportLayerSecurity),
 * which lets ECS issue the certificates and keep their private keys in Secrets Manager (`ecs-sc!*`);
 * and that role's use of the KMS key the keys are encrypted with.
 *
 * Why short-lived mode: ECS supports both modes and recommends short-lived. Its certificates are
 * valid for at most 7 days; ECS rotates them every 5 days and Service Connect has no revocation,
 * so nothing longer-lived is needed. AWS Private CA pricing: a CA costs $400 a month in
 * general-purpose mode and $50 a month in short-lived mode, plus a per-certificate fee in either
 * (lower in short-lived mode), so $50 a month per environment here (test, stage and prod: $150,
 * against $1,200 in general-purpose mode). The CA's own (root) certificate is not bound by the
 * 7 days, as AWS's short-lived mode guide says: it is valid for {@link ROOT_CERTIFICATE_YEARS} years.
 */
import { Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Environment, Platform } from '@dwp/platform';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { ServiceConnectTls } from './service-connect.ts';

/** AWS Private CA's mode for certificates valid 7 days or less (ECS rotates them every 5). */
export const SHORT_LIVED_MODE = 'SHORT_LIVED_CERTIFICATE';
/** The tag ECS requires on a CA it issues Service Connect certificates from. */
export const ECS_MANAGED_TAG = { key: 'AmazonECSManaged', value: 'true' } as const;
/** The AWS managed policy of ECS's infrastructure role for Service Connect TLS. */
export const SERVICE_CONNECT_TLS_POLICY =
  'service-role/AmazonECSInfrastructureRolePolicyForServiceConnectTransportLayerSecurity';
/** What the role does with the key, as the ECS guide's key policy lists it. */
export const SERVICE_CONNECT_KMS_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyPair',
] as const;
/** The validity of the CA's own root certificate (ours: the usual root CA lifetime). */
export const ROOT_CERTIFICATE_YEARS = 10;
/** ECDSA P-256, one of the two key types Service Connect TLS supports (the other is RSA 2048). */
const KEY_ALGORITHM = 'EC_prime256v1';
const SIGNING_ALGORITHM = 'SHA256WITHECDSA';
/** X.509's upper bound on a common name. */
const COMMON_NAME_MAX = 64;

export interface ServiceConnectAuthorityProps {
  readonly platform: Platform;
  readonly environment: Environment;
  /** Encrypts the private keys of the proxies' certificates. */
  readonly key: kms.IKey;
}

export class ServiceConnectAuthority extends Construct {
  readonly authority: acmpca.CfnCertificateAuthority;
  readonly activation: acmpca.CfnCertificateAuthorityActivation;
  /** The ECS infrastructure role for Service Connect TLS. */
  readonly role: iam.Role;
  /** What each Service Connect service's `tls` names. */
  readonly tls: ServiceConnectTls;

  constructor(scope: Construct, id: string, props: ServiceConnectAuthorityProps) {
    super(scope, id);
    const { platform, environment } = props;
    const commonName = `${platform.serviceDiscovery.namespace} Service Connect ${environment.name}`;
    if (commonName.length > COMMON_NAME_MAX)
      throw new Error(
        `ServiceConnectAuthority: the CA's common name "${commonName}" is longer than ${COMMON_NAME_MAX} characters; shorten the namespace or the environment name`,
      );

    this.authority = new acmpca.CfnCertificateAuthority(this, 'Authority', {
      type: 'ROOT',
      keyAlgorithm: KEY_ALGORITHM,
      signingAlgorithm: SIGNING_ALGORITHM,
      subject: { commonName, organization: platform.name },
      usageMode: SHORT_LIVED_MODE,
      tags: [{ ...ECS_MANAGED_TAG }],
    });
    const root = new acmpca.CfnCertificate(this, 'RootCertificate', {
      certificateAuthorityArn: this.authority.attrArn,
      certificateSigningRequest: this.authority.attrCertificateSigningRequest,
      signingAlgorithm: SIGNING_ALGORITHM,
      templateArn: `arn:${Stack.of(this).partition}:acm-pca:::template/RootCACertificate/V1`,
      validity: { type: 'YEARS', value: ROOT_CERTIFICATE_YEARS },
    });
    this.activation = new acmpca.CfnCertificateAuthorityActivation(this, 'Activation', {
      certificateAuthorityArn: this.authority.attrArn,
      certificate: root.attrCertificate,
      status: 'ACTIVE',
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      description: `ECS Service Connect TLS of ${platform.name} ${environment.name}: issues, stores and rotates the proxies' certificates`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(SERVICE_CONNECT_TLS_POLICY)],
    });
    props.key.grant(this.role, ...SERVICE_CONNECT_KMS_ACTIONS);
    NagSuppressions.addResourceSuppressions(this.role, [
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'ECS documents this AWS managed policy for its Service Connect TLS infrastructure role (ECS guide, "Amazon ECS infrastructure IAM role"); the certificates\' secrets (ecs-sc!*) are named by ECS at run time, so a policy of ours could not name them any closer, and AWS keeps the managed one in step with what ECS calls.',
        appliesTo: [`Policy::arn:<AWS::Partition>:iam::aws:policy/${SERVICE_CONNECT_TLS_POLICY}`],
      },
    ]);

    this.tls = { authorityArn: this.authority.attrArn, kmsKey: props.key, role: this.role };
  }
}
