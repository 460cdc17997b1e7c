/**
 * The console's front page and its live panels: the service map, the instances, the releases, the
 * gateways and the recent traces. Each panel is a fragment the page's script fetches again every few seconds;
 * the page itself is complete without script. Pure.
 */
import type { PlatformStatus } from '../status-table.ts';
import type { TraceQuery } from './console-data.ts';
import { markup, plural, type HtmlPart, type SafeHtml } from './markup.ts';
import { renderPage } from './page-layout.ts';
import { formatUtc } from './time-format.ts';
import { renderTraceForm, traceQueryString } from './trace-list.ts';

export const FRAGMENT_PATHS = {
  map: '/console/fragment/map',
  instances: '/console/fragment/instances',
  releases: '/console/fragment/releases',
  gateways: '/console/fragment/gateways',
  traces: '/console/fragment/traces',
  logs: '/console/fragment/logs',
} as const;

export interface ConsolePanels {
  readonly map: HtmlPart;
  readonly instances: HtmlPart;
  readonly releases: HtmlPart;
  readonly gateways: HtmlPart;
  readonly traces: HtmlPart;
}

export function renderMapLegend(redErrorRate: number): SafeHtml {
  const red = `${Math.round(redErrorRate * 1000) / 10}%`;
  return markup`<ul class="legend" aria-label="Key to the map">
    <li><span class="swatch swatch--ok"></span>Green: traffic without errors, or every instance healthy</li>
    <li><span class="swatch swatch--warn"></span>Amber: some errors (under ${red}), or an instance starting</li>
    <li><span class="swatch swatch--down"></span>Red: ${red} or more of calls fail, or an instance is not healthy</li>
    <li><span class="swatch swatch--idle"></span>Grey: no traffic in the window</li>
    <li><span class="swatch swatch--observed"></span>Dashed: seen in traces but not in the definition</li>
  </ul>`;
}

/** A panel that could not be read says so in place, so the rest of the page still works. */
export function renderPanelError(what: string, err: unknown): SafeHtml {
  const detail = err instanceof Error ? err.message : 'unknown error';
  return markup`<p class="panel-error"><strong>Could not read ${what}:</strong> ${detail}</p>`;
}

export function renderConsolePage(opts: {
  readonly status: PlatformStatus;
  readonly panels: ConsolePanels;
  readonly query: TraceQuery;
  readonly services: readonly string[];
  readonly windowSeconds: number;
  readonly redErrorRate: number;
  readonly now: Date;
}): SafeHtml {
  const { status, panels, query } = opts;
  const qs = traceQueryString(query);
  return renderPage({
    platform: status.platform,
    title: 'Operations console',
    live: true,
    body: markup`<h1>${status.platform}: operations console</h1>
      <p>
        The platform's public entry is <a href="${status.entry}">${status.entry}</a>.
        <span id="console-updated" data-live-status
          >Shown at ${formatUtc(opts.now)}; with JavaScript on, this page updates itself every 2 seconds.</span
        >
      </p>
      <section id="map" aria-labelledby="map-heading">
        <h2 id="map-heading">Service map</h2>
        <p>
          Drawn from the platform definition and coloured by the spans of the last
          ${plural(opts.windowSeconds, 'second')}: requests per second, p95 latency and errors per connection; a node is
          red when one of its instances is not healthy.
        </p>
        ${renderMapLegend(opts.redErrorRate)}
        <div class="panel panel--map" data-fragment="${FRAGMENT_PATHS.map}">${panels.map}</div>
      </section>
      <section id="instances" aria-labelledby="instances-heading">
        <h2 id="instances-heading">Instances</h2>
        <div class="panel" data-fragment="${FRAGMENT_PATHS.instances}">${panels.instances}</div>
      </section>
      <section id="releases" aria-labelledby="releases-heading">
        <h2 id="releases-heading">Releases</h2>
        <div class="panel" data-fragment="${FRAGMENT_PATHS.releases}">${panels.releases}</div>
      </section>
      <section id="gateways" aria-labelledby="gateways-heading">
        <h2 id="gateways-heading">Gateways</h2>
        <div class="panel" data-fragment="${FRAGMENT_PATHS.gateways}">${panels.gateways}</div>
      </section>
      <section id="traces" aria-labelledby="traces-heading">
        <h2 id="traces-heading">Recent traces</h2>
        ${renderTraceForm(query, opts.services)}
        <div class="panel" data-fragment="${FRAGMENT_PATHS.traces}${qs ? `?${qs}` : ''}">${panels.traces}</div>
      </section>`,
  });
}

export function renderLogLines(id: string, lines: readonly string[]): SafeHtml {
  if (lines.length === 0) return markup`<p>${id} has written no log lines yet.</p>`;
  return markup`<p class="hint">The last ${plural(lines.length, 'line')}, newest last.</p>
    <pre class="log" tabindex="0" aria-label="Log lines of ${id}">${lines.join('\n')}</pre>`;
}

export function renderLogPage(platform: string, id: string, lines: readonly string[], count: number): SafeHtml {
  return renderPage({
    platform,
    title: `Log of ${id}`,
    live: true,
    body: markup`<p><a href="/#instances">Back to instances</a></p>
      <h1>Log of ${id}</h1>
      <p>
        As JSON: <a href="/api/console/logs/${encodeURIComponent(id)}?lines=${count}">/api/console/logs/${id}</a>.
        <span id="console-updated" data-live-status>With JavaScript on, new lines appear as they are written.</span>
      </p>
      <div class="panel" data-fragment="${FRAGMENT_PATHS.logs}/${encodeURIComponent(id)}?lines=${count}">
        ${renderLogLines(id, lines)}
      </div>`,
  });
}

export function renderNotFound(platform: string, what: string): SafeHtml {
  return renderPage({
    platform,
    title: 'Not found',
    body: markup`<h1>Not found</h1>
      <p>${what}</p>
      <p><a href="/">Back to the console</a></p>`,
  });
}
