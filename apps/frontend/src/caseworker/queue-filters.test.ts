import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimsListPath, pagingHrefs, parseQueueQuery, queueHref, selectedFilters } from './queue-filters.ts';

const NOW = Date.parse('2026-12-01T09:00:00Z');

describe('the work queue filters', () => {
  // query | states | benefits | olderThanDays | age problem
  const cases: Array<[Record<string, unknown>, string[], string[], number | undefined, string | undefined]> = [
    [{}, [], [], undefined, undefined],
    [{ state: 'submitted' }, ['submitted'], [], undefined, undefined],
    [{ state: ['under_assessment', 'submitted'] }, ['submitted', 'under_assessment'], [], undefined, undefined],
    [{ state: 'submitted,awarded' }, ['submitted', 'awarded'], [], undefined, undefined],
    [{ state: ['sleeping', 'submitted'] }, ['submitted'], [], undefined, undefined],
    [
      { benefit: ['new-style-esa', 'universal-credit'] },
      [],
      ['universal-credit', 'new-style-esa'],
      undefined,
      undefined,
    ],
    [{ olderThanDays: ' 14 ' }, [], [], 14, undefined],
    [{ olderThanDays: '0' }, [], [], 0, undefined],
    [{ olderThanDays: '' }, [], [], undefined, undefined],
    [{ olderThanDays: 'two weeks' }, [], [], undefined, 'caseworker.queue.age.wholeNumber'],
    [{ olderThanDays: '-3' }, [], [], undefined, 'caseworker.queue.age.wholeNumber'],
    [{ olderThanDays: '1.5' }, [], [], undefined, 'caseworker.queue.age.wholeNumber'],
    [{ olderThanDays: '3651' }, [], [], undefined, 'caseworker.queue.age.tooBig'],
    [{ olderThanDays: ['3', '4'] }, [], [], undefined, undefined],
  ];
  for (const [query, states, benefits, days, problem] of cases) {
    it(`reads ${JSON.stringify(query)} as states ${states.join('+') || 'any'}, benefits ${benefits.join('+') || 'any'}, age ${days ?? 'any'}${problem ? `, with ${problem}` : ''}`, () => {
      const p = parseQueueQuery(query);
      assert.deepEqual(
        [p.filters.states, p.filters.benefits, p.filters.olderThanDays, p.ageProblem],
        [states, benefits, days, problem],
      );
    });
  }

  it('asks claims-api for comma lists, a page of 20, and claims sent before N days ago', () => {
    const { filters } = parseQueueQuery({
      state: ['submitted', 'evidence_received'],
      benefit: 'new-style-jsa',
      olderThanDays: '7',
      cursor: 'eyJpZCI6IngifQ',
    });
    const url = new URL(claimsListPath(filters, NOW), 'http://x');
    assert.equal(url.pathname, '/claims/claims');
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      limit: '20',
      state: 'submitted,evidence_received',
      benefit: 'new-style-jsa',
      submittedBefore: '2026-11-24T09:00:00.000Z',
      cursor: 'eyJpZCI6IngifQ',
    });
    assert.equal(claimsListPath(parseQueueQuery({}).filters, NOW), '/claims/claims?limit=20');
  });

  it('drops a cursor that is not one claims-api could have made', () => {
    assert.equal(parseQueueQuery({ cursor: 'x"><script>' }).filters.cursor, undefined);
  });

  it('pages forwards with the cursor and back to the page before, keeping the filters', () => {
    const first = parseQueueQuery({ state: 'submitted' }).filters;
    const fromFirst = pagingHrefs(first, 'c2');
    assert.equal(fromFirst.previous, undefined, 'the first page has no previous');
    assert.equal(fromFirst.next, '/caseworker?state=submitted&cursor=c2&back=-');
    const second = parseQueueQuery(Object.fromEntries(new URL(fromFirst.next, 'http://x').searchParams)).filters;
    const fromSecond = pagingHrefs(second, 'c3');
    assert.equal(fromSecond.previous, '/caseworker?state=submitted', 'back to the first page');
    assert.equal(fromSecond.next, '/caseworker?state=submitted&cursor=c3&back=-%2Cc2');
    const third = parseQueueQuery(Object.fromEntries(new URL(fromSecond.next, 'http://x').searchParams)).filters;
    const fromThird = pagingHrefs(third, undefined);
    assert.equal(fromThird.next, undefined, 'the last page has no next');
    assert.equal(fromThird.previous, '/caseworker?state=submitted&cursor=c2&back=-');
  });

  it('links each selected filter to the queue without it', () => {
    const { filters } = parseQueueQuery({
      state: ['submitted', 'awarded'],
      benefit: 'universal-credit',
      olderThanDays: '5',
      cursor: 'c9',
    });
    assert.deepEqual(
      selectedFilters(filters).map((f) => [f.category, f.value, f.removeHref]),
      [
        ['state', 'submitted', '/caseworker?state=awarded&benefit=universal-credit&olderThanDays=5'],
        ['state', 'awarded', '/caseworker?state=submitted&benefit=universal-credit&olderThanDays=5'],
        ['benefit', 'universal-credit', '/caseworker?state=submitted&state=awarded&olderThanDays=5'],
        ['age', '5', '/caseworker?state=submitted&state=awarded&benefit=universal-credit'],
      ],
    );
    assert.equal(queueHref({ states: [], benefits: [], olderThanDays: undefined }), '/caseworker');
  });
});
