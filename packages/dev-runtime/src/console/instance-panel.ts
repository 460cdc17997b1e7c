/** Every instance with its health, restarts, pid and last check, and the stores and stand-ins. Pure. */
import type { PlatformStatus } from '../status-table.ts';
import { formatNumber, markup, type SafeHtml } from './markup.ts';
import { formatUtc } from './time-format.ts';

type StateClass = 'ok' | 'warn' | 'down' | 'unknown';

/** The colour class of a state; its name is always shown beside it. */
export function stateClass(state: string | undefined): StateClass {
  switch (state) {
    case 'healthy':
    case 'running':
      return 'ok';
    case 'starting':
    case 'restarting':
      return 'warn';
    case 'unhealthy':
    case 'stopped':
      return 'down';
    default:
      return 'unknown';
  }
}

export const logPagePath = (id: string) => `/console/logs/${encodeURIComponent(id)}`;

/** Ids whose log files the console may read: every instance, store and stand-in `/status` reports. */
export function logIdsOf(status: PlatformStatus): Set<string> {
  return new Set([
    ...status.services.flatMap((s) => s.instances.map((i) => i.id)),
    ...status.stores.map((s) => s.name),
    ...status.standIns.map((s) => s.name),
  ]);
}

const stateTag = (state: string | undefined, text = state ?? 'not supervised') =>
  markup`<span class="tag tag--${stateClass(state)}">${text}</span>`;

export function renderInstancePanel(status: PlatformStatus): SafeHtml {
  const rows = status.services.flatMap((s) =>
    s.instances.map(
      (i, n) =>
        markup`<tr data-instance="${i.id}" class="row--${stateClass(i.state)}">
          ${n === 0 ? markup`<th scope="rowgroup" rowspan="${s.instances.length}">${s.name}<br /><span class="hint">${s.healthy} of ${s.desired} healthy</span></th>` : ''}
          <td>${i.id}</td>
          <td>${stateTag(i.state)} <span class="hint">since ${formatUtc(i.since)}</span></td>
          <td class="num">${formatNumber(i.restarts)}</td>
          <td class="num">${i.pid ?? '–'}</td>
          <td>
            ${i.lastCheck ? markup`${i.lastCheck.ok ? 'passed' : 'failed'} at ${formatUtc(i.lastCheck.at)}${i.lastCheck.detail ? markup`<br /><span class="hint">${i.lastCheck.detail}</span>` : ''}` : 'not yet'}
          </td>
          <td>
            <a href="${logPagePath(i.id)}">Logs<span class="visually-hidden"> of ${i.id}</span></a>
          </td>
        </tr>`,
    ),
  );
  const others = [
    ...status.stores.map((s) => ({ ...s, what: `${s.kind}${s.embedded ? ' (embedded)' : ''}` })),
    ...status.standIns.map((s) => ({ ...s, what: 'stand-in' })),
  ].map(
    (s) =>
      markup`<tr data-instance="${s.name}" class="row--${stateClass(s.state)}">
        <th scope="row">${s.name}</th>
        <td>${s.what}</td>
        <td>${s.endpoint ? markup`<code>${s.endpoint}</code>` : 'real endpoint configured'}</td>
        <td>${stateTag(s.state)}</td>
        <td class="num">${formatNumber(s.restarts ?? 0)}</td>
        <td class="num">${s.pid ?? '–'}</td>
        <td>
          <a href="${logPagePath(s.name)}">Logs<span class="visually-hidden"> of ${s.name}</span></a>
        </td>
      </tr>`,
  );
  return markup`<table class="table" id="instance-table">
      <caption>
        Service instances
      </caption>
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">Instance</th>
          <th scope="col">State</th>
          <th scope="col" class="num">Restarts</th>
          <th scope="col" class="num">PID</th>
          <th scope="col">Last health check</th>
          <th scope="col">Logs</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    <table class="table" id="store-table">
      <caption>
        Data stores and stand-ins
      </caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Kind</th>
          <th scope="col">Endpoint</th>
          <th scope="col">State</th>
          <th scope="col" class="num">Restarts</th>
          <th scope="col" class="num">PID</th>
          <th scope="col">Logs</th>
        </tr>
      </thead>
      <tbody>
        ${others}
      </tbody>
    </table>`;
}
