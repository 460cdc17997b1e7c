/**
 * The local stand-in for SQS: every queue in the definition (with its dead-letter queue, after the
 * definition's `deadLetterAfterReceives`) on one SQS-API server in its own process, kept in
 * `<data>/sqs` and started again if it exits. Steps aside
 * when `SQS_ENDPOINT` names a real one.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENV, dataStoreEnvName, type DataStore } from '@dwp/platform';
import type { QueueSpec } from '@dwp/sqs-server';
import { freePort } from '../free-port.ts';
import { KeptProcess, type KeptRun } from '../kept-process.ts';
import { startStandInProcess } from './child-process.ts';
import type { PlannedStandIn, SelectableStandIn, StandInContext } from './stand-in.ts';

type QueueStore = Extract<DataStore, { kind: 'queue' }>;

export const DEAD_LETTER_SUFFIX = '-dlq';
const ENTRY = fileURLToPath(import.meta.resolve('@dwp/sqs-server/main'));

export const sqsStandIn: SelectableStandIn = {
  name: 'sqs',
  needed: (platform) => platform.dataStores.some((d) => d.kind === 'queue'),
  async plan(ctx: StandInContext): Promise<PlannedStandIn> {
    const queues = ctx.platform.dataStores.filter((d): d is QueueStore => d.kind === 'queue');
    const physical = (q: QueueStore) => `${ctx.platform.name}-${q.name}`;
    const configured = ctx.env[ENV.sqsEndpoint];
    if (configured || queues.length === 0) {
      const env: Record<string, string> = configured ? { [ENV.sqsEndpoint]: configured } : {};
      for (const q of queues) {
        const variable = dataStoreEnvName(q)!;
        if (ctx.env[variable]) env[variable] = ctx.env[variable];
      }
      return { name: 'sqs', endpoint: '', env, ready: async () => undefined, stop: async () => undefined };
    }
    const specs: QueueSpec[] = queues.flatMap((q) => [
      {
        name: physical(q),
        redrive: { deadLetterQueue: `${physical(q)}${DEAD_LETTER_SUFFIX}`, maxReceiveCount: q.deadLetterAfterReceives },
      },
      { name: `${physical(q)}${DEAD_LETTER_SUFFIX}` },
    ]);
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = { [ENV.sqsEndpoint]: endpoint };
    for (const q of queues) env[dataStoreEnvName(q)!] = `${endpoint}/000000000000/${physical(q)}`;
    const start = async (): Promise<KeptRun> =>
      startStandInProcess(
        ENTRY,
        {
          SQS_STANDIN_PORT: String(port),
          SQS_STANDIN_QUEUES: JSON.stringify(specs),
          SQS_STANDIN_STATE_FILE: join(ctx.dataDir, 'sqs', 'queues.json'),
        },
        join(ctx.logDir, 'sqs.log'),
        ctx.console,
      );
    const kept = new KeptProcess({ name: 'sqs', start, ...(ctx.console ? { console: ctx.console } : {}) });
    return {
      name: 'sqs',
      endpoint,
      env,
      ready: () => kept.start(),
      stop: () => kept.stop(),
      health: () => kept.health(),
    };
  },
};
