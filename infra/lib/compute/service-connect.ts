/**
 * How a service of the definition takes part in ECS Service Connect on the platform's namespace
 * (`dwp.local`): every service is a client (ECS puts a Service Connect proxy in each task, which
 * answers the namespace's client aliases on the task's loopback), and each discoverable service
 * also publishes its port as a Service Connect service named after it, so callers reach
 * `http://<name>.<namespace>:<port>`. The app speaks plain HTTP to its own proxy; the proxies
 * speak TLS 1.3 to each other with certificates ECS issues from the platform's private CA
 * (service-connect-authority.ts).
 *
 * The server-side proxy listens on {@link SERVICE_CONNECT_INGRESS_PORT}, not on the app's port
 * (`ingressPortOverride`). The load balancers keep reaching the app's port directly, as they did
 * (their target groups, health checks and ECS's traffic shifts are unchanged), and a caller's
 * security-group rule opens only the proxy's port: a caller cannot speak plain HTTP to a callee.
 * Pure: no constructs, so the settings are tested without a synth.
 */
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { discoveryNameOf, type Platform, type Service } from '@dwp/platform';

/**
 * The port each task's Service Connect proxy takes inbound TLS on (ours: the usual alternative
 * HTTPS port). Never a service's own port: that one the load balancers reach, past the proxy.
 */
export const SERVICE_CONNECT_INGRESS_PORT = 8443;

/** The name of the app container's port mapping, which Service Connect publishes. */
export const SERVICE_PORT_NAME = 'http';

/** What the proxies' TLS needs: the issuing CA, the key that protects the task keys, and ECS's role. */
export interface ServiceConnectTls {
  /** The AWS Private CA that issues each task's certificate. */
  readonly authorityArn: string;
  /** Encrypts the private keys ECS keeps in Secrets Manager for the proxies. */
  readonly kmsKey: kms.IKey;
  /** The ECS infrastructure role that issues, stores and rotates the certificates. */
  readonly role: iam.IRole;
}

export interface ServiceConnectOptions {
  /** The Cloud Map namespace's ARN (ECS takes a name or an ARN; the ARN needs no lookup). */
  readonly namespaceArn: string;
  readonly tls: ServiceConnectTls;
  /** Where the proxy's own log lines go. @default - none */
  readonly logDriver?: ecs.LogDriver;
}

/** `http://citizen-api.dwp.local:8080`: where a caller's app reaches a service, through its own proxy. */
export function serviceConnectUrlOf(platform: Platform, service: Service): string {
  if (!service.discoverable)
    throw new Error(
      `Service Connect: ${service.name} is not discoverable, so it publishes no Service Connect service to call`,
    );
  return `http://${discoveryNameOf(platform, service)}:${service.port}`;
}

/**
 * The FargateService's `serviceConnectConfiguration`: a client of the namespace, and for a
 * discoverable service a server too, its port published as `<name>` with TLS.
 */
export function serviceConnectPropsOf(
  platform: Platform,
  service: Service,
  options: ServiceConnectOptions,
): ecs.ServiceConnectProps {
  if (service.port === SERVICE_CONNECT_INGRESS_PORT)
    throw new Error(
      `Service Connect: ${service.name} listens on ${SERVICE_CONNECT_INGRESS_PORT}, the port its Service Connect proxy takes inbound TLS on; give it another port`,
    );
  const { tls } = options;
  return {
    namespace: options.namespaceArn,
    ...(options.logDriver ? { logDriver: options.logDriver } : {}),
    ...(service.discoverable
      ? {
          services: [
            {
              portMappingName: SERVICE_PORT_NAME,
              discoveryName: service.name,
              dnsName: discoveryNameOf(platform, service),
              port: service.port,
              ingressPortOverride: SERVICE_CONNECT_INGRESS_PORT,
              tls: { awsPcaAuthorityArn: tls.authorityArn, kmsKey: tls.kmsKey, role: tls.role },
            },
          ],
        }
      : {}),
  };
}
