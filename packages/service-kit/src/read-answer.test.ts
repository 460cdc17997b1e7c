import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadAnswerError } from '@dwp/service-errors';
import { z } from 'zod';
import { readAnswer } from './service-client.ts';

const answer = z.object({ sub: z.string(), confidence: z.enum(['P0', 'P2']) });

describe("reading another service's answer against a schema", () => {
  it('returns the parsed body when it has the shape', async () => {
    assert.deepEqual(
      await readAnswer(
        'identity-api (GET /identity/users/u-1)',
        async () => ({ sub: 'u-1', confidence: 'P2', extra: 1 }),
        answer,
      ),
      { sub: 'u-1', confidence: 'P2' },
    );
  });

  it('turns a body of the wrong shape into a 502 naming the answer and the fields', async () => {
    await assert.rejects(
      readAnswer('identity-api (GET /identity/users/u-1)', async () => ({ sub: 7 }), answer),
      (e: unknown) => {
        assert.ok(e instanceof BadAnswerError);
        assert.equal(e.statusCode, 502);
        assert.equal(e.code, 'SVC_ERR_BAD_ANSWER');
        assert.match(
          e.message,
          /^identity-api \(GET \/identity\/users\/u-1\) answered with a body of the wrong shape$/,
        );
        assert.deepEqual(
          (e.details as Array<{ path: string }>).map((d) => d.path),
          ['sub', 'confidence'],
        );
        return true;
      },
    );
  });

  it("uses the service's own error code when it gives one, and refuses a body that is not JSON", async () => {
    await assert.rejects(
      readAnswer('hmrc', async () => [], answer, { code: 'BENEFITS_ERR_HMRC_BAD_ANSWER' }),
      (e: unknown) => e instanceof BadAnswerError && e.code === 'BENEFITS_ERR_HMRC_BAD_ANSWER' && e.statusCode === 502,
    );
    await assert.rejects(
      readAnswer('hmrc', async () => JSON.parse('<html>') as unknown, answer),
      (e: unknown) => e instanceof BadAnswerError && /not JSON/.test(e.message),
    );
  });
});
