/**
 * A small SQS-API server for the local platform, speaking the AWS JSON 1.0 protocol the current
 * `@aws-sdk/client-sqs` uses (no npm SQS stand-in speaks it). It keeps what a consumer relies on:
 * long polling, visibility timeouts, receive counts with a redrive policy to a dead-letter queue,
 * message attributes with their MD5s, and its queues on disk between runs.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { systemClock, type Clock } from '@dwp/clock';
import { z } from 'zod';

export const LOCAL_ACCOUNT = '000000000000';
/** SQS's default visibility timeout. */
export const DEFAULT_VISIBILITY_SECONDS = 30;
/** SQS's limit on long polling. */
export const MAX_WAIT_SECONDS = 20;

const messageAttributeValue = z.object({
  DataType: z.string(),
  StringValue: z.string().optional(),
  BinaryValue: z.string().optional(),
});
type MessageAttributeValue = z.output<typeof messageAttributeValue>;

const storedMessage = z.object({
  id: z.string(),
  body: z.string(),
  attributes: z.record(z.string(), messageAttributeValue),
  sentAt: z.number(),
  receiveCount: z.number(),
  visibleAt: z.number(),
  receiptHandle: z.string().optional(),
});
type StoredMessage = z.output<typeof storedMessage>;
/** The state file: each queue's messages, by queue name. */
const savedQueues = z.record(z.string(), z.array(storedMessage));

export interface QueueSpec {
  readonly name: string;
  /** Send a message to `deadLetterQueue` once it has been received this many times. */
  readonly redrive?: { readonly deadLetterQueue: string; readonly maxReceiveCount: number };
}

interface Queue {
  spec: QueueSpec;
  messages: StoredMessage[];
}

class SqsError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

/** The parts of a request this server reads, checked: a malformed request is SQS's 400, not a crash. */
const attributeValue = z.looseObject({
  DataType: z.string(),
  StringValue: z.string().optional(),
  BinaryValue: z.string().optional(),
});
const messageAttributes = z.record(z.string(), attributeValue).default({});
const sendEntries = z.array(z.record(z.string(), z.unknown())).default([]);
const deleteEntries = z.array(z.object({ Id: z.string(), ReceiptHandle: z.string() })).default([]);
const visibilityEntries = z
  .array(z.object({ Id: z.string(), ReceiptHandle: z.string(), VisibilityTimeout: z.coerce.number() }))
  .default([]);

