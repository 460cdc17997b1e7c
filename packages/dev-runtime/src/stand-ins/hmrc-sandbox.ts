/** The HMRC sandbox in place of the real APIs; a fresh client id and secret each run. */
import { randomBytes } from 'node:crypto';
import { upstreamEnvNames } from '@dwp/platform';
import { HMRC_SCOPES, SANDBOX_ENTRIES, SANDBOX_ENV } from '@dwp/sandboxes';
import { sandboxStandIn } from './sandbox-stand-in.ts';

const UPSTREAM = 'hmrc';

export const hmrcSandbox = sandboxStandIn({
  name: 'hmrc-sandbox',
  upstream: UPSTREAM,
  entry: SANDBOX_ENTRIES.hmrc,
  prepare() {
    const clientId = `dwp-${randomBytes(6).toString('hex')}`;
    const clientSecret = randomBytes(24).toString('base64url');
    const names = upstreamEnvNames(UPSTREAM);
    return {
      sandboxEnv: { [SANDBOX_ENV.hmrc.clientId]: clientId, [SANDBOX_ENV.hmrc.clientSecret]: clientSecret },
      gatewayEnv: (url) => ({
        [names.url]: url,
        [names.tokenUrl]: `${url}/oauth/token`,
        [names.clientId]: clientId,
        [names.clientSecret]: clientSecret,
        [names.scope]: HMRC_SCOPES.join(' '),
      }),
    };
  },
});
