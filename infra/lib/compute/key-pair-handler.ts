/**
 * The source of the inline Lambda behind every generated key pair (a CloudFormation custom
 * resource, `Custom::KeyPair`). CommonJS for the Lambda Node.js runtime, which ships the SDK v3
 * Secrets Manager client it uses, so there is nothing to bundle and synth stays offline.
 *
 *  - Create: generates the pair with node:crypto, writes the private half into the secret
 *    (PutSecretValue only: it never reads a secret) and returns the public JWK.
 *  - Update: keeps the pair (no silent rotation) unless the secret or the kind of key changed,
 *    which is a replacement: a new pair in the new secret under a new physical id.
 *  - Delete: nothing; the secret's own removal policy decides what happens to the private key.
 *
 * The physical id carries the public JWK (base64url), so an Update answers it without reading the
 * secret back: the public half of a key pair is what identifies it, and it is not secret.
 */

/** Properties of `Custom::KeyPair`, as the handler reads them. */
export interface KeyPairProperties {
  /** ARN of the secret the private key is written to. */
  readonly SecretId: string;
  /** The JWK `kid` of both halves. */
  readonly Kid: string;
  /** `EdDSA` (an Ed25519 pair) or `RS256` (an RSA 2048 pair). */
  readonly Algorithm: KeyAlgorithm;
  /** How the private key is stored: a JSON JWK (with `d`) or a PKCS#8 PEM. */
  readonly PrivateFormat: PrivateKeyFormat;
}

export type KeyAlgorithm = 'EdDSA' | 'RS256';
export type PrivateKeyFormat = 'jwk' | 'pkcs8-pem';

/** Prefix of the physical ids the handler issues; an id without it was not made by this handler. */
export const PHYSICAL_ID_PREFIX = 'jwk.';

/** CloudFormation allows 4096 characters of inline Lambda code (ZipFile). */
export const INLINE_CODE_LIMIT = 4096;

export const KEY_PAIR_HANDLER_SOURCE = `'use strict';
const { generateKeyPairSync } = require('node:crypto');
const { SecretsManagerClient, PutSecretValueCommand } = require('@aws-sdk/client-secrets-manager');
const secrets = new SecretsManagerClient({});
const PREFIX = '${PHYSICAL_ID_PREFIX}';
const GENERATE = {
  EdDSA: () => generateKeyPairSync('ed25519'),
  RS256: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
};
const IDENTITY = ['SecretId', 'Kid', 'Algorithm', 'PrivateFormat'];

function privateValue(key, format, meta) {
  if (format === 'jwk') return JSON.stringify({ ...key.export({ format: 'jwk' }), ...meta });
  if (format === 'pkcs8-pem') return key.export({ type: 'pkcs8', format: 'pem' });
  throw new Error('unknown PrivateFormat ' + format);
}

exports.handler = async (event) => {
  const p = event.ResourceProperties;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const old = event.OldResourceProperties || {};
  const id = event.PhysicalResourceId || '';
  if (event.RequestType === 'Update' && id.startsWith(PREFIX) && IDENTITY.every((k) => old[k] === p[k])) {
    return { PhysicalResourceId: id, Data: { PublicJwk: Buffer.from(id.slice(PREFIX.length), 'base64url').toString('utf8') } };
  }
  const generate = GENERATE[p.Algorithm];
  if (!generate) throw new Error('unknown Algorithm ' + p.Algorithm);
  const { privateKey, publicKey } = generate();
  const meta = { kid: p.Kid, alg: p.Algorithm, use: 'sig' };
  const secret = privateValue(privateKey, p.PrivateFormat, meta);
  await secrets.send(new PutSecretValueCommand({ SecretId: p.SecretId, SecretString: secret }));
  const publicJwk = JSON.stringify({ ...publicKey.export({ format: 'jwk' }), ...meta });
  return { PhysicalResourceId: PREFIX + Buffer.from(publicJwk).toString('base64url'), Data: { PublicJwk: publicJwk } };
};
`;

if (KEY_PAIR_HANDLER_SOURCE.length > INLINE_CODE_LIMIT) {
  throw new Error(
    `key-pair handler: ${KEY_PAIR_HANDLER_SOURCE.length} characters exceed the ${INLINE_CODE_LIMIT} CloudFormation allows inline`,
  );
}
