/**
 * Signed callers for a service under test: the environment that makes it trust a fresh gateway key
 * (and those of the services it lists), and the header a request carries to arrive as a signed-in
 * user or as another service, exactly as through the primary gateway.
 */
import type { Platform } from '@dwp/platform';
import {
  generatePrincipalKeys,
  SERVICE_TOKEN_HEADER,
  ServiceTokenSigner,
  SIGNING_KEY_ENV,
  TRUSTED_KEYS_ENV,
  type UserIdentity,
} from '@dwp/service-kit';

export interface SignedCallers {
  /** Variables for the service under test (its own signing key, every principal's public key). */
  readonly env: Record<string, string>;
  asUser(user: UserIdentity): Promise<Record<string, string>>;
  asService(service: string, onBehalfOf?: UserIdentity): Promise<Record<string, string>>;
}

export async function signedCallers(platform: Platform, self: string): Promise<SignedCallers> {
  const principals = [platform.gateways.primary!.name, ...platform.services.map((s) => s.name)];
  const keys = new Map(await Promise.all(principals.map(async (p) => [p, await generatePrincipalKeys(p)] as const)));
  const signers = new Map<string, ServiceTokenSigner>();
  const signer = async (p: string) => {
    let s = signers.get(p);
    if (!s) {
      s = new ServiceTokenSigner({
        kid: p,
        key: await crypto.subtle.importKey('jwk', keys.get(p)!.privateJwk as JsonWebKey, { name: 'Ed25519' }, false, [
          'sign',
        ]),
      });
      signers.set(p, s);
    }
    return s;
  };
  return {
    env: {
      [SIGNING_KEY_ENV]: JSON.stringify(keys.get(self)!.privateJwk),
      [TRUSTED_KEYS_ENV]: JSON.stringify({ keys: [...keys.values()].map((k) => k.publicJwk) }),
    },
    asUser: async (user) => ({
      [SERVICE_TOKEN_HEADER]: await (await signer(platform.gateways.primary!.name)).sign(self, user),
    }),
    asService: async (service, onBehalfOf) => ({
      [SERVICE_TOKEN_HEADER]: await (await signer(service)).sign(self, onBehalfOf),
    }),
  };
}
