/**
 * The pool's RS256 signing keys. New tokens are signed with the newest key; the JWKS publishes
 * every key not yet retired, so tokens signed before a rotation stay verifiable until they expire.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

export interface StoredKey {
  readonly kid: string;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
  readonly createdAt: string;
}

type Imported = Awaited<ReturnType<typeof importJWK>>;

export async function newSigningKey(): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const kid = randomUUID();
  const meta = { kid, alg: 'RS256', use: 'sig' };
  return {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), ...meta },
    publicJwk: { ...(await exportJWK(publicKey)), ...meta },
    createdAt: new Date().toISOString(),
  };
}

export class SigningKeys {
  #keys: StoredKey[];
  readonly #imported = new Map<string, Imported>();

  constructor(keys: readonly StoredKey[]) {
    if (keys.length === 0) throw new TypeError('a user pool needs at least one signing key');
    this.#keys = [...keys];
  }

  get all(): readonly StoredKey[] {
    return this.#keys;
  }

  get active(): StoredKey {
    return this.#keys.at(-1)!;
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.#keys.map((k) => k.publicJwk) };
  }

  async privateKey(kid: string): Promise<Imported> {
    let key = this.#imported.get(`private:${kid}`);
    if (!key) {
      const stored = this.#keys.find((k) => k.kid === kid);
      if (!stored) throw new Error(`no key ${kid}`);
      key = await importJWK(stored.privateJwk, 'RS256');
      this.#imported.set(`private:${kid}`, key);
    }
    return key;
  }

  /** Adds a new active key; keeps the previous ones published (at most `keep` in all). */
  rotate(next: StoredKey, keep = 3): void {
    this.#keys = [...this.#keys, next].slice(-keep);
  }
}
