import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rollbackAlarmsSchema } from '@dwp/platform';
import { parsePrometheusText } from '../console/prometheus-text.ts';
import {
  ALARM_OK,
  breachesOf,
  combined,
  nextAlarmState,
  readingBetween,
  snapshotOf,
  type PeriodReading,
} from './alarm-evaluator.ts';

const METRICS = `# HELP http_requests_total HTTP requests answered
# TYPE http_requests_total counter
http_requests_total{method="GET",route="/claims/claims",status="200",service="claims-api",instance="claims-api-r2-1"} 40
http_requests_total{method="GET",route="/claims/claims",status="503",service="claims-api",instance="claims-api-r2-1"} 10
http_requests_total{method="POST",route="/claims/claims",status="201",service="claims-api",instance="claims-api-r2-1"} 5
http_requests_total{method="GET",route="/health",status="503",service="claims-api",instance="claims-api-r2-1"} 7
http_requests_total{method="GET",route="/claims/health",status="200",service="claims-api",instance="claims-api-r2-1"} 3
http_requests_total{method="GET",route="/metrics",status="200",service="claims-api",instance="claims-api-r2-1"} 2
# TYPE http_request_latency_seconds summary
http_request_latency_seconds{quantile="0.5",service="claims-api"} 0.004
http_request_latency_seconds{quantile="0.99",service="claims-api"} 0.25
http_request_latency_seconds_sum{service="claims-api"} 1.2
http_request_latency_seconds_count{service="claims-api"} 67
`;

const reading = (requests: number, errors: number, p99Ms?: number): PeriodReading =>
  readingBetween({ requests: 0, errors: 0, p99Ms: undefined }, { requests, errors, p99Ms });

describe('the rollback alarm evaluator', () => {
  it("reads an instance's requests and 5xx answers without health checks, scrapes and docs, and its p99", () => {
    assert.deepEqual(snapshotOf(parsePrometheusText(METRICS)), { requests: 55, errors: 10, p99Ms: 250 });
    assert.deepEqual(snapshotOf([]), { requests: 0, errors: 0, p99Ms: undefined });
  });

  it('adds instances up as one target group, the worst p99 standing for all', () => {
    assert.deepEqual(
      combined([
        { requests: 10, errors: 1, p99Ms: 20 },
        { requests: 5, errors: 0, p99Ms: 90 },
        { requests: 0, errors: 0, p99Ms: undefined },
      ]),
      { requests: 15, errors: 1, p99Ms: 90 },
    );
  });

  it("reads a period's figures between two snapshots, from zero after a restart", () => {
    const r = readingBetween({ requests: 100, errors: 2, p99Ms: 5 }, { requests: 120, errors: 12, p99Ms: 8 });
    assert.deepEqual(r, { requests: 20, errors: 10, errorRatePercent: 50, successRatePercent: 50, p99Ms: 8 });
    assert.equal(
      readingBetween({ requests: 100, errors: 2, p99Ms: 5 }, { requests: 3, errors: 0, p99Ms: 1 }).requests,
      3,
    );
  });

  it('names each alarm a period breaches', () => {
    const alarms = rollbackAlarmsSchema.parse({
      errorRatePercentAbove: 1,
      successRatePercentBelow: 99.5,
      latencyP99MsAbove: 100,
    });
    assert.deepEqual(breachesOf(alarms, reading(20, 10, 250)), [
      '5xx rate 50 % above 1 %',
      'success rate 50 % below 99.5 %',
      'p99 250 ms above 100 ms',
    ]);
    assert.deepEqual(breachesOf(alarms, reading(20, 0, 10)), []);
    assert.deepEqual(breachesOf(alarms, reading(0, 0, 250)), [], 'no requests, no data');
  });

  it('fires after datapoints breaching periods in a row, and a good period clears the streak', () => {
    const alarms = rollbackAlarmsSchema.parse({ errorRatePercentAbove: 1, datapoints: 2 });
    let s = nextAlarmState(ALARM_OK, alarms, reading(10, 5));
    assert.deepEqual(s, { streak: 1, fired: false });
    s = nextAlarmState(s, alarms, reading(10, 0));
    assert.deepEqual(s, { streak: 0, fired: false });
    s = nextAlarmState(s, alarms, reading(10, 5));
    s = nextAlarmState(s, alarms, reading(0, 0));
    // As the AWS alarms treat missing data (not breaching): an idle period breaks the streak.
    assert.deepEqual(s, { streak: 0, fired: false }, 'a period without requests counts as good');
    s = nextAlarmState(s, alarms, reading(10, 5));
    s = nextAlarmState(s, alarms, reading(10, 5));
    assert.deepEqual(s, { streak: 2, fired: true });
    assert.deepEqual(nextAlarmState(s, alarms, reading(0, 0)), { streak: 0, fired: true }, 'fired stays fired');
  });
});
