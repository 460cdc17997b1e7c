import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadAnswerError, UnavailableError } from '@dwp/service-errors';
import { z } from 'zod';
import { foundOrNone, readAnswer, type CallResult } from './service-client.ts';

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

describe('reading something the callee may not hold', () => {
  const answerOf = (status: number, body: unknown) => {
    let drained = false;
    const res: Pick<CallResult, 'status' | 'read' | 'text'> = {
      status,
      read: (schema) => readAnswer('citizen-api (GET /citizen/users/u-1)', async () => body, schema),
      text: async () => {
        drained = true;
        return JSON.stringify(body);
      },
    };
    return { res, drained: () => drained };
  };

  it('returns the checked body of a 200', async () => {
    assert.deepEqual(await foundOrNone(answerOf(200, { sub: 'u-1', confidence: 'P2' }).res, answer, 'x'), {
      sub: 'u-1',
      confidence: 'P2',
    });
  });

  it('is undefined on a 404, and reads the body so the connection is freed', async () => {
    const a = answerOf(404, { error: { code: 'NOT_FOUND' } });
    assert.equal(await foundOrNone(a.res, answer, 'x'), undefined);
    assert.equal(a.drained(), true);
  });

  it("turns any other status into the caller's own 503, not the callee's error", async () => {
    for (const status of [400, 401, 403, 409, 500, 502, 503]) {
      const a = answerOf(status, { error: { code: 'CITIZEN_ERR_SECRET', message: 'internal detail' } });
      await assert.rejects(foundOrNone(a.res, answer, 'We could not read your profile just now'), (e: unknown) => {
        assert.ok(e instanceof UnavailableError);
        assert.equal(e.statusCode, 503);
        assert.equal(e.message, 'We could not read your profile just now');
        return true;
      });
      assert.equal(a.drained(), true, String(status));
    }
  });

  it('still refuses a 200 of the wrong shape with a 502', async () => {
    await assert.rejects(foundOrNone(answerOf(200, { sub: 1 }).res, answer, 'x'), BadAnswerError);
  });
});
