/**
 * The work queue's filters, as the browser sends them (a GET form, so they work without
 * JavaScript and a filtered queue can be bookmarked), turned into claims-api's list query, and
 * back into links (remove one filter, next and previous page). Pure: the clock is a parameter.
 *
 * Paging: claims-api's cursors only go forwards, so the queue's URL carries the cursors of the
 * pages before this one (`back`), newest last; Previous pops one.
 */
import { BENEFITS, CLAIM_STATES, type Benefit, type ClaimState } from '../upstream/claims-answers.ts';

export const QUEUE_PAGE_SIZE = 20;
/** The oldest a filter may ask about: ten years of days. */
export const MAX_AGE_DAYS = 3650;
/** How many pages back Previous can go (a URL must stay a sensible length). */
const MAX_BACK = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Stands for "the first page" in `back`, which has no cursor. */
const FIRST = '-';
const CURSOR = /^[A-Za-z0-9_-]{1,512}$/;

export interface QueueFilters {
  readonly states: readonly ClaimState[];
  readonly benefits: readonly Benefit[];
  /** Sent more than this many days ago. */
  readonly olderThanDays: number | undefined;
  readonly cursor: string | undefined;
  readonly back: readonly string[];
}

export type AgeProblem = 'caseworker.queue.age.wholeNumber' | 'caseworker.queue.age.tooBig';

export interface ParsedFilters {
  readonly filters: QueueFilters;
  /** The age the user typed, to show again, and what is wrong with it. */
  readonly ageText: string;
  readonly ageProblem: AgeProblem | undefined;
}

/** Every value of a repeated field (`?state=a&state=b`), whatever the body parser made of it. */
function valuesOf(v: unknown): string[] {
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.filter((x): x is string => typeof x === 'string').flatMap((s) => s.split(','));
}

const only = <T extends string>(allowed: readonly T[], values: string[]): T[] =>
  allowed.filter((a) => values.includes(a));

/** Reads the query; anything unknown is dropped, a bad age is reported (and not applied). */
export function parseQueueQuery(query: unknown): ParsedFilters {
  const q = query !== null && typeof query === 'object' ? (query as Record<string, unknown>) : {};
  const ageText = typeof q.olderThanDays === 'string' ? q.olderThanDays.trim() : '';
  let olderThanDays: number | undefined;
  let ageProblem: AgeProblem | undefined;
  if (ageText !== '') {
    if (!/^\d{1,5}$/.test(ageText)) ageProblem = 'caseworker.queue.age.wholeNumber';
    else if (Number(ageText) > MAX_AGE_DAYS) ageProblem = 'caseworker.queue.age.tooBig';
    else olderThanDays = Number(ageText);
  }
  const cursor = typeof q.cursor === 'string' && CURSOR.test(q.cursor) ? q.cursor : undefined;
  const back = valuesOf(q.back)
    .filter((c) => c === FIRST || CURSOR.test(c))
    .slice(-MAX_BACK);
  return {
    filters: {
      states: only(CLAIM_STATES, valuesOf(q.state)),
      benefits: only(BENEFITS, valuesOf(q.benefit)),
      olderThanDays,
      cursor,
      back,
    },
    ageText,
    ageProblem,
  };
}

/** The path and query of claims-api's list for these filters (comma lists: one value per filter). */
export function claimsListPath(f: QueueFilters, now: number, limit = QUEUE_PAGE_SIZE): string {
  const q = new URLSearchParams({ limit: String(limit) });
  if (f.states.length) q.set('state', f.states.join(','));
  if (f.benefits.length) q.set('benefit', f.benefits.join(','));
  if (f.olderThanDays !== undefined) q.set('submittedBefore', new Date(now - f.olderThanDays * DAY_MS).toISOString());
  if (f.cursor) q.set('cursor', f.cursor);
  return `/claims/claims?${q.toString()}`;
}

/** The queue's own URL for these filters (paging left out unless given). */
export function queueHref(
  f: Pick<QueueFilters, 'states' | 'benefits' | 'olderThanDays'> & Partial<Pick<QueueFilters, 'cursor' | 'back'>>,
): string {
  const q = new URLSearchParams();
  for (const s of f.states) q.append('state', s);
  for (const b of f.benefits) q.append('benefit', b);
  if (f.olderThanDays !== undefined) q.set('olderThanDays', String(f.olderThanDays));
  if (f.cursor) q.set('cursor', f.cursor);
  if (f.back?.length) q.set('back', f.back.join(','));
  const s = q.toString();
  return s ? `/caseworker?${s}` : '/caseworker';
}

/** Links to the next page (when claims-api gave a cursor) and the previous one (when there is one). */
export function pagingHrefs(f: QueueFilters, nextCursor: string | undefined): { next?: string; previous?: string } {
  const filters = { states: f.states, benefits: f.benefits, olderThanDays: f.olderThanDays };
  const out: { next?: string; previous?: string } = {};
  if (nextCursor)
    out.next = queueHref({ ...filters, cursor: nextCursor, back: [...f.back, f.cursor ?? FIRST].slice(-MAX_BACK) });
  if (f.cursor) {
    const previous = f.back.at(-1);
    out.previous = queueHref({
      ...filters,
      ...(previous && previous !== FIRST ? { cursor: previous } : {}),
      back: f.back.slice(0, -1),
    });
  }
  return out;
}

export type SelectedFilter = {
  readonly category: 'state' | 'benefit' | 'age';
  readonly value: string;
  readonly removeHref: string;
};

/** Each filter in use, with the queue's URL without it (MoJ's "Selected filters" tags). */
export function selectedFilters(f: QueueFilters): SelectedFilter[] {
  const base = { states: f.states, benefits: f.benefits, olderThanDays: f.olderThanDays };
  return [
    ...f.states.map((s) => ({
      category: 'state' as const,
      value: s,
      removeHref: queueHref({ ...base, states: f.states.filter((x) => x !== s) }),
    })),
    ...f.benefits.map((b) => ({
      category: 'benefit' as const,
      value: b,
      removeHref: queueHref({ ...base, benefits: f.benefits.filter((x) => x !== b) }),
    })),
    ...(f.olderThanDays !== undefined
      ? [
          {
            category: 'age' as const,
            value: String(f.olderThanDays),
            removeHref: queueHref({ ...base, olderThanDays: undefined }),
          },
        ]
      : []),
  ];
}
