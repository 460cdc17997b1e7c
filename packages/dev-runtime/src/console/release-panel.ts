/** Each service's release in progress or its last one: strategy, traffic on the new version, where it is. Pure. */
import type { PlatformStatus } from '../status-table.ts';
import type { ReleaseSummary } from '../release/release-view.ts';
import { markup, type SafeHtml } from './markup.ts';
import { formatUtc } from './time-format.ts';

const STATE_CLASS: Readonly<Record<ReleaseSummary['state'], string>> = {
  running: 'warn',
  succeeded: 'ok',
  'rolled-back': 'down',
  aborted: 'unknown',
};

export function renderReleasePanel(status: PlatformStatus): SafeHtml {
  const released = status.services.flatMap((s) => (s.release ? [{ service: s.name, release: s.release }] : []));
  if (released.length === 0)
    return markup`<p>No release has run. Rehearse one with <code>npm run release -- &lt;service&gt;</code>.</p>`;
  const rows = released.map(
    ({ service, release: r }) =>
      markup`<tr data-release="${r.id}">
        <th scope="row">${service}</th>
        <td>${r.strategy}</td>
        <td>${r.fromRevision} to ${r.toRevision}</td>
        <td><span class="tag tag--${STATE_CLASS[r.state]}">${r.state}</span>${r.reason ? markup`<br /><span class="hint">${r.reason}</span>` : ''}</td>
        <td class="num">${r.percent} %</td>
        <td>${r.step ?? 'starting'}</td>
        <td>${formatUtc(r.startedAt)}${r.endedAt ? markup`<br /><span class="hint">ended ${formatUtc(r.endedAt)}</span>` : ''}</td>
        <td><a href="/v1/releases/${encodeURIComponent(r.id)}">Steps<span class="visually-hidden"> of the release of ${service}</span></a></td>
      </tr>`,
  );
  return markup`<table class="table" id="release-table">
      <caption>
        Releases: the latest of each service
      </caption>
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">Strategy</th>
          <th scope="col">Revisions</th>
          <th scope="col">State</th>
          <th scope="col" class="num">Traffic on new</th>
          <th scope="col">Last step</th>
          <th scope="col">Started</th>
          <th scope="col">JSON</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>`;
}
