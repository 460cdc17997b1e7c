import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readPoolIds } from './user-pool-stand-in.ts';

describe('readPoolIds', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'user-pool-ids-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('is undefined when there is no ids.json yet, and reads a good one', async () => {
    assert.equal(await readPoolIds(join(dir, 'absent.json')), undefined);
    const file = join(dir, 'ids.json');
    await writeFile(file, JSON.stringify({ poolId: 'eu-west-2_AbCdEf123', clientId: 'abc123' }));
    assert.deepEqual(await readPoolIds(file), { poolId: 'eu-west-2_AbCdEf123', clientId: 'abc123' });
  });

  it('refuses a damaged ids.json with an error naming the file', async () => {
    for (const [name, text] of [
      ['truncated.json', '{"poolId":'],
      ['no-client.json', '{"poolId":"eu-west-2_AbCdEf123"}'],
      ['null.json', 'null'],
    ] as const) {
      const file = join(dir, name);
      await writeFile(file, text);
      await assert.rejects(readPoolIds(file), (e: unknown) => {
        assert.ok(e instanceof Error && !(e instanceof TypeError), `${name}: ${String(e)}`);
        assert.ok(e.message.startsWith(`${file} is damaged`), e.message);
        return true;
      });
    }
  });
});
