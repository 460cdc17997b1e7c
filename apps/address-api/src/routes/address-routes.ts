/** Postcode lookup and address validation by UPRN. */
import type { ServiceApp } from '@dwp/service-kit';
import { z } from 'zod';
import { normalisePostcode } from '@dwp/uk-formats';
import type { PafAddress } from '../domain/paf-address.ts';
import { PostcodeInvalidError, PostcodeNotFoundError, UprnNotFoundError } from '../errors.ts';
import type { AddressSource } from '../ports/royal-mail.ts';

const TAG = ['addresses'];
const errorView = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const addressView = z.object({
  uprn: z.string().describe('Unique Property Reference Number: what citizen-api stores'),
  lines: z.array(z.string()).describe('PAF address lines above the post town'),
  postTown: z.string(),
  postcode: z.string(),
  singleLine: z.string(),
});

const toView = (a: PafAddress): z.output<typeof addressView> => ({
  uprn: a.uprn,
  lines: [...a.lines],
  postTown: a.postTown,
  postcode: a.postcode,
  singleLine: a.singleLine,
});

export function addressRoutes(app: ServiceApp, deps: { addresses: AddressSource }): void {
  app.get(
    '/address/postcodes/:postcode',
    {
      schema: {
        tags: TAG,
        summary: 'Every PAF address at a postcode',
        params: z.object({ postcode: z.string().max(16) }),
        response: {
          200: z.object({ postcode: z.string(), addresses: z.array(addressView) }),
          400: errorView,
          404: errorView,
          503: errorView,
        },
      },
    },
    async (request) => {
      const postcode = normalisePostcode(request.params.postcode);
      if (!postcode) throw new PostcodeInvalidError(request.params.postcode);
      const found = await deps.addresses.byPostcode(postcode);
      if (found.length === 0) throw new PostcodeNotFoundError(postcode);
      return { postcode, addresses: found.map(toView) };
    },
  );

  app.get(
    '/address/addresses/:uprn',
    {
      schema: {
        tags: TAG,
        summary: 'Validate an address: the PAF address with this UPRN',
        params: z.object({ uprn: z.string().regex(/^\d{1,12}$/, 'must be a UPRN of up to 12 digits') }),
        response: { 200: addressView, 400: errorView, 404: errorView, 503: errorView },
      },
    },
    async (request) => {
      const found = await deps.addresses.byUprn(request.params.uprn);
      if (!found) throw new UprnNotFoundError(request.params.uprn);
      return toView(found);
    },
  );
}
