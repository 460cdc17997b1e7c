import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { MAX_EVIDENCE_BYTES } from '../claims/evidence-file.ts';
import { textOf, titleOf, WebAppUnderTest } from '../testing/web-app-under-test.ts';
import { FILE_FIELD } from './evidence-routes.ts';

const citizen = { sub: 'sub-amanda', username: 'amanda', roles: ['citizen' as const] };
const CLAIM_ID = '0193a5b2-7c1e-7d3f-9a2b-4c5d6e7f8a9b';
const OTHER_ID = '0193a5b2-7c1e-7d3f-9a2b-000000000000';
const EVIDENCE_ID = '0193a5b2-7c1e-7d3f-9a2b-4c5d6e7f0001';
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 0x20)]);

const claim = (over: Record<string, unknown> = {}) => ({
  id: CLAIM_ID,
  benefit: 'universal-credit',
  state: 'evidence_requested',
  status: '',
  decision: null,
  nextSteps: ['provide_evidence', 'withdraw'],
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-02T10:00:00.000Z',
  submittedAt: '2026-03-02T10:00:00.000Z',
  decidedAt: null,
  ...over,
});
const stored = (fileName: string) => ({
  id: EVIDENCE_ID,
  contentType: 'application/pdf',
  sizeBytes: PDF.length,
  sha256: 'x',
  fileName,
  uploadedAt: '2026-03-04T10:00:00.000Z',
});
const notFound = {
  status: 404,
  body: { error: { code: 'CLAIMS_ERR_NOT_FOUND', message: 'There is no claim you can see' } },
};

/** A multipart/form-data body as a browser sends it, built by the platform's own FormData. */
async function multipartBody(file?: {
  name: string;
  bytes: Buffer;
  type?: string;
}): Promise<{ payload: Buffer; contentType: string }> {
  if (file?.name === '') {
    // What a browser sends for a file input left empty (FormData would name the blob "blob").
    const b = 'emptyinputboundary';
    const payload = Buffer.from(
      `--${b}\r\nContent-Disposition: form-data; name="${FILE_FIELD}"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--${b}--\r\n`,
    );
    return { payload, contentType: `multipart/form-data; boundary=${b}` };
  }
  const form = new FormData();
  if (file)
    form.append(
      FILE_FIELD,
      new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }),
      file.name,
    );
  else form.append('nothing', 'here');
  const r = new Response(form);
  return { payload: Buffer.from(await r.arrayBuffer()), contentType: r.headers.get('content-type')! };
}

