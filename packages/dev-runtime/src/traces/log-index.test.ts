import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogIndex, traceLogsRoute } from './log-index.ts';
import { tid } from './stored-spans.fixture.ts';

const line = (traceId: string, msg: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ level: 30, time: 1_700_000_000_000, msg, traceId, spanId: '00f067aa0ba902b7', ...extra });

describe('log index', () => {
  it('keeps pino lines that carry a trace ID, with instance, ISO time and level name', () => {
    const logs = new LogIndex();
    assert.equal(logs.add('claims-api-1', `${line(tid(1), 'claim saved', { level: 50 })}\n`), true);
    assert.deepEqual(traceLogsRoute(logs, tid(1)).body, {
      data: [
        {
          instance: 'claims-api-1',
          time: '2023-11-14T22:13:20.000Z',
          level: 'error',
          msg: 'claim saved',
          spanId: '00f067aa0ba902b7',
          line: { level: 50, time: 1_700_000_000_000, msg: 'claim saved', traceId: tid(1), spanId: '00f067aa0ba902b7' },
        },
      ],
    });
  });

  it('ignores lines that are not JSON objects or carry no valid trace ID', () => {
    const logs = new LogIndex();
    for (const l of [
      'server listening',
      '{broken',
      '[1,2]',
      JSON.stringify({ msg: 'no trace' }),
      line('abc', 'short id'),
    ]) {
      assert.equal(logs.add('i', l), false, l);
    }
    assert.equal(logs.size, 0);
  });

  it('keeps at most maxLinesPerTrace lines of one trace, the first ones', () => {
    const logs = new LogIndex({ maxLinesPerTrace: 3 });
    for (let i = 0; i < 5; i++) logs.add('i', line(tid(1), `m${i}`));
    assert.deepEqual(
      logs.linesOf(tid(1)).map((e) => e.msg),
      ['m0', 'm1', 'm2'],
    );
  });

  it('evicts the oldest lines past maxLines, across traces', () => {
    const logs = new LogIndex({ maxLines: 3 });
    logs.add('i', line(tid(1), 'a'));
    logs.add('i', line(tid(2), 'b'));
    logs.add('i', line(tid(1), 'c'));
    logs.add('i', line(tid(2), 'd'));
    logs.add('i', line(tid(3), 'e'));
    assert.equal(logs.size, 3);
    assert.deepEqual(
      logs.linesOf(tid(1)).map((e) => e.msg),
      ['c'],
    );
    assert.deepEqual(
      logs.linesOf(tid(2)).map((e) => e.msg),
      ['d'],
    );
    assert.deepEqual(
      logs.linesOf(tid(3)).map((e) => e.msg),
      ['e'],
    );
  });

  it('stays within maxLines however many lines arrive', () => {
    const logs = new LogIndex({ maxLines: 100, maxLinesPerTrace: 10 });
    for (let i = 0; i < 5000; i++) logs.add('i', line(tid((i % 37) + 1), `m${i}`));
    assert.equal(logs.size, 100);
    let total = 0;
    for (let t = 1; t <= 37; t++) total += logs.linesOf(tid(t)).length;
    assert.equal(total, 100);
  });

  it('does not keep a line longer than maxLineBytes', () => {
    const logs = new LogIndex({ maxLineBytes: 200 });
    assert.equal(logs.add('i', line(tid(1), 'x'.repeat(300))), false);
  });

  it('answers an empty list for a trace it has no lines of', () => {
    assert.deepEqual(traceLogsRoute(new LogIndex(), tid(9)).body, { data: [] });
  });
});
