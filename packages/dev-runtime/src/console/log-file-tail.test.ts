import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_LOG_LINES, UnknownLogError, lineCount, logFileOf, readLastLines } from './log-file-tail.ts';

describe('readLastLines', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'console-logs-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const lines = (n: number) => Array.from({ length: n }, (_, i) => `{"msg":"line ${i + 1}"}`);

  it('answers the last N lines, oldest first', async () => {
    const file = join(dir, 'a.log');
    await writeFile(file, `${lines(10).join('\n')}\n`);
    assert.deepEqual(await readLastLines(file, 3), ['{"msg":"line 8"}', '{"msg":"line 9"}', '{"msg":"line 10"}']);
  });

  it('answers every line of a short file, including a last line without its newline', async () => {
    const file = join(dir, 'b.log');
    await writeFile(file, 'one\ntwo\nthree');
    assert.deepEqual(await readLastLines(file, 200), ['one', 'two', 'three']);
  });

  it('reads across chunks of a large file', async () => {
    const file = join(dir, 'c.log');
    await writeFile(file, `${lines(20_000).join('\n')}\n`);
    const last = await readLastLines(file, 5000);
    assert.equal(last.length, 5000);
    assert.equal(last[0], '{"msg":"line 15001"}');
    assert.equal(last.at(-1), '{"msg":"line 20000"}');
  });

  it('reads no more than maxBytes from the end, dropping the cut line', async () => {
    const file = join(dir, 'd.log');
    await writeFile(file, `${lines(1000).join('\n')}\n`);
    const last = await readLastLines(file, 1000, 100);
    assert.ok(last.length < 10, `read ${last.length} lines from 100 bytes`);
    assert.ok(last.every((l) => l.startsWith('{"msg":"line ')));
    assert.equal(last.at(-1), '{"msg":"line 1000"}');
  });

  it('answers no lines for a log not written yet', async () => {
    assert.deepEqual(await readLastLines(join(dir, 'missing.log'), 10), []);
  });
});

describe('logFileOf', () => {
  const known = new Set(['claims-api-1', 'royal-mail-sandbox']);

  it('names the log of an id the status reports', () => {
    assert.equal(logFileOf('/data/logs', 'claims-api-1', known), '/data/logs/claims-api-1.log');
  });

  it('refuses an id the status does not report, with a code', () => {
    assert.throws(() => logFileOf('/data/logs', 'other', known), {
      name: 'UnknownLogError',
      code: 'CONSOLE_ERR_UNKNOWN_LOG',
    });
  });

  it('refuses path tricks even if a status were to report them', () => {
    for (const id of ['../etc/passwd', '..', 'claims-api-1/../../x', '/etc/passwd', '', 'claims-api-1\0', '.hidden']) {
      assert.throws(() => logFileOf('/data/logs', id, new Set([...known, id])), UnknownLogError, JSON.stringify(id));
    }
  });
});

describe('lineCount', () => {
  it('defaults to 200 and keeps within 1..MAX_LOG_LINES', () => {
    assert.equal(lineCount(null), 200);
    assert.equal(lineCount('50'), 50);
    assert.equal(lineCount('0'), 200);
    assert.equal(lineCount('-3'), 200);
    assert.equal(lineCount('lots'), 200);
    assert.equal(lineCount('999999'), MAX_LOG_LINES);
  });
});
