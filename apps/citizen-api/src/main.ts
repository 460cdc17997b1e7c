/** citizen-api: registration and profiles in DynamoDB; addresses validated through address-api. */
import { shouldSeedDevData } from '@dwp/data-kit';
import { dwp } from '@dwp/platforms/dwp';
import { runService } from '@dwp/service-kit';
import { citizenApi } from './app.ts';
import { AddressApiLookup } from './ports/address-lookup.ts';
import { seedDevCitizens } from './seed/dev-seed.ts';
import { CitizensStore } from './store/citizens-store.ts';

await runService({
  platform: dwp,
  name: 'citizen-api',
  setup: async (svc, stores) => {
    const dynamo = stores.dynamodb!;
    const store = new CitizensStore(dynamo.client, dynamo.tableName('citizens'));
    if (shouldSeedDevData(process.env)) {
      const seeded = await seedDevCitizens(store);
      if (seeded) svc.log.info({ seeded }, 'dev seed citizens loaded');
    }
    citizenApi(svc.app, { store, addresses: new AddressApiLookup(svc.services) });
  },
});
