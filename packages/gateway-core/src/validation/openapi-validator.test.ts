import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { createService, type ServiceRuntime } from '@dwp/service-kit';
import { z } from 'zod';
import { OpenApiDocuments } from './openapi-documents.ts';
import { OpenApiValidator, type RequestToValidate } from './openapi-validator.ts';

/** A real service on the kit, so the document is the one services really serve at /docs/json. */
async function claimsService(): Promise<ServiceRuntime<unknown>> {
  const svc = await createService({
    platform: dwp,
    name: 'claims-api',
    env: { DISCOVERY_MODE: 'dns', LOG_LEVEL: 'silent' },
  });
  svc.app.post(
    '/claims/:claimId/notes',
    {
      config: { auth: 'public' },
      schema: {
        params: z.object({ claimId: z.uuid() }),
        querystring: z.object({
          notify: z.enum(['yes', 'no']).optional(),
          page: z.coerce.number().int().min(1).optional(),
        }),
        body: z.object({ text: z.string().min(1).max(200), amountPence: z.number().int().nonnegative() }),
      },
    },
    async () => ({ ok: true }),
  );
  // A body that may be left out, as claims-api's submit takes an optional reason.
  svc.app.post(
    '/claims/:claimId/submit',
    {
      config: { auth: 'public' },
      schema: {
        params: z.object({ claimId: z.uuid() }),
        body: z.object({ reason: z.string().min(1).optional() }).default({}),
      },
    },
    async () => ({ ok: true }),
  );
  svc.app.get('/claims/:claimId', { schema: { params: z.object({ claimId: z.uuid() }) } }, async () => ({ ok: true }));
  return svc;
}

const CLAIM = '0191e0b2-6d7e-7c3a-9f00-1b2c3d4e5f60';
const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const req = (over: Partial<RequestToValidate>): RequestToValidate => ({
  method: 'POST',
  path: `/claims/${CLAIM}/notes`,
  query: {},
  contentType: 'application/json',
  body: json({ text: 'Moved house', amountPence: 1250 }),
  ...over,
});

describe('OpenApiValidator on the document a service-kit service serves', () => {
  /** Set once \`before\` has built the service, so \`after\` closes only one that exists. */
  let svc: ServiceRuntime<unknown> | undefined;
  let validator: OpenApiValidator;
  let documents: OpenApiDocuments;
  before(async () => {
    const started = await claimsService();
    svc = started;
    await started.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (started.app.server.address() as AddressInfo).port;
    documents = new OpenApiDocuments({
      pick: async () => ({ id: 'claims-api-1', host: '127.0.0.1', port, origin: `http://127.0.0.1:${port}` }),
    });
    const v = await documents.validatorFor('claims-api');
    assert.ok(v, 'the document loads');
    validator = v;
  });
  after(async () => {
    await svc?.app.close();
  });

  it('lets a request that matches the schema through', () => {
    assert.deepEqual(validator.validate(req({})), { ok: true });
    assert.deepEqual(validator.validate(req({ query: { notify: 'yes', page: '2' } })), { ok: true });
  });

  it('names every failing body field', () => {
    const r = validator.validate(req({ body: json({ text: '', amountPence: -1 }) }));
    assert.equal(r.ok, false);
    assert.deepEqual(r.details.map((d) => d.path).sort(), ['body.amountPence', 'body.text']);
  });

  it('names a missing required body field', () => {
    const r = validator.validate(req({ body: json({ text: 'x' }) }));
    assert.deepEqual(!r.ok && r.details.map((d) => d.path), ['body.amountPence']);
  });

  it('refuses a body that is not JSON, and a missing required body', () => {
    const bad = validator.validate(req({ body: Buffer.from('{nope') }));
    assert.deepEqual(!bad.ok && bad.details, [{ path: 'body', message: 'is not valid JSON' }]);
    const none = validator.validate(req({ body: undefined }));
    assert.deepEqual(!none.ok && none.details, [{ path: 'body', message: 'is required' }]);
  });

  it('agrees with the service on every way of sending no body, for a required and an optional body', async () => {
    const bodies = [
      { name: 'no body, no content type', contentType: undefined, body: undefined },
      { name: 'an empty JSON body', contentType: 'application/json', body: Buffer.alloc(0) },
      { name: 'an empty object', contentType: 'application/json', body: json({}) },
      { name: 'a JSON null', contentType: 'application/json', body: json(null) },
    ];
    const disagreements: string[] = [];
    for (const path of [`/claims/${CLAIM}/notes`, `/claims/${CLAIM}/submit`]) {
      for (const b of bodies) {
        const gateway = validator.validate(req({ path, contentType: b.contentType, body: b.body }));
        const res = await svc!.app.inject({
          method: 'POST',
          url: path,
          headers: b.contentType ? { 'content-type': b.contentType } : {},
          ...(b.body ? { payload: b.body } : {}),
        });
        const serviceAccepts = res.statusCode < 400;
        if (gateway.ok !== serviceAccepts)
          disagreements.push(
            `${path} with ${b.name}: gateway ${gateway.ok ? 'accepts' : 'refuses'}, service ${res.statusCode}`,
          );
      }
    }
    assert.deepEqual(disagreements, []);
    // And the optional body is one: nothing sent is fine, a wrong reason is not.
    assert.deepEqual(validator.validate(req({ path: `/claims/${CLAIM}/submit`, body: undefined })), { ok: true });
    const bad = validator.validate(req({ path: `/claims/${CLAIM}/submit`, body: json({ reason: '' }) }));
    assert.deepEqual(!bad.ok && bad.details.map((d) => d.path), ['body.reason']);
  });

  it('checks path and query parameters', () => {
    const r = validator.validate(req({ path: '/claims/not-a-uuid/notes', query: { notify: 'maybe', page: '0' } }));
    assert.deepEqual(!r.ok && r.details.map((d) => d.path).sort(), [
      'params.claimId',
      'querystring.notify',
      'querystring.page',
    ]);
    const get = validator.validate({
      method: 'GET',
      path: '/claims/123',
      query: {},
      contentType: undefined,
      body: undefined,
    });
    assert.deepEqual(!get.ok && get.details.map((d) => d.path), ['params.claimId']);
  });

  it('leaves an operation the document does not describe to the service', () => {
    assert.deepEqual(validator.validate(req({ path: '/claims/x/y/z' })), { ok: true });
    assert.deepEqual(validator.validate(req({ method: 'PATCH' })), { ok: true });
  });

  it('serves the loaded validator synchronously on later requests', () => {
    assert.equal(documents.validatorFor('claims-api'), validator);
  });

  it('refuses a document without paths with a coded error', () => {
    assert.throws(() => new OpenApiValidator('x', { openapi: '3.1.0' }), { code: 'GW_ERR_OPENAPI_DOCUMENT' });
  });

  it('reports a service whose document cannot be fetched, and validates nothing for it', async () => {
    const errors: string[] = [];
    const docs = new OpenApiDocuments({
      pick: async () => ({ id: 'x', host: '127.0.0.1', port: 1, origin: 'http://127.0.0.1:1' }),
      onError: (e) => errors.push(e.code),
    });
    assert.equal(await docs.validatorFor('ghost-api'), undefined);
    assert.deepEqual(errors, ['GW_ERR_OPENAPI_DOCUMENT']);
  });
});
