/** The recent-traces table and its filter form, which works as a plain GET without script. Pure. */
import type { TraceQuery, TraceSummary } from './console-data.ts';
import { formatMs, formatNumber, markup, plural, type SafeHtml } from './markup.ts';
import { formatUtc } from './time-format.ts';

/** @default 50 traces in the list */
export const DEFAULT_TRACE_LIMIT = 50;
const MAX_TRACE_LIMIT = 500;

export const tracePagePath = (traceId: string) => `/console/trace/${encodeURIComponent(traceId)}`;

/** The filter form's query string as a TraceQuery; anything malformed is left out. */
export function traceQueryOf(params: URLSearchParams): TraceQuery {
  const service = params.get('service')?.trim();
  const status = params.get('status');
  const minMs = Number(params.get('minMs') ?? '');
  const limit = Number.parseInt(params.get('limit') ?? '', 10);
  return {
    ...(service ? { service } : {}),
    ...(status === 'ok' || status === 'error' ? { status } : {}),
    ...(params.get('minMs') && Number.isFinite(minMs) && minMs > 0 ? { minMs } : {}),
    limit: Number.isFinite(limit) && limit > 0 ? Math.min(limit, MAX_TRACE_LIMIT) : DEFAULT_TRACE_LIMIT,
  };
}

/** The same query as a query string, for the fragment the script polls. */
export function traceQueryString(q: TraceQuery): string {
  const p = new URLSearchParams();
  if (q.service) p.set('service', q.service);
  if (q.status) p.set('status', q.status);
  if (q.minMs !== undefined) p.set('minMs', String(q.minMs));
  return p.toString();
}

export function renderTraceForm(q: TraceQuery, services: readonly string[]): SafeHtml {
  const option = (value: string, text: string, selected: boolean) =>
    markup`<option value="${value}" ${selected ? markup` selected` : ''}>${text}</option>`;
  return markup`<form method="get" action="/#traces" class="filters" id="trace-filters">
    <div class="field">
      <label for="trace-service">Service</label>
      <select id="trace-service" name="service">
        ${option('', 'All services', !q.service)}${services.map((s) => option(s, s, q.service === s))}
      </select>
    </div>
    <div class="field">
      <label for="trace-status">Status</label>
      <select id="trace-status" name="status">
        ${option('', 'Any', !q.status)}${option('ok', 'OK', q.status === 'ok')}${option('error', 'Error', q.status === 'error')}
      </select>
    </div>
    <div class="field">
      <label for="trace-min">Slower than (ms)</label>
      <input
        id="trace-min"
        name="minMs"
        type="number"
        min="0"
        step="any"
        inputmode="decimal"
        value="${q.minMs ?? ''}"
      />
    </div>
    <button type="submit" class="button">Filter traces</button>
  </form>`;
}

export function renderTraceTable(traces: readonly TraceSummary[], q: TraceQuery): SafeHtml {
  const filters = [
    q.service ? `service ${q.service}` : '',
    q.status ? `status ${q.status}` : '',
    q.minMs !== undefined ? `slower than ${formatMs(q.minMs)}` : '',
  ].filter(Boolean);
  const rows = traces.map(
    (t) =>
      markup`<tr data-trace="${t.traceId}" class="row--${t.errorCount > 0 ? 'down' : 'ok'}">
        <td><a href="${tracePagePath(t.traceId)}">${t.rootName}</a><br /><code class="hint">${t.traceId}</code></td>
        <td>${t.rootService}</td>
        <td>${formatUtc(t.startTime, true)}</td>
        <td class="num">${formatMs(t.durationMs)}</td>
        <td class="num">${formatNumber(t.spanCount)}</td>
        <td>
          ${t.errorCount > 0 ? markup`<span class="tag tag--down">${plural(t.errorCount, 'error')}</span>` : markup`<span class="tag tag--ok">no errors</span>`}
        </td>
        <td>${t.services.join(', ')}</td>
      </tr>`,
  );
  return markup`<table class="table" id="trace-table">
    <caption>
      Recent traces${filters.length ? `: ${filters.join(', ')}` : ''} (${plural(traces.length, 'trace')})
    </caption>
    <thead>
      <tr>
        <th scope="col">Trace</th>
        <th scope="col">Root service</th>
        <th scope="col">Started</th>
        <th scope="col" class="num">Duration</th>
        <th scope="col" class="num">Spans</th>
        <th scope="col">Errors</th>
        <th scope="col">Services</th>
      </tr>
    </thead>
    <tbody>
      ${
        rows.length
          ? rows
          : markup`<tr>
              <td colspan="7">No trace matches.</td>
            </tr>`
      }
    </tbody>
  </table>`;
}
