/**
 * benefits-api: the catalogue, versioned rates and entitlement estimates over PostgreSQL; income
 * from HMRC through the external gateway with the citizen's consent; events to the notification queue.
 */
import { migrate, OutboxRelay, SqsEventPublisher } from '@dwp/data-kit';
import { dwp } from '@dwp/platforms/dwp';
import { runService } from '@dwp/service-kit';
import { benefitsApi } from './app.ts';
import { CitizenApiProfiles } from './ports/citizen-profile.ts';
import { HmrcIncome } from './ports/hmrc-income.ts';
import { BENEFITS_MIGRATIONS } from './store/migrations.ts';

await runService({
  platform: dwp,
  name: 'benefits-api',
  setup: async (svc, stores) => {
    const pool = stores.postgres!.pool;
    const applied = await migrate(pool, BENEFITS_MIGRATIONS);
    if (applied.length) svc.log.info({ applied }, 'migrations applied');
    const publisher = new SqsEventPublisher(process.env, 'notifications');
    const relay = new OutboxRelay(pool, publisher, {
      onError: (err) => {
        svc.log.warn({ err }, 'outbox relay could not publish; will retry');
      },
    });
    relay.start();
    svc.onClose(async () => {
      await relay.stop();
      publisher.close();
    });
    benefitsApi(svc.app, {
      pool,
      outbox: relay,
      income: new HmrcIncome((path, headers) => svc.services.call('external-gateway', { path, headers })),
      profiles: new CitizenApiProfiles(svc.services),
    });
  },
});
