import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReleaseSummary } from '../release/release-view.ts';
import { fixtureStatus } from './console.fixture.ts';
import { flatten } from './markup.ts';
import { renderReleasePanel } from './release-panel.ts';

const rolledBack: ReleaseSummary = {
  id: 'r-1',
  strategy: 'canary',
  state: 'rolled-back',
  percent: 0,
  fromRevision: 1,
  toRevision: 2,
  startedAt: '2026-12-01T17:00:00.000Z',
  endedAt: '2026-12-01T17:00:09.000Z',
  reason: 'rollback alarm fired: 5xx rate 50 % above 1 % <b>',
  step: 'roll-back: failed',
};

describe('renderReleasePanel', () => {
  it('says how to rehearse a release when none has run', () => {
    const s = fixtureStatus();
    const none = { ...s, services: s.services.map(({ release: _release, ...svc }) => svc) };
    assert.match(
      renderReleasePanel(none).html,
      /No release has run\. Rehearse one with <code>npm run release -- &lt;service&gt;<\/code>/,
    );
  });

  it("shows a service's last release with its state in words, why it rolled back, and a link to its steps", () => {
    const s = fixtureStatus();
    const status = {
      ...s,
      services: s.services.map((svc) => (svc.name === 'claims-api' ? { ...svc, release: rolledBack } : svc)),
    };
    const row = /<tr data-release="r-1">[^]*?<\/tr>/.exec(flatten(renderReleasePanel(status).html))?.[0] ?? '';
    assert.match(row, /<th scope="row">claims-api<\/th><td>canary<\/td><td>1 to 2<\/td>/);
    assert.match(row, /<span class="tag tag--down">rolled-back<\/span>/);
    assert.match(row, /5xx rate 50 % above 1 % &lt;b&gt;/, 'escaped');
    assert.match(row, /href="\/v1\/releases\/r-1"/);
    assert.match(row, /ended 2026-12-01 17:00:09 UTC/);
  });
});
