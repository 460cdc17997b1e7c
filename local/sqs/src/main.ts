/**
 * The SQS stand-in's own process, so the runtime can keep it running (and a test can kill it) as
 * it does the other stores: `SQS_STANDIN_PORT`, `SQS_STANDIN_QUEUES` (the queue specs as JSON)
 * and `SQS_STANDIN_STATE_FILE`. Says `ready` over IPC once listening.
 */
import { z } from 'zod';
import { SqsServer } from './sqs-server.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const queueSpecs = z.array(
  z.object({
    name: z.string().min(1),
    redrive: z.object({ deadLetterQueue: z.string().min(1), maxReceiveCount: z.number().int().positive() }).optional(),
  }),
);

const server = new SqsServer({
  queues: queueSpecs.parse(JSON.parse(env('SQS_STANDIN_QUEUES'))),
  stateFile: env('SQS_STANDIN_STATE_FILE'),
});
await server.listen(Number(env('SQS_STANDIN_PORT')));
process.send?.('ready');

const stop = () => void server.close().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// The runtime that started it is gone (even by SIGKILL): go too, rather than hold the port.
process.once('disconnect', stop);
