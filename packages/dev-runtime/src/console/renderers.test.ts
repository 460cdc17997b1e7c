import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FIXTURE_TRACE_ID,
  fixtureStatus,
  fixtureSummaries,
  fixtureTrace,
  fixtureTraceLogs,
} from './console.fixture.ts';
import { renderGatewayPanel } from './gateway-panel.ts';
import type { GatewayStats } from './gateway-stats.ts';
import { logIdsOf, renderInstancePanel } from './instance-panel.ts';
import { flatten } from './markup.ts';
import { renderLogLines } from './console-page.ts';
import { renderTraceForm, renderTraceTable, traceQueryOf, traceQueryString } from './trace-list.ts';
import { levelText, renderTracePage } from './trace-page.ts';

describe('renderInstancePanel', () => {
  const out = flatten(renderInstancePanel(fixtureStatus()).html);

  it('shows a stopped instance as "stopped" in the failing style, with its restarts and failed check', () => {
    const row = /<tr data-instance="claims-api-2"[^]*?<\/tr>/.exec(out)?.[0] ?? '';
    assert.match(row, /class="row--down"/);
    assert.match(row, /<span class="tag tag--down">stopped<\/span>/);
    assert.match(row, /<td class="num">3<\/td>/);
    assert.match(row, /failed at 2026-12-01 16:59:58 UTC<br ?\/?><span class="hint">connect ECONNREFUSED<\/span>/);
    assert.match(row, /href="\/console\/logs\/claims-api-2"/);
  });

  it('lists stores and stand-ins with their state', () => {
    assert.match(
      out,
      /<tr data-instance="hmrc-sandbox" class="row--ok"><th scope="row">hmrc-sandbox<\/th><td>stand-in<\/td>/,
    );
  });

  it('escapes what the status says', () => {
    const s = fixtureStatus();
    const hostile = {
      ...s,
      standIns: [{ name: '<script>x</script>', endpoint: '"><img src=x>', state: 'running' as const }],
    };
    const html = renderInstancePanel(hostile).html;
    assert.doesNotMatch(html, /<script>|<img/);
  });

  it('knows the log ids of instances, stores and stand-ins', () => {
    const ids = logIdsOf(fixtureStatus());
    assert.ok(ids.has('claims-api-2') && ids.has('postgres') && ids.has('royal-mail-sandbox'));
  });
});

describe('renderGatewayPanel', () => {
  const stats: GatewayStats = {
    generatedAt: '2026-12-01T17:00:00.000Z',
    primary: {
      name: 'dwp-internal-api',
      limits: { rateLimit: 10000, burstLimit: 5000, cacheEnabled: true, cacheTtlSeconds: 300 },
      instances: [
        {
          id: 'dwp-internal-api-1',
          url: 'http://x',
          reachable: true,
          counters: {
            requests: 40,
            cacheHits: 9,
            cacheMisses: 3,
            throttled: 4,
            throttledByLevel: { stage: 4 },
            errors4xx: 5,
            errors5xx: 1,
          },
        },
      ],
    },
    external: {
      name: 'dwp-external-api',
      service: 'external-gateway',
      breaker: { failureRatePercent: 50, openSeconds: 30, minimumCalls: 10, windowSeconds: 60 },
      instances: [
        {
          id: 'external-gateway-1',
          url: 'http://x',
          reachable: true,
          upstreams: [
            {
              upstream: 'hmrc',
              path: '/external/hmrc/{proxy+}',
              methods: ['GET'],
              auth: 'oauth2-client-credentials',
              callers: ['claims-api'],
              configured: true,
              circuit: { state: 'open', openedAt: '2026-12-01T17:00:00.000Z', retryAfterSeconds: 12 },
              rateLimit: { requests: 500, perSeconds: 60 },
            },
          ],
          calls: [{ upstream: 'hmrc', outcome: '5xx', count: 7 }],
        },
        { id: 'external-gateway-2', url: 'http://y', reachable: false, error: 'ECONNREFUSED' },
      ],
    },
  };
  const out = flatten(renderGatewayPanel(stats).html);

  it('says each breaker state in words', () => {
    assert.match(out, /external-gateway-1:<span class="tag tag--down">open, retry in 12 seconds<\/span>/);
    assert.match(out, /500 per 60 seconds/);
    assert.match(out, /5xx: 7/);
  });

  it('marks an instance that did not answer as unreachable', () => {
    assert.match(
      out,
      /external-gateway-2:<span class="tag tag--down">unreachable<\/span><span class="hint">ECONNREFUSED<\/span>/,
    );
  });

  it('shows the primary gateway counters with its limits', () => {
    assert.match(out, /Stage throttle 10,000 requests per second, burst 5,000; cache on, 300 seconds TTL/);
    assert.match(out, /<td class="num">75%<\/td>/);
    assert.match(out, /stage: 4/);
  });
});

