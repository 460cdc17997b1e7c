import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketsAdded, histogramBuckets, quantileBound, shareWithin, totalOf } from './prometheus-histogram.ts';

const reading = (ok: [number, number, number], other = 7) => `# HELP http_request_duration_seconds Time to answer
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.01",method="GET",route="/",status="200",service="frontend-service"} ${ok[0]}
http_request_duration_seconds_bucket{le="0.05",method="GET",route="/",status="200",service="frontend-service"} ${ok[1]}
http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/",status="200",service="frontend-service"} ${ok[2]}
http_request_duration_seconds_bucket{le="0.01",method="GET",route="/sign-in",status="200",service="frontend-service"} ${other}
http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/sign-in",status="200",service="frontend-service"} ${other}
http_request_duration_seconds_sum{method="GET",route="/",status="200",service="frontend-service"} 1.5
http_requests_total{method="GET",route="/",status="200"} ${ok[2]}
`;

describe('a histogram from /metrics', () => {
  it('reads the buckets of the series that match, ascending, +Inf last', () => {
    assert.deepEqual(
      histogramBuckets(reading([90, 99, 100]), 'http_request_duration_seconds', { route: '/', status: '200' }),
      [
        [0.01, 90],
        [0.05, 99],
        [Infinity, 100],
      ],
    );
  });

  it('sums every matching series bucket by bucket', () => {
    assert.deepEqual(histogramBuckets(reading([90, 99, 100], 5), 'http_request_duration_seconds', { method: 'GET' }), [
      [0.01, 95],
      [0.05, 99],
      [Infinity, 105],
    ]);
  });

  it('is empty when no series matches', () => {
    assert.deepEqual(histogramBuckets(reading([1, 1, 1]), 'http_request_duration_seconds', { route: '/nowhere' }), []);
  });

  it('gives what a run added between two readings, and what its buckets say', () => {
    const match = { route: '/' };
    const run = bucketsAdded(
      histogramBuckets(reading([1090, 1198, 1200]), 'http_request_duration_seconds', match),
      histogramBuckets(reading([90, 99, 100]), 'http_request_duration_seconds', match),
    );
    assert.equal(totalOf(run), 1100);
    assert.equal(shareWithin(run, 0.05), 1099 / 1100);
    // quantile | smallest bound within which that share falls
    const cases: Array<[number, number]> = [
      [0.5, 0.01],
      [0.99, 0.05],
      [0.9995, Infinity],
    ];
    for (const [q, bound] of cases) assert.equal(quantileBound(run, q), bound, `q ${q}`);
  });

  it('refuses a bound it has no bucket for, and a quantile of nothing', () => {
    assert.throws(() => shareWithin([[Infinity, 1]], 0.05), /no bucket/);
    assert.throws(() => quantileBound([[Infinity, 0]], 0.99), /no observations/);
  });
});
