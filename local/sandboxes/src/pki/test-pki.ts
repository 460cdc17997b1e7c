/**
 * A throwaway certificate authority for one run of the local platform, made with the `openssl`
 * command at start (no key is ever committed): a CA, a server certificate for 127.0.0.1/localhost,
 * and client certificates for mTLS. P-256 keys, valid for two days.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** @default days a test certificate is valid */
export const TEST_CERT_DAYS = 2;

export interface PemPair {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: string;
  readonly key: string;
}

export interface TestPki {
  readonly caCertFile: string;
  readonly caCert: string;
  readonly server: PemPair;
  client(name: string): Promise<PemPair>;
}

async function openssl(args: readonly string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd });
  } catch (err) {
    const e = err as { code?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT')
      throw new Error(
        'the openssl command is needed to make the sandbox certificates; install it (apt-get install openssl)',
      );
    throw new Error(`openssl ${args[0]} failed: ${e.stderr ?? e.message}`);
  }
}

const keyArgs = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function issue(dir: string, name: string, subject: string, extensions: string): Promise<PemPair> {
  const ext = join(dir, `${name}.ext`);
  await writeFile(ext, extensions);
  await openssl(['req', ...keyArgs, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      String(TEST_CERT_DAYS),
      '-sha256',
      '-extfile',
      ext,
    ],
    dir,
  );
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  return { certFile, keyFile, cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
}

/** Makes a CA and a server certificate in `dir`; client certificates on request. */
export async function createTestPki(dir: string): Promise<TestPki> {
  await mkdir(dir, { recursive: true });
  await openssl(
    [
      'req',
      '-x509',
      ...keyArgs,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      String(TEST_CERT_DAYS),
      '-subj',
      '/CN=DWP local sandbox CA (throwaway)',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  const caCertFile = join(dir, 'ca.crt');
  const server = await issue(
    dir,
    'server',
    '/CN=localhost',
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n',
  );
  return {
    caCertFile,
    caCert: await readFile(caCertFile, 'utf8'),
    server,
    client: (name) =>
      issue(dir, `client-${name}`, `/CN=${name}`, 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n'),
  };
}

/** A self-signed signing certificate and key (a SAML IdP's), in `dir`. */
export async function createSigningCertificate(dir: string, commonName: string): Promise<PemPair> {
  await mkdir(dir, { recursive: true });
  await openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'signing.key',
      '-out',
      'signing.crt',
      '-days',
      String(TEST_CERT_DAYS),
      '-sha256',
      '-subj',
      `/CN=${commonName}`,
    ],
    dir,
  );
  const certFile = join(dir, 'signing.crt');
  const keyFile = join(dir, 'signing.key');
  return { certFile, keyFile, cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
}
