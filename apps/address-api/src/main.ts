/** address-api: Royal Mail addresses through the external gateway, cached by TTL (Redis when REDIS_URL is set). */
import { dwp } from '@dwp/platforms/dwp';
import { runService } from '@dwp/service-kit';
import { z } from 'zod';
import { CachedAddresses, DEFAULT_ADDRESS_TTL_SECONDS } from './cache/cached-addresses.ts';
import { cacheFor } from './cache/ttl-cache.ts';
import { RoyalMailAddresses } from './ports/royal-mail.ts';
import { addressRoutes } from './routes/address-routes.ts';

const config = z.object({
  /** How long a postcode's addresses are served from the cache. */
  ADDRESS_CACHE_TTL_SECONDS: z.coerce.number().int().positive().default(DEFAULT_ADDRESS_TTL_SECONDS),
});

await runService({
  platform: dwp,
  name: 'address-api',
  config,
  setup: async (svc) => {
    const cache = await cacheFor(process.env);
    svc.onClose(() => cache.close());
    const source = new RoyalMailAddresses((path) => svc.services.call('external-gateway', { path }));
    const addresses = new CachedAddresses(source, cache, {
      ttlSeconds: svc.config.ADDRESS_CACHE_TTL_SECONDS,
      onCacheError: (err) => {
        svc.log.warn({ err }, 'address cache unavailable; asking Royal Mail');
      },
    });
    addressRoutes(svc.app, { addresses });
  },
});