function parameter<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new SqsError('InvalidParameterValue', `The parameter ${name} is not valid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex');

/** MD5 of message attributes as SQS computes it: sorted by name, each part length-prefixed. */
export function md5OfAttributes(attrs: Record<string, MessageAttributeValue>): string | undefined {
  const names = Object.keys(attrs).sort();
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  const lengthPrefixed = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    parts.push(len, b);
  };
  for (const name of names) {
    const a = attrs[name]!;
    lengthPrefixed(Buffer.from(name));
    lengthPrefixed(Buffer.from(a.DataType));
    if (a.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]));
      lengthPrefixed(Buffer.from(a.BinaryValue, 'base64'));
    } else {
      parts.push(Buffer.from([1]));
      lengthPrefixed(Buffer.from(a.StringValue ?? ''));
    }
  }
  return md5(Buffer.concat(parts));
}

export interface SqsServerOptions {
  readonly queues: readonly QueueSpec[];
  /** File the queues are kept in between runs; in memory only when absent. */
  readonly stateFile?: string;
  /** Where time comes from (visibility timeouts, delays, long polls). @default systemClock */
  readonly clock?: Clock;
}

/** An AWS JSON 1.0 request body: a JSON object (empty means `{}`). */
function requestBodyOf(raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SqsError('InvalidParameterValue', 'The request body is not valid JSON');
  }
  const body = z.record(z.string(), z.unknown()).safeParse(parsed);
  if (!body.success) throw new SqsError('InvalidParameterValue', 'The request body must be a JSON object');
  return body.data;
}

export class SqsServer {
  readonly #queues = new Map<string, Queue>();
  readonly #waiters = new Set<() => void>();
  readonly #opts: SqsServerOptions;
  readonly #clock: Clock;
  #server: Server | undefined;
  #baseUrl = '';
  #saving: Promise<void> = Promise.resolve();

  constructor(opts: SqsServerOptions) {
    this.#opts = opts;
    this.#clock = opts.clock ?? systemClock;
    for (const spec of opts.queues) this.#queues.set(spec.name, { spec, messages: [] });
  }

  get endpoint(): string {
    return this.#baseUrl;
  }

  queueUrl(name: string): string {
    return `${this.#baseUrl}/${LOCAL_ACCOUNT}/${name}`;
  }

  async listen(port: number, host = '127.0.0.1'): Promise<void> {
    if (this.#opts.stateFile && existsSync(this.#opts.stateFile)) {
      const saved = savedQueues.parse(JSON.parse(await readFile(this.#opts.stateFile, 'utf8')));
      for (const [name, messages] of Object.entries(saved)) {
        const q = this.#queues.get(name);
        // A message in flight when the server stopped is visible again at once.
        if (q) q.messages = messages.map((m) => ({ ...m, visibleAt: 0 }));
      }
    }
    const server = createServer((req, res) => {
      void this.#handle(req, res);
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    const address = server.address() as { port: number };
    this.#baseUrl = `http://${host}:${address.port}`;
  }

  async close(): Promise<void> {
    for (const wake of this.#waiters) wake();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => {
      if (this.#server)
        this.#server.close(() => {
          resolve();
        });
      else resolve();
    });
    await this.#saving;
  }

  /** Messages of a queue, visible or not (for /status and tests). */
  depth(name: string): number {
    return this.#queues.get(name)?.messages.length ?? 0;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : '';
    try {
      if (req.method !== 'POST' || !action)
        throw new SqsError('InvalidAction', 'Send AWS JSON 1.0 requests with an X-Amz-Target header');
      const input = requestBodyOf(Buffer.concat(chunks));
      const output = await this.#dispatch(action, input);
      // Answer only once what it changed is on disk: an accepted message survives a SIGKILL, as
      // SQS keeps a message it has acknowledged.
      await this.#saving;
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(output));
    } catch (err) {
      const e = err instanceof SqsError ? err : new SqsError('InternalError', (err as Error).message);
      res
        .writeHead(e.type === 'InternalError' ? 500 : 400, { 'content-type': 'application/x-amz-json-1.0' })
        .end(JSON.stringify({ __type: `com.amazonaws.sqs#${e.type}`, message: e.message }));
    }
  }

  #queue(url: unknown): Queue {
    const name = typeof url === 'string' ? url.split('/').pop()! : '';
    const q = this.#queues.get(name);
    if (!q) throw new SqsError('QueueDoesNotExist', `The specified queue ${String(url)} does not exist.`);
    return q;
  }

  async #dispatch(action: string, input: Record<string, unknown>): Promise<unknown> {
    switch (action) {
      case 'GetQueueUrl': {
        const name = String(input.QueueName);
        if (!this.#queues.has(name))
          throw new SqsError('QueueDoesNotExist', `The specified queue ${name} does not exist.`);
        return { QueueUrl: this.queueUrl(name) };
      }
      case 'ListQueues':
        return { QueueUrls: [...this.#queues.keys()].map((n) => this.queueUrl(n)) };
      case 'GetQueueAttributes': {
        const q = this.#queue(input.QueueUrl);
        const now = this.#clock.now();
        return {
          Attributes: {
            ApproximateNumberOfMessages: String(q.messages.filter((m) => m.visibleAt <= now).length),
            ApproximateNumberOfMessagesNotVisible: String(q.messages.filter((m) => m.visibleAt > now).length),
            VisibilityTimeout: String(DEFAULT_VISIBILITY_SECONDS),
            ...(q.spec.redrive
              ? {
                  RedrivePolicy: JSON.stringify({
                    deadLetterTargetArn: `arn:aws:sqs:eu-west-2:${LOCAL_ACCOUNT}:${q.spec.redrive.deadLetterQueue}`,
                    maxReceiveCount: q.spec.redrive.maxReceiveCount,
                  }),
                }
              : {}),
          },
        };
      }
      case 'SendMessage':
        return this.#send(this.#queue(input.QueueUrl), input);
      case 'SendMessageBatch': {
        const q = this.#queue(input.QueueUrl);
        const entries = parameter(sendEntries, input.Entries, 'Entries');
        return { Successful: entries.map((e) => ({ Id: e.Id, ...this.#send(q, e) })), Failed: [] };
      }
      case 'ReceiveMessage':
        return this.#receive(this.#queue(input.QueueUrl), input);
      case 'DeleteMessage':
        this.#delete(this.#queue(input.QueueUrl), String(input.ReceiptHandle));
        return {};
      case 'DeleteMessageBatch': {
        const q = this.#queue(input.QueueUrl);
        const entries = parameter(deleteEntries, input.Entries, 'Entries');
        for (const e of entries) this.#delete(q, e.ReceiptHandle);
        return { Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] };
      }
      case 'ChangeMessageVisibility':
        this.#changeVisibility(
          this.#queue(input.QueueUrl),
          String(input.ReceiptHandle),
          Number(input.VisibilityTimeout),
        );
        return {};
      case 'ChangeMessageVisibilityBatch': {
        const q = this.#queue(input.QueueUrl);
        const entries = parameter(visibilityEntries, input.Entries, 'Entries');
        for (const e of entries) this.#changeVisibility(q, e.ReceiptHandle, e.VisibilityTimeout);
        return { Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] };
      }
      case 'PurgeQueue':
        this.#queue(input.QueueUrl).messages = [];
        this.#save();
        return {};
      default:
        throw new SqsError('UnsupportedOperation', `${action} is not supported by the local SQS stand-in`);
    }
  }

  #send(
    q: Queue,
    input: Record<string, unknown>,
  ): { MessageId: string; MD5OfMessageBody: string; MD5OfMessageAttributes?: string } {
    const body = typeof input.MessageBody === 'string' ? input.MessageBody : '';
    if (!body) throw new SqsError('MissingParameter', 'The request must contain the parameter MessageBody.');
    const attributes = parameter(messageAttributes, input.MessageAttributes, 'MessageAttributes');
    const delay = Number(input.DelaySeconds ?? 0);
    const message: StoredMessage = {
      id: randomUUID(),
      body,
      attributes,
      sentAt: this.#clock.now(),
      receiveCount: 0,
      visibleAt: this.#clock.now() + delay * 1000,
    };
    q.messages.push(message);
    this.#save();
    for (const wake of [...this.#waiters]) wake();
    const attrMd5 = md5OfAttributes(attributes);
    return {
      MessageId: message.id,
      MD5OfMessageBody: md5(body),
      ...(attrMd5 ? { MD5OfMessageAttributes: attrMd5 } : {}),
    };
  }

  async #receive(q: Queue, input: Record<string, unknown>): Promise<{ Messages?: unknown[] }> {
    const max = Math.min(Math.max(Number(input.MaxNumberOfMessages ?? 1), 1), 10);
    const visibility = Number(input.VisibilityTimeout ?? DEFAULT_VISIBILITY_SECONDS);
    const wait = Math.min(Number(input.WaitTimeSeconds ?? 0), MAX_WAIT_SECONDS);
    const deadline = this.#clock.now() + wait * 1000;
    let taken = this.#take(q, max, visibility);
    while (taken.length === 0 && this.#clock.now() < deadline && this.#server?.listening) {
      // Sleep until a send wakes us, a hidden message becomes visible, or the wait is over.
      const nextVisible = Math.min(
        ...q.messages.map((m) => m.visibleAt).filter((t) => t > this.#clock.now()),
        deadline,
      );
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.max(nextVisible - this.#clock.now(), 1));
        this.#waiters.add(wake);
      });
      taken = this.#take(q, max, visibility);
    }
    if (taken.length === 0) return {};
    return {
      Messages: taken.map((m) => {
        const attrMd5 = md5OfAttributes(m.attributes);
        return {
          MessageId: m.id,
          ReceiptHandle: m.receiptHandle,
          MD5OfBody: md5(m.body),
          Body: m.body,
          Attributes: { ApproximateReceiveCount: String(m.receiveCount), SentTimestamp: String(m.sentAt) },
          ...(Object.keys(m.attributes).length
            ? { MessageAttributes: m.attributes, MD5OfMessageAttributes: attrMd5 }
            : {}),
        };
      }),
    };
  }

  #take(q: Queue, max: number, visibilitySeconds: number): StoredMessage[] {
    const now = this.#clock.now();
    const out: StoredMessage[] = [];
    for (const m of [...q.messages]) {
      if (out.length >= max) break;
      if (m.visibleAt > now) continue;
      const redrive = q.spec.redrive;
      if (redrive && m.receiveCount >= redrive.maxReceiveCount) {
        // Received too often without being deleted: off to the dead-letter queue.
        q.messages.splice(q.messages.indexOf(m), 1);
        this.#queues.get(redrive.deadLetterQueue)?.messages.push({ ...m, visibleAt: now, receiptHandle: undefined });
        continue;
      }
      m.receiveCount++;
      m.visibleAt = now + visibilitySeconds * 1000;
      m.receiptHandle = `${m.id}:${randomUUID()}`;
      out.push(m);
    }
    this.#save();
    return out;
  }

  #find(q: Queue, receiptHandle: string): StoredMessage | undefined {
    return q.messages.find((m) => m.receiptHandle === receiptHandle);
  }

  #delete(q: Queue, receiptHandle: string): void {
    const m = this.#find(q, receiptHandle);
    if (m) {
      q.messages.splice(q.messages.indexOf(m), 1);
      this.#save();
    }
  }

  #changeVisibility(q: Queue, receiptHandle: string, seconds: number): void {
    const m = this.#find(q, receiptHandle);
    if (!m) throw new SqsError('ReceiptHandleIsInvalid', 'The receipt handle is not valid');
    m.visibleAt = this.#clock.now() + seconds * 1000;
    this.#save();
    if (seconds === 0) for (const wake of [...this.#waiters]) wake();
  }

  /** Writes the queues to disk, one write at a time, each replacing the file whole. */
  #save(): void {
    const file = this.#opts.stateFile;
    if (!file) return;
    const snapshot = JSON.stringify(Object.fromEntries([...this.#queues].map(([n, q]) => [n, q.messages])));
    this.#saving = this.#saving.then(async () => {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(`${file}.tmp`, snapshot);
      await rename(`${file}.tmp`, file);
    });
  }
}
