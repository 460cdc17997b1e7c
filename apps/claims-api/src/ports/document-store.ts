/**
 * Where evidence documents live: S3 through the S3 API, the same client locally (the S3 stand-in at
 * `S3_ENDPOINT`) and on AWS (the task role; SSE-KMS with `S3_KMS_KEY_ID` when set, else the
 * bucket's default encryption). Downloads are pre-signed URLs that expire.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ENV, dataStoreEnvName } from '@dwp/platform';

export interface DocumentStore {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** Removes an object no record points at (its record's transaction failed). */
  delete(key: string): Promise<void>;
  /** Every object under a prefix, a page at a time. */
  list(prefix: string): AsyncIterable<readonly StoredObject[]>;
  /** A URL anyone holding it may GET for `expiresInSeconds`. */
  downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string>;
  check(): Promise<void>;
  close(): void;
}

export interface StoredObject {
  readonly key: string;
  readonly lastModified: Date;
}

export const DOWNLOAD_URL_SECONDS = 300;

export class S3DocumentStore implements DocumentStore {
  readonly #s3: S3Client;
  readonly #bucket: string;
  readonly #kmsKeyId: string | undefined;

  constructor(env: NodeJS.ProcessEnv, store: string) {
    const variable = dataStoreEnvName({ kind: 's3', name: store })!;
    const bucket = env[variable];
    if (!bucket) throw new TypeError(`S3 bucket for "${store}" is not configured: set ${variable}`);
    this.#bucket = bucket;
    this.#kmsKeyId = env.S3_KMS_KEY_ID || undefined;
    const endpoint = env[ENV.s3Endpoint];
    this.#s3 = new S3Client({
      region: env.AWS_REGION ?? 'eu-west-2',
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
      ...(endpoint && !env.AWS_ACCESS_KEY_ID
        ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
      // Whole-body checksums only when S3 requires them: the stand-in does not take aws-chunked trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    await this.#s3.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
        ...(this.#kmsKeyId ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: this.#kmsKeyId } : {}),
      }),
    );
  }

  async delete(key: string): Promise<void> {
    await this.#s3.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }

  async *list(prefix: string): AsyncIterable<readonly StoredObject[]> {
    let token: string | undefined;
    do {
      const page = await this.#s3.send(
        new ListObjectsV2Command({
          Bucket: this.#bucket,
          Prefix: prefix,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      yield (page.Contents ?? []).flatMap((o) =>
        o.Key && o.LastModified ? [{ key: o.Key, lastModified: o.LastModified }] : [],
      );
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(
      this.#s3,
      new GetObjectCommand({
        Bucket: this.#bucket,
        Key: key,
        ResponseContentDisposition: `attachment; filename="${fileName}"`,
      }),
      { expiresIn: expiresInSeconds },
    );
  }

  async check(): Promise<void> {
    await this.#s3.send(new HeadBucketCommand({ Bucket: this.#bucket }));
  }

  close(): void {
    this.#s3.destroy();
  }
}
