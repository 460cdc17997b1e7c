import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePrometheusText, sumBy, sumOf } from './prometheus-text.ts';

const TEXT = `# HELP apigateway_count_total API Gateway Count: requests received
# TYPE apigateway_count_total counter
apigateway_count_total{stage="prod",resource="/citizen/{proxy+}",method="GET"} 12
apigateway_count_total{stage="prod",resource="/claims/{proxy+}",method="POST"} 3
apigateway_throttled_total{stage="prod",resource="/claims/{proxy+}",method="POST",level="stage"} 2
apigateway_throttled_total{stage="prod",resource="/claims/{proxy+}",method="GET",level="key"} 1
external_upstream_circuit_state{upstream="hmrc"} 2
weird{label="a \\"quoted\\" \\\\ value\\nnext"} 1.5 1700000000000
up 1
nan_metric NaN
inf_metric +Inf
broken{label=unquoted} 3
not a sample line
`;

describe('parsePrometheusText', () => {
  const samples = parsePrometheusText(TEXT);

  it('reads names, labels and values, skipping comments', () => {
    assert.deepEqual(samples[0], {
      name: 'apigateway_count_total',
      labels: { stage: 'prod', resource: '/citizen/{proxy+}', method: 'GET' },
      value: 12,
    });
    assert.deepEqual(
      samples.find((s) => s.name === 'up'),
      { name: 'up', labels: {}, value: 1 },
    );
  });

  it('unescapes label values and ignores a trailing timestamp', () => {
    assert.deepEqual(
      samples.find((s) => s.name === 'weird'),
      { name: 'weird', labels: { label: 'a "quoted" \\ value\nnext' }, value: 1.5 },
    );
  });

  it('reads NaN and infinities and skips malformed lines without throwing', () => {
    assert.ok(Number.isNaN(samples.find((s) => s.name === 'nan_metric')?.value));
    assert.equal(samples.find((s) => s.name === 'inf_metric')?.value, Infinity);
    assert.equal(
      samples.some((s) => s.name === 'broken' || s.name === 'not'),
      false,
    );
  });

  it('sums a metric, filtered by labels, leaving out values that are not finite', () => {
    assert.equal(sumOf(samples, 'apigateway_count_total'), 15);
    assert.equal(sumOf(samples, 'apigateway_count_total', { method: 'POST' }), 3);
    assert.equal(sumOf(samples, 'inf_metric'), 0);
    assert.equal(sumOf(samples, 'absent'), 0);
  });

  it('sums a metric by one label', () => {
    assert.deepEqual(
      [...sumBy(samples, 'apigateway_throttled_total', 'level')],
      [
        ['stage', 2],
        ['key', 1],
      ],
    );
  });

  it('reads nothing from an empty answer', () => {
    assert.deepEqual(parsePrometheusText(''), []);
  });
});
