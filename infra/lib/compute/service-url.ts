/**
 * `SERVICE_URL_<NAME>`: the service kit's discovery override (packages/service-kit/src/discovery.ts),
 * which sends calls to a named service to a fixed URL instead of its Cloud Map name. On AWS the
 * primary gateway is API Gateway, not a Cloud Map service, so its name is bound to the internal ALB.
 */
export function serviceUrlVariable(service: string): string {
  return `SERVICE_URL_${service.toUpperCase().replace(/-/g, '_')}`;
}
