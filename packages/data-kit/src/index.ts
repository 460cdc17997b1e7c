export { uuidv7, UUID_PATTERN } from './uuidv7.ts';
export { inTransaction, type Tx } from './transaction.ts';
export {
  migrate,
  MigrationError,
  DATA_KIT_TABLES_SQL,
  DATA_KIT_OUTBOX_TRACE_SQL,
  type Migration,
} from './migrations.ts';
export {
  idempotent,
  replayOf,
  fingerprint,
  idempotencyHeaders,
  IDEMPOTENCY_HEADER,
  IdempotencyKeyReusedError,
  type StoredResponse,
} from './idempotency.ts';
export {
  pageQuery,
  pageOf,
  pageById,
  afterIdOf,
  encodeCursor,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type PageQuery,
} from './pagination.ts';
export { platformEventSchema, newEvent, type PlatformEvent } from './platform-event.ts';
export {
  SqsEventPublisher,
  sqsClientFor,
  queueUrlFor,
  QueueNotConfiguredError,
  type EventPublisher,
} from './event-publisher.ts';
export {
  enqueueEvent,
  OutboxRelay,
  DEFAULT_OUTBOX_POLL_MS,
  DEFAULT_OUTBOX_BATCH,
  type OutboxRelayOptions,
} from './outbox.ts';
export { shouldSeedDevData, SEED_ENV, SEED_CITIZENS, type SeedCitizen } from './dev-seed.ts';
