import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderStatusPage } from './status-page.ts';
import type { PlatformStatus } from './status-table.ts';

const status: PlatformStatus = {
  platform: 'dwp',
  entry: 'http://localhost:8080',
  admin: 'http://127.0.0.1:8090',
  stores: [{ name: 'dynamodb', kind: 'dynamodb', endpoint: 'http://127.0.0.1:5555', embedded: true }],
  standIns: [{ name: 'one-login-sandbox', endpoint: 'http://127.0.0.1:7000' }],
  services: [
    {
      name: 'claims-api',
      dnsName: 'claims-api.dwp.local',
      desired: 2,
      healthy: 1,
      instances: [
        {
          id: 'claims-api-1',
          pid: 1,
          url: 'http://127.0.0.1:9001',
          state: 'healthy',
          since: '',
          restarts: 0,
          lastCheck: null,
        },
        {
          id: 'claims-api-2',
          pid: 2,
          url: 'http://127.0.0.1:9002',
          state: 'starting',
          since: '',
          restarts: 3,
          lastCheck: null,
        },
      ],
    },
  ],
};

describe("the admin port's status page", () => {
  it('lists each service with its healthy count and a health link per instance, and the stand-ins', () => {
    const html = renderStatusPage(status);
    assert.match(html, /<td>claims-api<\/td><td><code>claims-api\.dwp\.local<\/code><\/td><td>1 of 2<\/td>/);
    assert.match(html, /<a href="http:\/\/127\.0\.0\.1:9002\/health">claims-api-2<\/a> starting, 3 restarts/);
    assert.match(html, /<td>one-login-sandbox<\/td><td><code>http:\/\/127\.0\.0\.1:7000<\/code><\/td>/);
    assert.match(html, /<td>dynamodb \(dynamodb\)<\/td>/);
  });

  it('escapes what it shows', () => {
    const html = renderStatusPage({ ...status, platform: '<script>x</script>' });
    assert.doesNotMatch(html, /<script>x/);
  });
});
