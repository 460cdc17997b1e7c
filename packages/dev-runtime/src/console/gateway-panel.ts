/** The external gateway's breakers and limits, and the primary gateway's counters. Pure. */
import type { CircuitView, GatewayStats } from './gateway-stats.ts';
import { formatNumber, markup, plural, type SafeHtml } from './markup.ts';

const CIRCUIT_CLASS: Readonly<Record<CircuitView['state'], string>> = {
  closed: 'ok',
  'half-open': 'warn',
  open: 'down',
  isolated: 'down',
};

export function circuitText(c: CircuitView): string {
  return c.state === 'open' ? `open, retry in ${plural(c.retryAfterSeconds, 'second')}` : c.state;
}

const unreachable = (error: string) =>
  markup`<span class="tag tag--down">unreachable</span> <span class="hint">${error}</span>`;

function renderExternal(ext: NonNullable<GatewayStats['external']>): SafeHtml {
  const reachable = ext.instances.flatMap((i) => (i.reachable ? [i] : []));
  const upstreams = [...new Set(reachable.flatMap((i) => i.upstreams.map((u) => u.upstream)))];
  const rows = upstreams.map((name) => {
    const first = reachable.flatMap((i) => i.upstreams).find((u) => u.upstream === name)!;
    const calls = new Map<string, number>();
    for (const i of reachable) {
      for (const c of i.calls.filter((x) => x.upstream === name))
        calls.set(c.outcome, (calls.get(c.outcome) ?? 0) + c.count);
    }
    const callText =
      [...calls.entries()].map(([outcome, n]) => `${outcome}: ${formatNumber(n)}`).join(', ') || 'none yet';
    const circuits = reachable.map((i) => {
      const u = i.upstreams.find((x) => x.upstream === name);
      return u
        ? markup`<li>
            ${i.id}: <span class="tag tag--${CIRCUIT_CLASS[u.circuit.state]}">${circuitText(u.circuit)}</span>
          </li>`
        : '';
    });
    return markup`<tr data-upstream="${name}">
      <th scope="row">${name}${first.configured ? '' : markup`<br /><span class="hint">not configured</span>`}</th>
      <td><code>${first.path}</code><br /><span class="hint">${first.methods.join(', ')}, ${first.auth}</span></td>
      <td>${first.callers.join(', ')}</td>
      <td>${formatNumber(first.rateLimit.requests)} per ${plural(first.rateLimit.perSeconds, 'second')}</td>
      <td>
        <ul class="plain">
          ${circuits}
        </ul>
      </td>
      <td>${callText}</td>
    </tr>`;
  });
  const down = ext.instances.flatMap((i) => (i.reachable ? [] : [markup`<li>${i.id}: ${unreachable(i.error)}</li>`]));
  const b = ext.breaker;
  return markup`<h3>External gateway ${ext.name}</h3>
    <p>
      Each breaker opens when ${b.failureRatePercent}% of at least ${plural(b.minimumCalls, 'call')} in
      ${plural(b.windowSeconds, 'second')} fail, for ${plural(b.openSeconds, 'second')}.
    </p>
    ${
      down.length
        ? markup`<ul class="plain">
            ${down}
          </ul>`
        : ''
    }
    ${ext.instances.length === 0 ? markup`<p>No instance of ${ext.service} is registered.</p>` : ''}
    <table class="table" id="upstream-table">
      <caption>
        Upstreams, their limits and breakers
      </caption>
      <thead>
        <tr>
          <th scope="col">Upstream</th>
          <th scope="col">Route</th>
          <th scope="col">Callers</th>
          <th scope="col">Rate limit</th>
          <th scope="col">Breaker per instance</th>
          <th scope="col">Calls by outcome</th>
        </tr>
      </thead>
      <tbody>
        ${
          rows.length
            ? rows
            : markup`<tr>
                <td colspan="6">No instance answered.</td>
              </tr>`
        }
      </tbody>
    </table>`;
}

function renderPrimary(p: NonNullable<GatewayStats['primary']>): SafeHtml {
  const rows = p.instances.map((i) => {
    if (!i.reachable)
      return markup`<tr data-gateway-instance="${i.id}">
        <th scope="row">${i.id}</th>
        <td colspan="6">${unreachable(i.error)}</td>
      </tr>`;
    const c = i.counters;
    const cacheable = c.cacheHits + c.cacheMisses;
    const levels = Object.entries(c.throttledByLevel)
      .map(([level, n]) => `${level}: ${formatNumber(n)}`)
      .join(', ');
    return markup`<tr data-gateway-instance="${i.id}">
      <th scope="row">${i.id}</th>
      <td class="num">${formatNumber(c.requests)}</td>
      <td class="num">${formatNumber(c.cacheHits)}</td>
      <td class="num">${formatNumber(c.cacheMisses)}</td>
      <td class="num">${cacheable ? `${formatNumber((c.cacheHits / cacheable) * 100, 0)}%` : '–'}</td>
      <td class="num">${formatNumber(c.throttled)}${levels ? markup`<br /><span class="hint">${levels}</span>` : ''}</td>
      <td class="num">${formatNumber(c.errors4xx)} / ${formatNumber(c.errors5xx)}</td>
    </tr>`;
  });
  const l = p.limits;
  return markup`<h3>Primary gateway ${p.name}</h3>
    <p>
      Stage throttle ${formatNumber(l.rateLimit)} requests per second, burst ${formatNumber(l.burstLimit)}; cache
      ${l.cacheEnabled ? `on, ${plural(l.cacheTtlSeconds, 'second')} TTL` : 'off'}.
    </p>
    <table class="table" id="primary-table">
      <caption>
        Primary gateway counters since each instance started
      </caption>
      <thead>
        <tr>
          <th scope="col">Instance</th>
          <th scope="col" class="num">Requests</th>
          <th scope="col" class="num">Cache hits</th>
          <th scope="col" class="num">Cache misses</th>
          <th scope="col" class="num">Hit ratio</th>
          <th scope="col" class="num">Throttled</th>
          <th scope="col" class="num">4xx / 5xx</th>
        </tr>
      </thead>
      <tbody>
        ${
          rows.length
            ? rows
            : markup`<tr>
                <td colspan="7">No instance is registered.</td>
              </tr>`
        }
      </tbody>
    </table>`;
}

export function renderGatewayPanel(stats: GatewayStats): SafeHtml {
  if (!stats.primary && !stats.external) return markup`<p>This platform defines no gateways.</p>`;
  return markup`${stats.external ? renderExternal(stats.external) : ''}${stats.primary ? renderPrimary(stats.primary) : ''}`;
}