describe('evidence pages', () => {
  let web: WebAppUnderTest;
  let csrf: string;

  const upload = async (
    file: { name: string; bytes: Buffer; type?: string } | undefined,
    query?: string,
    claimId = CLAIM_ID,
  ) => {
    const { payload, contentType } = await multipartBody(file);
    return web.postRaw(`/claims/${claimId}/evidence?${query ?? `_csrf=${csrf}`}`, payload, {
      'content-type': contentType,
    });
  };
  const uploadsSent = () =>
    web.gateway.requests.filter((r) => r.method === 'POST' && /\/evidence(\?|$)/.test(r.path)).length;

  before(async () => {
    web = await WebAppUnderTest.start();
  });
  after(() => web.close());
  beforeEach(async () => {
    await web.signIn(citizen);
    csrf = await web.csrfToken();
    web.gateway.on('GET', `/claims/claims/${CLAIM_ID}`, { status: 200, body: claim() });
    web.gateway.on('GET', new RegExp(`/claims/claims/${CLAIM_ID}/history\\?.*`), {
      status: 200,
      body: {
        items: [
          {
            at: '2026-03-03T10:00:00.000Z',
            step: '',
            event: 'request_evidence',
            from: 'submitted',
            to: 'evidence_requested',
            by: 'caseworker',
            reason: 'Send your tenancy agreement',
          },
        ],
      },
    });
    web.gateway.on('GET', new RegExp(`/claims/claims/${CLAIM_ID}/evidence\\?.*`), { status: 200, body: { items: [] } });
    web.gateway.on('POST', new RegExp(`/claims/claims/${CLAIM_ID}/evidence\\?.*`), (req) => ({
      status: 201,
      body: stored(new URLSearchParams(req.path.split('?')[1]).get('fileName') ?? ''),
    }));
  });

  it('says what is still needed and the file limits before upload, in a multipart form carrying the CSRF token in its action', async () => {
    const res = await web.get(`/claims/${CLAIM_ID}/evidence`);
    assert.equal(res.status, 200);
    assert.equal(
      titleOf(res.body),
      'Send documents for your claim – Apply for Universal Credit, new style JSA or ESA – GOV.UK',
    );
    assert.match(textOf(res.body, '.app-evidence-request-reason') ?? '', /Send your tenancy agreement/);
    assert.equal(textOf(res.body, `#${FILE_FIELD}-hint`), 'The file must be a PDF, JPG or PNG and smaller than 10MB.');
    assert.match(
      res.body,
      new RegExp(
        `<form method="post" enctype="multipart/form-data" action="/claims/${CLAIM_ID}/evidence\\?_csrf=${csrf}"`,
      ),
    );
    assert.match(
      res.body,
      new RegExp(`<input class="govuk-file-upload" id="${FILE_FIELD}" name="${FILE_FIELD}" type="file"`),
    );
  });

  it("sends a PDF's bytes to claims-api with the type read from them, its name and an Idempotency-Key, then shows a success banner", async () => {
    const res = await upload({ name: 'C:\\fakepath\\tenancy.pdf', bytes: PDF, type: 'text/plain' });
    assert.deepEqual([res.status, res.location], [303, `/claims/${CLAIM_ID}/evidence`]);
    const sent = web.gateway.requests
      .filter((r) => r.method === 'POST' && r.path.startsWith(`/claims/claims/${CLAIM_ID}/evidence?`))
      .at(-1)!;
    assert.equal(sent.path, `/claims/claims/${CLAIM_ID}/evidence?fileName=tenancy.pdf`);
    assert.equal(sent.headers['content-type'], 'application/pdf', 'from the bytes, not the browser');
    assert.match(sent.headers['idempotency-key'] ?? '', /^[0-9a-f]{64}$/);
    assert.ok(Buffer.isBuffer(sent.body) && sent.body.equals(PDF), 'the bytes as they came');
    const page = await web.get(res.location!);
    assert.match(page.body, /govuk-notification-banner--success/);
    assert.match(page.body, /tenancy\.pdf has been uploaded/);
  });

  it('gives the same file sent twice to the same claim the same Idempotency-Key, so it is stored once', async () => {
    await upload({ name: 'a.pdf', bytes: PDF });
    await upload({ name: 'a.pdf', bytes: PDF });
    const keys = web.gateway.requests
      .filter((r) => r.method === 'POST' && r.path.includes('/evidence?'))
      .slice(-2)
      .map((r) => r.headers['idempotency-key']);
    assert.equal(keys[0], keys[1]);
  });

  it("returns to the application's task list when it sent the citizen, and only to a path on this site", async () => {
    const back = await upload(
      { name: 'a.pdf', bytes: PDF },
      `_csrf=${csrf}&returnTo=${encodeURIComponent(`/apply/${CLAIM_ID}`)}`,
    );
    assert.deepEqual([back.status, back.location], [303, `/apply/${CLAIM_ID}`]);
    const evil = await upload(
      { name: 'a.pdf', bytes: PDF },
      `_csrf=${csrf}&returnTo=${encodeURIComponent('//evil.example/')}`,
    );
    assert.deepEqual([evil.status, evil.location], [303, `/claims/${CLAIM_ID}/evidence`]);
    const page = await web.get(`/claims/${CLAIM_ID}/evidence?returnTo=${encodeURIComponent(`/apply/${CLAIM_ID}`)}`);
    assert.match(
      page.body,
      new RegExp(`action="/claims/${CLAIM_ID}/evidence\\?_csrf=${csrf}&amp;returnTo=%2Fapply%2F${CLAIM_ID}"`),
    );
    assert.match(page.body, new RegExp(`href="/apply/${CLAIM_ID}"[^>]*>Return to your application`));
  });

  // file sent | status | GOV.UK message
  const refused: ReadonlyArray<[string, { name: string; bytes: Buffer; type?: string } | undefined, number, string]> = [
    ['no file part at all', undefined, 400, 'Select a file'],
    ['a file input left empty', { name: '', bytes: Buffer.alloc(0) }, 400, 'Select a file'],
    [
      'an empty file',
      { name: 'empty.pdf', bytes: Buffer.alloc(0), type: 'application/pdf' },
      400,
      'The selected file is empty',
    ],
    [
      'a Word document named .pdf',
      { name: 'cv.pdf', bytes: Buffer.from('PK\u0003\u0004 word'), type: 'application/pdf' },
      415,
      'The selected file must be a PDF, JPG or PNG',
    ],
    [
      'a file over 10MB',
      { name: 'big.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(MAX_EVIDENCE_BYTES)]) },
      413,
      'The selected file must be smaller than 10MB',
    ],
  ];
  for (const [what, file, status, message] of refused) {
    it(`refuses ${what} with the GOV.UK message "${message}" (${status}), sending nothing`, async () => {
      const before = uploadsSent();
      const res = await upload(file);
      assert.equal(res.status, status);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.match(titleOf(res.body) ?? '', /^Error: Send documents/);
      assert.match(res.body, new RegExp(`href="#${FILE_FIELD}">${message}`));
      assert.match(textOf(res.body, `#${FILE_FIELD}-error`) ?? '', new RegExp(message));
      assert.equal(uploadsSent(), before);
    });
  }

  it('takes a file of exactly 10MB', async () => {
    const res = await upload({
      name: 'exact.pdf',
      bytes: Buffer.concat([PDF, Buffer.alloc(MAX_EVIDENCE_BYTES - PDF.length)]),
    });
    assert.equal(res.status, 303);
  });

  it('answers a post that is not multipart, or is malformed, with the form and an error, never a 500', async () => {
    const plain = await web.post(`/claims/${CLAIM_ID}/evidence`, { [FILE_FIELD]: 'x' });
    assert.equal(plain.status, 400);
    assert.match(plain.body, /Select a file/);
    const broken = await web.postRaw(
      `/claims/${CLAIM_ID}/evidence?_csrf=${csrf}`,
      Buffer.from('--b\r\nContent-Disposition: form-data; name="evidenceFile"; filename="a.pdf"\r\n\r\n%PDF-'),
      { 'content-type': 'multipart/form-data; boundary=b' },
    );
    assert.equal(broken.status, 400);
    assert.match(broken.body, /could not be uploaded – try again/);
  });

  it("refuses an upload without the session's CSRF token with a 403 page, storing nothing", async () => {
    const before = uploadsSent();
    for (const query of ['', '_csrf=forged', `_csrf=${csrf}x`]) {
      const res = await upload({ name: 'a.pdf', bytes: PDF }, query);
      assert.equal(res.status, 403, query);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.match(res.body, /This form has expired/);
    }
    assert.equal(uploadsSent(), before);
  });

  it('refuses an upload from another origin even with the right token', async () => {
    const { payload, contentType } = await multipartBody({ name: 'a.pdf', bytes: PDF });
    const res = await web.postRaw(`/claims/${CLAIM_ID}/evidence?_csrf=${csrf}`, payload, {
      'content-type': contentType,
      origin: 'https://evil.example',
    });
    assert.equal(res.status, 403);
  });

  it('shows "Page not found" for another citizen\'s claim, to look at or to upload to', async () => {
    web.gateway.on('GET', new RegExp(`/claims/claims/${OTHER_ID}.*`), notFound);
    web.gateway.on('POST', new RegExp(`/claims/claims/${OTHER_ID}/evidence.*`), notFound);
    const page = await web.get(`/claims/${OTHER_ID}/evidence`);
    assert.equal(page.status, 404);
    const res = await upload({ name: 'a.pdf', bytes: PDF }, undefined, OTHER_ID);
    assert.equal(res.status, 404);
    assert.match(res.body, /Page not found/);
  });

  it("says a decided claim takes no more documents, and shows claims-api's refusal in GOV.UK words", async () => {
    web.gateway.on('GET', `/claims/claims/${CLAIM_ID}`, {
      status: 200,
      body: claim({ state: 'awarded', nextSteps: ['request_reconsideration'] }),
    });
    const page = await web.get(`/claims/${CLAIM_ID}/evidence`);
    assert.match(textOf(page.body, '.app-evidence-closed') ?? '', /cannot send documents/);
    assert.doesNotMatch(page.body, /type="file"/);
    web.gateway.on('POST', new RegExp(`/claims/claims/${CLAIM_ID}/evidence\\?.*`), {
      status: 409,
      body: { error: { code: 'CLAIMS_ERR_EVIDENCE_CLOSED', message: 'closed' } },
    });
    const res = await upload({ name: 'a.pdf', bytes: PDF });
    assert.equal(res.status, 409);
    assert.match(res.body, /You cannot send documents for this claim any more/);
  });

  it('shows upload limits and errors in Welsh', async () => {
    const page = await web.get(`/claims/${CLAIM_ID}/evidence?lang=cy`);
    assert.equal(
      textOf(page.body, `#${FILE_FIELD}-hint`),
      'Rhaid i&#39;r ffeil fod yn PDF, JPG neu PNG ac yn llai na 10MB.',
    );
    const res = await upload(undefined);
    assert.match(res.body, /Dewiswch ffeil/);
    await web.get('/?lang=en');
  });
});

describe('evidence downloads', () => {
  let web: WebAppUnderTest;
  let store: Server;
  let storeUrl: string;
  const asked: string[] = [];

  before(async () => {
    web = await WebAppUnderTest.start();
    // The document store's pre-signed URL, answered as S3 answers it.
    store = createServer((req, res) => {
      asked.push(req.url ?? '');
      if (req.url?.startsWith('/documents/gone'))
        return void res
          .writeHead(403, { 'content-type': 'application/xml' })
          .end('<Error><Code>AccessDenied</Code></Error>');
      res
        .writeHead(200, {
          'content-type': 'application/pdf',
          'content-length': String(PDF.length),
          'content-disposition': 'attachment; filename="tenancy.pdf"',
        })
        .end(PDF);
    });
    await new Promise<void>((resolve) => store.listen(0, '127.0.0.1', resolve));
    storeUrl = `http://127.0.0.1:${(store.address() as AddressInfo).port}`;
  });
  after(async () => {
    await web.close();
    await new Promise((resolve) => store.close(resolve));
  });
  beforeEach(async () => {
    await web.signIn(citizen);
  });

  it('streams the file from the pre-signed URL to the browser, as an attachment of its type', async () => {
    web.gateway.on('GET', `/claims/claims/${CLAIM_ID}/evidence/${EVIDENCE_ID}/download`, {
      status: 200,
      body: { url: `${storeUrl}/documents/claims/x?X-Amz-Signature=abc`, expiresAt: '2026-03-04T10:05:00.000Z' },
    });
    const res = await web.get(`/claims/${CLAIM_ID}/evidence/${EVIDENCE_ID}/download`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.headers['content-disposition'], 'attachment; filename="tenancy.pdf"');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.body, PDF.toString());
    assert.equal(asked.at(-1), '/documents/claims/x?X-Amz-Signature=abc');
  });

  it('shows "Page not found" for evidence that is not the citizen\'s, and a problem page when the store refuses', async () => {
    web.gateway.on('GET', new RegExp(`/claims/claims/${OTHER_ID}/evidence/.*`), notFound);
    assert.equal((await web.get(`/claims/${OTHER_ID}/evidence/${EVIDENCE_ID}/download`)).status, 404);
    assert.equal((await web.get(`/claims/${CLAIM_ID}/evidence/not-an-id/download`)).status, 404);
    web.gateway.on('GET', `/claims/claims/${CLAIM_ID}/evidence/${EVIDENCE_ID}/download`, {
      status: 200,
      body: { url: `${storeUrl}/documents/gone`, expiresAt: '2026-03-04T10:05:00.000Z' },
    });
    const res = await web.get(`/claims/${CLAIM_ID}/evidence/${EVIDENCE_ID}/download`);
    assert.equal(res.status, 502);
    assert.match(res.headers['content-type'] as string, /^text\/html/);
  });
});