describe('trace list', () => {
  it('reads the filter form, leaving out what is malformed', () => {
    assert.deepEqual(traceQueryOf(new URLSearchParams('service=claims-api&status=error&minMs=100')), {
      service: 'claims-api',
      status: 'error',
      minMs: 100,
      limit: 50,
    });
    assert.deepEqual(traceQueryOf(new URLSearchParams('status=weird&minMs=abc&limit=9999')), { limit: 500 });
    assert.equal(traceQueryString({ service: 'a b', minMs: 5 }), 'service=a+b&minMs=5');
  });

  it('keeps the chosen filters selected in the form', () => {
    const form = flatten(
      renderTraceForm({ service: 'claims-api', status: 'error', minMs: 10 }, ['edge', 'claims-api']).html,
    );
    assert.match(form, /<form method="get" action="\/#traces"/);
    assert.match(form, /<option value="claims-api" selected>claims-api<\/option>/);
    assert.match(form, /<option value="error" selected>Error<\/option>/);
    assert.match(form, /value="10"/);
  });

  it('links each trace to its waterfall and says its errors in words', () => {
    const table = flatten(renderTraceTable(fixtureSummaries(), { status: 'error' }).html);
    assert.match(
      table,
      new RegExp(`<a href="/console/trace/${FIXTURE_TRACE_ID}">GET /api/claims/claims/\\{claimId\\}</a>`),
    );
    assert.match(table, /<span class="tag tag--down">1 error<\/span>/);
    assert.match(table, /<span class="tag tag--ok">no errors<\/span>/);
    assert.match(table, /<caption>Recent traces: status error \(2 traces\)<\/caption>/);
    assert.match(table, /2026-12-01 17:00:00\.000 UTC/);
  });
});

describe('renderTracePage', () => {
  const page = flatten(renderTracePage('dwp', fixtureTrace(), fixtureTraceLogs()).html);

  it('draws a bar per span, indented by depth, the failed one marked', () => {
    assert.equal((page.match(/<li class="span /g) ?? []).length, 5);
    assert.match(page, /<li class="span depth-3 span--error" id="span-4444444444444444"/);
    assert.match(page, /<rect class="span__bar svc-3" x="16.667" y="1" width="72.222" height="8">/);
  });

  it("puts every attribute in the span's details, escaped", () => {
    assert.match(
      page,
      /<code>db\.query\.text<\/code><\/th><td><code>SELECT \* FROM claims WHERE id = \$1 &lt;script&gt;<\/code>/,
    );
    assert.doesNotMatch(page, /<script>/);
    assert.doesNotMatch(page, /<script /, 'the waterfall page needs no script');
  });

  it('lists the log lines of the trace, linked to their spans, escaped', () => {
    assert.match(page, /<td>external-gateway-1<\/td><td>error<\/td><td>hmrc answered 503 &lt;b&gt;/);
    assert.match(page, /<a href="#span-2222222222222222">/);
    assert.match(page, /<td>2026-12-01 17:00:00\.012 UTC<\/td>/);
  });

  it('names pino levels', () => {
    assert.equal(levelText(30), 'info');
    assert.equal(levelText(50), 'error');
    assert.equal(levelText('warn'), 'warn');
  });
});

describe('renderLogLines', () => {
  it('shows raw log lines as text', () => {
    const out = renderLogLines('claims-api-1', ['{"msg":"<b>hi</b>"}']).html;
    assert.match(out, /\{&quot;msg&quot;:&quot;&lt;b&gt;hi&lt;\/b&gt;&quot;\}/);
  });
});
