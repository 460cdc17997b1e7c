import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTable, type PlatformStatus } from './status-table.ts';

describe('status table', () => {
  it('lists every instance with its URL, health and restarts, and where the platform answers', () => {
    const status: PlatformStatus = {
      platform: 'dwp',
      entry: 'http://localhost:8080',
      admin: 'http://127.0.0.1:8090',
      stores: [{ name: 'postgres', kind: 'postgres', endpoint: '127.0.0.1:5555', embedded: true }],
      standIns: [{ name: 'hmrc-sandbox', endpoint: 'http://127.0.0.1:7000' }],
      services: [
        {
          name: 'claims-api',
          dnsName: 'claims-api.dwp.local',
          desired: 1,
          healthy: 1,
          release: {
            id: 'r-1',
            strategy: 'canary',
            state: 'running',
            percent: 10,
            fromRevision: 1,
            toRevision: 2,
            startedAt: '2026-12-01T17:00:00.000Z',
            step: 'traffic 10 %: running',
          },
          instances: [
            {
              id: 'claims-api-1',
              pid: 1,
              url: 'http://127.0.0.1:9001',
              state: 'healthy',
              since: '',
              restarts: 2,
              lastCheck: null,
            },
          ],
        },
      ],
    };
    const text = renderTable(status);
    assert.match(text, /^SERVICE\s+INSTANCE\s+URL\s+HEALTH\s+RESTARTS$/m);
    assert.match(text, /^claims-api\s+claims-api-1\s+http:\/\/127\.0\.0\.1:9001\s+healthy\s+2$/m);
    assert.match(text, /Public entry: http:\/\/localhost:8080/);
    assert.match(text, /Operations console: http:\/\/127\.0\.0\.1:8090\/ {3}\(service map/);
    assert.match(text, /Status JSON: {2}http:\/\/127\.0\.0\.1:8090\/status/);
    assert.match(text, /postgres\s+127\.0\.0\.1:5555 \(embedded\)/);
    assert.match(text, /hmrc-sandbox\s+http:\/\/127\.0\.0\.1:7000 \(stand-in\)/);
    assert.match(
      text,
      /Releases \(npm run release\):\n {2}claims-api {3}canary, revision 1 -> 2: running, 10 % of traffic on revision 2/,
    );
  });
});
