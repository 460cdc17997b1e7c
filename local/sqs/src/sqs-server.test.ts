import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { SqsServer } from './sqs-server.ts';

const specs = [{ name: 'jobs', redrive: { deadLetterQueue: 'jobs-dlq', maxReceiveCount: 2 } }, { name: 'jobs-dlq' }];

describe('the local SQS server, through the AWS SDK', () => {
  let dir: string;
  let server: SqsServer;
  let sqs: SQSClient;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sqs-'));
    server = new SqsServer({ queues: specs, stateFile: join(dir, 'queues.json') });
    await server.listen(0);
    sqs = new SQSClient({
      endpoint: server.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  after(async () => {
    sqs.destroy();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers a sent message with its attributes, hides it while in flight and forgets it once deleted', async () => {
    const QueueUrl = server.queueUrl('jobs');
    await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: '{"n":1}',
        MessageAttributes: { eventId: { DataType: 'String', StringValue: 'e-1' } },
      }),
    );
    const got = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }),
    );
    assert.equal(got.Messages?.[0]?.Body, '{"n":1}');
    assert.equal(got.Messages[0].MessageAttributes?.eventId?.StringValue, 'e-1');
    const hidden = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    assert.equal(hidden.Messages, undefined);
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: got.Messages[0].ReceiptHandle! }));
    assert.equal(server.depth('jobs'), 0);
  });

  it('wakes a long poll as soon as a message arrives', async () => {
    const QueueUrl = server.queueUrl('jobs');
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'wake' }));
    const got = await polling;
    assert.equal(got.Messages?.[0]?.Body, 'wake');
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: got.Messages[0].ReceiptHandle! }));
  });

  it('moves a message received too often to the dead-letter queue', async () => {
    const QueueUrl = server.queueUrl('jobs');
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'poison' }));
    for (let i = 0; i < 2; i++) {
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
      assert.equal(got.Messages?.[0]?.Body, 'poison');
      // A failed attempt: make it visible again at once.
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl,
          ReceiptHandle: got.Messages[0].ReceiptHandle!,
          VisibilityTimeout: 0,
        }),
      );
    }
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages, undefined);
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: server.queueUrl('jobs-dlq') }));
    assert.equal(dead.Messages?.[0]?.Body, 'poison');
  });

  it('keeps undelivered messages across a restart', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: server.queueUrl('jobs'), MessageBody: 'survivor' }));
    await server.close();
    server = new SqsServer({ queues: specs, stateFile: join(dir, 'queues.json') });
    await server.listen(0);
    sqs.destroy();
    sqs = new SQSClient({
      endpoint: server.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: server.queueUrl('jobs') }));
    assert.equal(got.Messages?.[0]?.Body, 'survivor');
  });

  it('has an acknowledged message on disk before it answers, so a kill straight after loses nothing', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: server.queueUrl('jobs'), MessageBody: 'acknowledged' }));
    // Read at once, with no close: what a SIGKILL right after the answer would leave.
    const saved = JSON.parse(await readFile(join(dir, 'queues.json'), 'utf8')) as Record<
      string,
      Array<{ body: string }>
    >;
    assert.ok(saved.jobs?.some((m) => m.body === 'acknowledged'));
  });

  it('answers a body that is not a JSON object with a 400, not a 500', async () => {
    for (const body of ['{nope', '[1,2]', '"x"']) {
      const res = await fetch(server.endpoint, {
        method: 'POST',
        headers: { 'x-amz-target': 'AmazonSQS.SendMessage', 'content-type': 'application/x-amz-json-1.0' },
        body,
      });
      assert.equal(res.status, 400, body);
      assert.equal(((await res.json()) as { __type: string }).__type, 'com.amazonaws.sqs#InvalidParameterValue');
    }
  });

  it('answers an unknown queue with the SDK error SQS gives', async () => {
    await assert.rejects(
      sqs.send(new SendMessageCommand({ QueueUrl: server.queueUrl('nope'), MessageBody: 'x' })),
      (err: Error) => err.name === 'QueueDoesNotExist',
    );
  });
});
