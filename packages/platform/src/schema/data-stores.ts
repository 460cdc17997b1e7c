/** The data stores services own: PostgreSQL, DynamoDB tables, buckets, queues and the cache. */
import { z } from 'zod';
import { name, positiveInt } from './primitives.ts';

export const dataStoreSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('postgres'),
    name,
    owner: name,
    /** The owner's secret (one of its `secrets`) that holds this database's credentials. @default none */
    credentialsSecret: name.optional(),
  }),
  z.object({
    kind: z.literal('dynamodb'),
    name,
    owner: name,
    partitionKey: z.string().min(1),
    sortKey: z.string().min(1).optional(),
    ttlAttribute: z.string().min(1).optional(),
    globalReplicaRegions: z.array(z.string()).default([]),
  }),
  z.object({ kind: z.literal('s3'), name, owner: name }),
  z.object({
    kind: z.literal('queue'),
    name,
    owner: name,
    deadLetterAfterReceives: positiveInt.default(5),
  }),
  z.object({ kind: z.literal('cache'), name, owner: name.optional() }),
]);
