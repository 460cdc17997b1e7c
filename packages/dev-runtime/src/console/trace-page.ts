/**
 * One trace as a waterfall page: a bar per span placed by its start and duration, indented under
 * its parent, coloured by service and marked when it failed; each span opens to show its attributes
 * and events; the log lines carrying the trace's id follow. SVG bars, so no inline style is needed
 * under the console's CSP. Pure.
 */
import type { JaegerTag, JaegerTrace, TraceLogLine } from './console-data.ts';
import { formatMs, formatNumber, markup, plural, type SafeHtml } from './markup.ts';
import { renderPage } from './page-layout.ts';
import { formatUtc } from './time-format.ts';
import { waterfallOf, type WaterfallRow } from './waterfall.ts';
import { PINO_LEVELS } from '../traces/log-index.ts';

/** Service colours cycle through this many classes (`svc-0` ..). */
export const SERVICE_COLOURS = 8;
/** Deeper spans are indented no further than this. */
const MAX_INDENT = 12;

export function levelText(level: string | number): string {
  return typeof level === 'number' ? (PINO_LEVELS[level] ?? String(level)) : level;
}

function tagText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  // JSON.stringify answers undefined for undefined and functions, whatever its declared type says.
  return value === undefined || typeof value === 'function' ? '' : JSON.stringify(value);
}

const spanAnchor = (spanId: string) => `span-${spanId.replace(/[^A-Za-z0-9_-]/g, '')}`;

function renderTags(tags: readonly JaegerTag[], caption: string): SafeHtml {
  if (tags.length === 0) return markup`<p class="hint">${caption}: none.</p>`;
  return markup`<table class="table table--compact">
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">Key</th>
        <th scope="col">Value</th>
      </tr>
    </thead>
    <tbody>
      ${tags.map(
        (t) =>
          markup`<tr>
            <th scope="row"><code>${t.key}</code></th>
            <td><code>${tagText(t.value)}</code></td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function renderRow(r: WaterfallRow, trace: JaegerTrace): SafeHtml {
  const s = r.span;
  const process = trace.processes[s.processID];
  const events = (s.logs ?? []).map(
    (l) =>
      markup`<li>${formatUtc(l.timestamp, true)}: ${l.fields.map((f) => `${f.key}=${tagText(f.value)}`).join(', ')}</li>`,
  );
  return markup`<li
    class="span depth-${Math.min(r.depth, MAX_INDENT)}${r.error ? ' span--error' : ''}"
    id="${spanAnchor(s.spanID)}"
    data-span="${s.spanID}"
  >
    <details>
      <summary>
        <span class="span__text"
          ><span class="span__service svc-${r.serviceIndex % SERVICE_COLOURS}">${r.service}</span>
          <span class="span__name">${s.operationName}</span>
          <span class="span__time">${formatMs(r.durationMs)} at +${formatMs(r.startMs)}</span
          >${r.error ? markup` <span class="tag tag--down">error</span>` : ''}</span
        >
        <svg class="span__track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
          <rect
            class="span__bar svc-${r.serviceIndex % SERVICE_COLOURS}"
            x="${r.offsetPct}"
            y="1"
            width="${r.widthPct}"
            height="8"
          ></rect>
        </svg>
      </summary>
      <div class="span__detail">
        <p class="hint">Span <code>${s.spanID}</code>, depth ${r.depth}.</p>
        ${renderTags(s.tags, `Attributes of ${s.operationName}`)}
        ${
          events.length
            ? markup`<h4>Events</h4>
                <ul>
                  ${events}
                </ul>`
            : ''
        }
        ${process?.tags?.length ? renderTags(process.tags, `Resource of ${process.serviceName}`) : ''}
        ${s.warnings?.length ? markup`<p>Warnings: ${s.warnings.join('; ')}</p>` : ''}
      </div>
    </details>
  </li>`;
}

export function renderTraceLogs(lines: readonly TraceLogLine[]): SafeHtml {
  if (lines.length === 0) return markup`<p>No log line carries this trace's id.</p>`;
  return markup`<table class="table" id="trace-logs">
    <caption>
      Log lines that carry this trace's id (${plural(lines.length, 'line')})
    </caption>
    <thead>
      <tr>
        <th scope="col">Time</th>
        <th scope="col">Instance</th>
        <th scope="col">Level</th>
        <th scope="col">Message</th>
        <th scope="col">Span</th>
      </tr>
    </thead>
    <tbody>
      ${lines.map(
        (l) =>
          markup`<tr
            class="row--${levelText(l.level) === 'error' || levelText(l.level) === 'fatal' ? 'down' : levelText(l.level) === 'warn' ? 'warn' : 'ok'}"
          >
            <td>${formatUtc(l.time, true)}</td>
            <td>${l.instance}</td>
            <td>${levelText(l.level)}</td>
            <td>
              ${l.msg}${
                l.line
                  ? markup`<details class="raw">
                      <summary>Raw line</summary>
                      <pre>${l.line}</pre>
                    </details>`
                  : ''
              }
            </td>
            <td>${l.spanId ? markup`<a href="#${spanAnchor(l.spanId)}"><code>${l.spanId}</code></a>` : '–'}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function renderTracePage(platform: string, trace: JaegerTrace, logs: readonly TraceLogLine[]): SafeHtml {
  const w = waterfallOf(trace);
  const root = w.rows[0];
  const title = root ? `${root.service}: ${root.span.operationName}` : `Trace ${trace.traceID}`;
  return renderPage({
    platform,
    title: `Trace ${title}`,
    body: markup`<p><a href="/#traces">Back to recent traces</a></p>
      <h1>Trace ${title}</h1>
      <dl class="summary">
        <div>
          <dt>Trace id</dt>
          <dd><code>${trace.traceID}</code></dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>${w.rows.length ? formatUtc(w.startTime, true) : '–'}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>${formatMs(w.durationMs)}</dd>
        </div>
        <div>
          <dt>Spans</dt>
          <dd>${formatNumber(w.rows.length)}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd>${w.errorCount ? plural(w.errorCount, 'error span') : 'none'}</dd>
        </div>
        <div>
          <dt>Services</dt>
          <dd>${w.services.join(', ')}</dd>
        </div>
      </dl>
      <h2 id="waterfall-heading">Waterfall</h2>
      <p class="hint">
        Each bar is placed by the span's start and length within the trace; open a span for its attributes.
      </p>
      <ol class="waterfall" aria-labelledby="waterfall-heading">
        ${w.rows.map((r) => renderRow(r, trace))}
      </ol>
      <h2>Log lines</h2>
      ${renderTraceLogs(logs)}`,
  });
}

export function renderTraceMissing(platform: string, traceId: string): SafeHtml {
  return renderPage({
    platform,
    title: 'Trace not found',
    body: markup`<h1>Trace not found</h1>
      <p>
        The trace store holds no trace <code>${traceId}</code>: it may have aged out.
        <a href="/#traces">See recent traces</a>.
      </p>`,
  });
}
