/** Where the platform answers the public: identity-api builds the redirect and ACS URLs from it. */
import { LOCAL_PORTS } from '@dwp/platform';
import { z } from 'zod';

/** @default the local runtime's public entry, http://localhost:8080 */
export const publicBaseUrl = z.url().default(`http://localhost:${LOCAL_PORTS.entry}`);
