import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { dwp } from '@dwp/platforms/dwp';
import { s3StandIn } from './s3-stand-in.ts';
import type { PlannedStandIn } from './stand-in.ts';

describe('the local S3 stand-in, through the AWS SDK', () => {
  let dir: string;
  let planned: PlannedStandIn;
  let s3: S3Client;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 's3-'));
    planned = await s3StandIn.plan({ platform: dwp, rootDir: dir, dataDir: dir, logDir: dir, env: {} });
    await planned.ready();
    s3 = new S3Client({
      endpoint: planned.env.S3_ENDPOINT!,
      region: 'eu-west-2',
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });
  after(async () => {
    s3.destroy();
    await planned.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("creates the definition's buckets and names them to services", () => {
    assert.equal(planned.env.S3_BUCKET_DOCUMENTS, 'dwp-documents');
  });

  it('stores an object and serves it back through a pre-signed URL', async () => {
    const Bucket = planned.env.S3_BUCKET_DOCUMENTS!;
    const bytes = Buffer.from('%PDF-1.7 evidence');
    await s3.send(new PutObjectCommand({ Bucket, Key: 'a/b.pdf', Body: bytes, ContentType: 'application/pdf' }));
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: 'a/b.pdf' }), { expiresIn: 60 });
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
  });

  it("lists a prefix a page at a time with continuation tokens, and deletes, as claims-api's evidence sweep does", async () => {
    const Bucket = planned.env.S3_BUCKET_DOCUMENTS!;
    const keys = ['claims/1/evidence/a', 'claims/1/evidence/b', 'claims/2/evidence/c'];
    for (const Key of [...keys, 'other/d'])
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: Buffer.from(Key) }));
    const listed: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket,
          Prefix: 'claims/',
          MaxKeys: 2,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const o of page.Contents ?? []) {
        assert.ok(o.LastModified instanceof Date);
        listed.push(o.Key!);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    assert.deepEqual(listed, keys);
    await s3.send(new DeleteObjectCommand({ Bucket, Key: keys[0] }));
    const after = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'claims/1/' }));
    assert.deepEqual(
      (after.Contents ?? []).map((o) => o.Key),
      [keys[1]],
    );
  });
});
