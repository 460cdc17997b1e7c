/** The one-service platform the service kit's own tests build apps from. */
import { definePlatform } from '@dwp/platform';

export const kitPlatform = definePlatform({
  name: 'kit',
  clusters: [{ name: 'app', tier: 'app' }],
  services: [
    {
      name: 'orders-api',
      tier: 'app',
      cluster: 'app',
      port: 8080,
      cpu: 256,
      memory: 512,
      routes: ['/orders/*'],
      tasks: { min: 1, max: 2 },
    },
  ],
  serviceDiscovery: {
    namespace: 'kit.local',
    healthCheck: { type: 'HTTP', path: '/health', intervalSeconds: 30, failureThreshold: 3 },
  },
  loadBalancing: {
    public: {
      name: 'alb',
      scheme: 'internet-facing',
      listeners: [{ port: 80, protocol: 'HTTP' }],
      targets: ['orders-api'],
    },
    healthCheck: { path: '/health', intervalSeconds: 30, healthyThreshold: 2, unhealthyThreshold: 5 },
  },
  environments: [{ name: 'prod' }],
  deployment: { strategy: 'rolling' },
});
