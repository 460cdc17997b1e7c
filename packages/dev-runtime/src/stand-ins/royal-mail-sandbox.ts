/** The OS Places / Royal Mail address sandbox in place of the real API; a fresh API key each run. */
import { randomBytes } from 'node:crypto';
import { upstreamEnvNames } from '@dwp/platform';
import { SANDBOX_ENTRIES, SANDBOX_ENV } from '@dwp/sandboxes';
import { sandboxStandIn } from './sandbox-stand-in.ts';

const UPSTREAM = 'royal-mail';

export const royalMailSandbox = sandboxStandIn({
  name: 'royal-mail-sandbox',
  upstream: UPSTREAM,
  entry: SANDBOX_ENTRIES.royalMail,
  prepare() {
    const apiKey = randomBytes(18).toString('base64url');
    const names = upstreamEnvNames(UPSTREAM);
    return {
      sandboxEnv: { [SANDBOX_ENV.royalMail.apiKey]: apiKey },
      gatewayEnv: (url) => ({ [names.url]: url, [names.apiKey]: apiKey }),
    };
  },
});
