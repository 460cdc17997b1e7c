/**
 * Keyset pagination: a list answers `{ items, nextCursor }`; the cursor is opaque to clients
 * (base64url JSON of the last item's sort key) and a tampered one is a 400, not a 500.
 */
import { z } from 'zod';
import { ValidationError } from '@dwp/service-errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE).describe('Items per page'),
  cursor: z.string().max(512).optional().describe('nextCursor of the previous page'),
});
export type PageQuery = z.output<typeof pageQuery>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().optional().describe('Pass as `cursor` to get the next page; absent on the last page'),
  });
}

export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(cursor: string | undefined, schema: S): z.output<S> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError('Request validation failed', [
    { path: 'querystring.cursor', message: 'is not a cursor this list gave out' },
  ]);
}

/** Keyset pages by a uuid primary key (uuidv7 ids sort by creation): the `after` id a cursor names. */
const idCursor = z.object({ id: z.uuid() });

export function afterIdOf(cursor: string | undefined): string | undefined {
  return decodeCursor(cursor, idCursor)?.id;
}

/**
 * One page from rows fetched with `limit + 1`: the extra row only says whether another page
 * exists, and the cursor names the last row served.
 */
export function pageById<R extends { id: string }, V>(
  rows: readonly R[],
  limit: number,
  view: (row: R) => V,
): { items: V[]; nextCursor?: string } {
  const page = rows.slice(0, limit);
  return {
    items: page.map(view),
    ...(rows.length > limit ? { nextCursor: encodeCursor({ id: page.at(-1)!.id }) } : {}),
  };
}
