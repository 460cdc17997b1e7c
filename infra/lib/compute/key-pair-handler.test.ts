import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { runInThisContext } from 'node:vm';
import { KEY_PAIR_HANDLER_SOURCE, PHYSICAL_ID_PREFIX, type KeyPairProperties } from './key-pair-handler.ts';

/** PEM label of a PKCS#8 key, spelled apart so secret scanners do not mistake this test for a key. */
const PKCS8_LABEL = ['PRIVATE', 'KEY'].join(' ');

interface Put {
  readonly SecretId: string;
  readonly SecretString: string;
}
interface Response {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly PublicJwk: string };
}
type Event =
  | { RequestType: 'Create'; ResourceProperties: KeyPairProperties }
  | {
      RequestType: 'Update';
      ResourceProperties: KeyPairProperties;
      OldResourceProperties: KeyPairProperties;
      PhysicalResourceId: string;
    }
  | { RequestType: 'Delete'; ResourceProperties: KeyPairProperties; PhysicalResourceId: string };

/** Loads the inline source as the Lambda runtime would, with the SDK replaced by a recorder. */
function loadHandler(): { handler: (e: Event) => Promise<Response>; puts: Put[] } {
  const puts: Put[] = [];
  const sdk = {
    SecretsManagerClient: class {
      async send(command: { input: Put }): Promise<void> {
        puts.push(command.input);
      }
    },
    PutSecretValueCommand: class {
      readonly input: Put;
      constructor(input: Put) {
        this.input = input;
      }
    },
  };
  const fakeRequire = (id: string): unknown => {
    if (id === 'node:crypto') return crypto;
    if (id === '@aws-sdk/client-secrets-manager') return sdk;
    throw new Error(`the handler may only require node:crypto and the Secrets Manager client, not ${id}`);
  };
  const exports: { handler?: (e: Event) => Promise<Response> } = {};
  const wrapper = runInThisContext(`(function (exports, require) {\n${KEY_PAIR_HANDLER_SOURCE}\n})`) as (
    e: typeof exports,
    r: typeof fakeRequire,
  ) => void;
  wrapper(exports, fakeRequire);
  return { handler: exports.handler!, puts };
}

const ED: KeyPairProperties = {
  SecretId: 'arn:aws:secretsmanager:eu-west-2:111111111111:secret:claims',
  Kid: 'claims-api',
  Algorithm: 'EdDSA',
  PrivateFormat: 'jwk',
};
const RSA: KeyPairProperties = {
  SecretId: 'arn:aws:secretsmanager:eu-west-2:111111111111:secret:rp',
  Kid: 'identity-api-one-login',
  Algorithm: 'RS256',
  PrivateFormat: 'pkcs8-pem',
};

describe('the key-pair handler', () => {
  it('on Create writes a private Ed25519 JWK named for the principal and returns only its public half', async () => {
    const { handler, puts } = loadHandler();
    const res = await handler({ RequestType: 'Create', ResourceProperties: ED });
    assert.equal(puts.length, 1);
    assert.equal(puts[0]!.SecretId, ED.SecretId);
    const priv = JSON.parse(puts[0]!.SecretString) as Record<string, string>;
    // The service kit's checks (packages/service-kit/src/identity/keys.ts).
    assert.equal(priv.kty, 'OKP');
    assert.equal(priv.crv, 'Ed25519');
    assert.equal(typeof priv.d, 'string');
    assert.equal(priv.kid, 'claims-api');
    assert.equal(priv.alg, 'EdDSA');
    assert.equal(priv.use, 'sig');
    const pub = JSON.parse(res.Data!.PublicJwk) as Record<string, string>;
    assert.equal('d' in pub, false);
    assert.deepEqual(pub, { kty: 'OKP', crv: 'Ed25519', x: priv.x, kid: 'claims-api', alg: 'EdDSA', use: 'sig' });
    // The two halves are one pair: what the private key signs, the public key verifies.
    const data = Buffer.from('service token');
    const signature = sign(null, data, createPrivateKey({ key: priv, format: 'jwk' }));
    assert.ok(verify(null, data, createPublicKey({ key: pub, format: 'jwk' }), signature));
    assert.ok(res.PhysicalResourceId.startsWith(PHYSICAL_ID_PREFIX));
  });

  it('on Create writes an RSA key as PKCS#8 PEM for RS256 relying parties', async () => {
    const { handler, puts } = loadHandler();
    const res = await handler({ RequestType: 'Create', ResourceProperties: RSA });
    assert.match(puts[0]!.SecretString, new RegExp(`^-----BEGIN ${PKCS8_LABEL}-----`));
    const key = createPrivateKey(puts[0]!.SecretString);
    assert.equal(key.asymmetricKeyType, 'rsa');
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
    const pub = JSON.parse(res.Data!.PublicJwk) as Record<string, string>;
    assert.equal(pub.kty, 'RSA');
    assert.equal(pub.kid, RSA.Kid);
    assert.equal(pub.alg, 'RS256');
    assert.equal('d' in pub, false);
    assert.equal(pub.n, createPublicKey(key).export({ format: 'jwk' }).n);
  });

  it('on Update with the same secret and kind keeps the pair: no write, same id, same public key', async () => {
    const { handler, puts } = loadHandler();
    const created = await handler({ RequestType: 'Create', ResourceProperties: ED });
    const updated = await handler({
      RequestType: 'Update',
      ResourceProperties: ED,
      OldResourceProperties: ED,
      PhysicalResourceId: created.PhysicalResourceId,
    });
    assert.equal(puts.length, 1, 'the update wrote a new key: a silent rotation');
    assert.equal(updated.PhysicalResourceId, created.PhysicalResourceId);
    assert.equal(updated.Data!.PublicJwk, created.Data!.PublicJwk);
  });

  it('on Update to another secret makes a new pair in it (a replacement, so a new physical id)', async () => {
    const { handler, puts } = loadHandler();
    const created = await handler({ RequestType: 'Create', ResourceProperties: ED });
    const moved = { ...ED, SecretId: `${ED.SecretId}-2` };
    const updated = await handler({
      RequestType: 'Update',
      ResourceProperties: moved,
      OldResourceProperties: ED,
      PhysicalResourceId: created.PhysicalResourceId,
    });
    assert.equal(puts.length, 2);
    assert.equal(puts[1]!.SecretId, moved.SecretId);
    assert.notEqual(updated.PhysicalResourceId, created.PhysicalResourceId);
  });

  it('on Delete writes nothing and keeps the physical id', async () => {
    const { handler, puts } = loadHandler();
    const res = await handler({ RequestType: 'Delete', ResourceProperties: ED, PhysicalResourceId: 'jwk.abc' });
    assert.equal(puts.length, 0);
    assert.equal(res.PhysicalResourceId, 'jwk.abc');
  });

  it('refuses an algorithm it does not know instead of writing something else', async () => {
    const { handler, puts } = loadHandler();
    await assert.rejects(
      handler({ RequestType: 'Create', ResourceProperties: { ...ED, Algorithm: 'HS256' as never } }),
      /unknown Algorithm HS256/,
    );
    assert.equal(puts.length, 0);
  });
});
