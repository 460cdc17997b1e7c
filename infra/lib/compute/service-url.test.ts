import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
// Read-only: the service kit's discovery client, which honours the override.
import { DiscoveryClient } from '../../../packages/service-kit/src/discovery.ts';
import { serviceUrlVariable } from './service-url.ts';

describe('serviceUrlVariable', () => {
  it('names the variable the service kit\'s discovery sends calls to a named service by', async () => {
    const discovery = new DiscoveryClient({
      mode: 'dns',
      namespace: 'dwp.local',
      ports: new Map(),
      env: { [serviceUrlVariable('dwp-internal-api')]: 'http://internal-alb.example:80' },
    });
    const [endpoint] = await discovery.instances('dwp-internal-api');
    assert.equal(endpoint?.origin, 'http://internal-alb.example:80');
  });
});
