/**
 * claims-api: the claim workflow over PostgreSQL (claims, audit trail, outbox), evidence in S3,
 * events to the notification queue. Migrations run before it listens; dev seed data loads once.
 */
import { migrate, OutboxRelay, shouldSeedDevData, SqsEventPublisher } from '@dwp/data-kit';
import { dwp } from '@dwp/platforms/dwp';
import { runService } from '@dwp/service-kit';
import { z } from 'zod';
import { claimsApi } from './app.ts';
import { SWEEP_INTERVAL_MS, sweepOrphanEvidence } from './evidence-sweeper.ts';
import { CitizenApiAddress } from './ports/claimant-address.ts';
import { S3DocumentStore } from './ports/document-store.ts';
import { IdentityApiVerification } from './ports/identity-verification.ts';
import { seedDevClaims } from './seed/dev-seed.ts';
import { CLAIMS_MIGRATIONS } from './store/migrations.ts';

const config = z.object({
  /**
   * For fault tests only: `hold` keeps committed events in the outbox (nothing is published);
   * `crash-after-publish` kills the process after an event is published and before it is marked.
   */
  OUTBOX_FAULT: z.enum(['none', 'hold', 'crash-after-publish']).default('none'),
});

await runService({
  platform: dwp,
  name: 'claims-api',
  config,
  bodyLimit: 1_048_576,
  setup: async (svc, stores) => {
    const pool = stores.postgres!.pool;
    const applied = await migrate(pool, CLAIMS_MIGRATIONS);
    if (applied.length) svc.log.info({ applied }, 'migrations applied');
    if (shouldSeedDevData(process.env)) {
      const seeded = await seedDevClaims(pool);
      if (seeded) svc.log.info({ seeded }, 'dev seed claims loaded');
    }

    const documents = new S3DocumentStore(process.env, 'documents');
    svc.addCheck({ name: 's3', check: () => documents.check() });
    svc.onClose(() => {
      documents.close();
    });

    const publisher = new SqsEventPublisher(process.env, 'notifications');
    const fault = svc.config.OUTBOX_FAULT;
    const relay = new OutboxRelay(pool, publisher, {
      onError: (err) => {
        svc.log.warn({ err }, 'outbox relay could not publish; will retry');
      },
      ...(fault === 'crash-after-publish'
        ? {
            afterPublish: () => {
              process.kill(process.pid, 'SIGKILL');
            },
          }
        : {}),
    });
    if (fault !== 'hold') relay.start();
    svc.onClose(async () => {
      await relay.stop();
      publisher.close();
    });

    const sweep = async () => {
      try {
        const r = await sweepOrphanEvidence(pool, documents);
        if (r.deleted.length) svc.log.warn({ deleted: r.deleted }, 'removed evidence files no record points at');
      } catch (err) {
        svc.log.error({ err }, 'evidence sweep failed');
      }
    };
    const sweeper = setInterval(() => void sweep(), SWEEP_INTERVAL_MS);
    sweeper.unref();
    svc.onClose(() => {
      clearInterval(sweeper);
    });

    claimsApi(svc.app, {
      pool,
      outbox: fault === 'hold' ? { kick: () => undefined } : relay,
      documents,
      identity: new IdentityApiVerification(svc.services),
      address: new CitizenApiAddress(svc.services),
    });
  },
});
