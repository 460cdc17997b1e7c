/**
 * Which data store a CLIENT or PRODUCER span calls, read from OpenTelemetry's semantic
 * conventions: the PostgreSQL database (`db.namespace`), the DynamoDB table, the S3 bucket, the SQS
 * queue, or Redis. A store runs no instrumentation of its own, so a span like this is the only
 * trace of the call; the service map draws an edge to the store from it. Pure.
 */
import { attribute, type AttrValue, type StoredSpan } from './span-model.ts';

const text = (v: AttrValue | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function firstOf(v: AttrValue | undefined): string | undefined {
  if (typeof v === 'object' && !(v instanceof Uint8Array) && v.kind === 'array') return text(v.values[0]);
  return text(v);
}

/** The store's name as spans give it (a database, table, bucket or queue name; `redis`), or undefined. */
export function storeCalled(s: StoredSpan): string | undefined {
  const a = s.attributes;
  const db = text(attribute(a, 'db.system.name')) ?? text(attribute(a, 'db.system'));
  if (db === 'postgresql') return text(attribute(a, 'db.namespace')) ?? text(attribute(a, 'db.name'));
  if (db === 'redis') return 'redis';
  const messaging = text(attribute(a, 'messaging.system'));
  if (messaging === 'aws_sqs') return text(attribute(a, 'messaging.destination.name'));
  switch (text(attribute(a, 'rpc.service'))) {
    case 'DynamoDB':
      return firstOf(attribute(a, 'aws.dynamodb.table_names'));
    case 'S3':
      return text(attribute(a, 'aws.s3.bucket'));
    default:
      return undefined;
  }
}
