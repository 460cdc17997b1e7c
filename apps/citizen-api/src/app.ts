/** citizen-api's routes over its dependencies; main.ts builds the real ones, tests their own. */
import type { ServiceApp } from '@dwp/service-kit';
import { CitizenRegistry } from './citizen-registry.ts';
import type { AddressLookup } from './ports/address-lookup.ts';
import { citizenRoutes } from './routes/citizen-routes.ts';
import type { CitizensStore } from './store/citizens-store.ts';

export function citizenApi(app: ServiceApp, deps: { store: CitizensStore; addresses: AddressLookup }): void {
  citizenRoutes(app, { store: deps.store, registry: new CitizenRegistry(deps.store, deps.addresses) });
}
