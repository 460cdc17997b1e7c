/**
 * TLS to RDS PostgreSQL that the client verifies. The databases refuse plain connections
 * (`rds.force_ssl`), and the service kit's pool verifies the server's certificate when
 * `PGSSLMODE=require`; RDS certificates chain to Amazon RDS's own CAs, which Node.js does not ship.
 * So a short-lived init container, the app's own image (Node.js, no curl needed), fetches Amazon's
 * RDS CA bundle into the task's /tmp volume before the app starts, and `NODE_EXTRA_CA_CERTS` adds
 * it to the app's trust store.
 */
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { CONTAINER_USER, TMP_VOLUME, type FargateMicroservice } from './fargate-microservice.ts';

/** Amazon's bundle of every RDS certificate authority, for all regions. */
export const RDS_CA_BUNDLE_URL = 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem';
/** On the task's shared /tmp volume: the only path the read-only containers can write. */
export const RDS_CA_BUNDLE_PATH = '/tmp/rds-ca-bundle.pem';
export const POSTGRES_TLS_ENV = {
  /** The service kit verifies the server (rejectUnauthorized) when this is `require`. */
  PGSSLMODE: 'require',
  NODE_EXTRA_CA_CERTS: RDS_CA_BUNDLE_PATH,
} as const;
export const RDS_CA_CONTAINER = 'rds-ca-bundle';

/** Fails the init container (and so the task, visibly) unless a PEM bundle was written. */
export const RDS_CA_FETCH_SCRIPT = [
  `fetch(${JSON.stringify(RDS_CA_BUNDLE_URL)})`,
  ".then(async (r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.text(); })",
  ".then((pem) => { if (!pem.includes('BEGIN CERTIFICATE')) throw new Error('not a PEM bundle');",
  ` require('node:fs').writeFileSync(${JSON.stringify(RDS_CA_BUNDLE_PATH)}, pem); })`,
  ".catch((e) => { console.error('could not fetch the RDS CA bundle: ' + e.message); process.exit(1); })",
].join('');

/** Makes a service's connections to its RDS database verified TLS. */
export function trustRdsCertificates(ms: FargateMicroservice): void {
  const init = ms.taskDefinition.addContainer('rdsCa', {
    containerName: RDS_CA_CONTAINER,
    image: ms.image,
    essential: false,
    user: CONTAINER_USER,
    readonlyRootFilesystem: true,
    command: ['node', '-e', RDS_CA_FETCH_SCRIPT],
    logging: ecs.LogDrivers.awsLogs({
      logGroup: ms.logGroup,
      streamPrefix: RDS_CA_CONTAINER,
      mode: ecs.AwsLogDriverMode.NON_BLOCKING,
    }),
  });
  init.addMountPoints({ containerPath: '/tmp', sourceVolume: TMP_VOLUME, readOnly: false });
  ms.container.addContainerDependencies({ container: init, condition: ecs.ContainerDependencyCondition.SUCCESS });
  for (const [name, value] of Object.entries(POSTGRES_TLS_ENV)) ms.container.addEnvironment(name, value);
}
