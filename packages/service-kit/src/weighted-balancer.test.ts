import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SmoothWeightedBalancer, type WeightedCandidate } from './weighted-balancer.ts';

const blueGreen = (greenPercent: number): WeightedCandidate[] => [
  { id: 'blue-1', revision: 1, weight: (100 - greenPercent) / 2 },
  { id: 'blue-2', revision: 1, weight: (100 - greenPercent) / 2 },
  { id: 'green-1', revision: 2, weight: greenPercent / 2 },
  { id: 'green-2', revision: 2, weight: greenPercent / 2 },
];

function countPicks(b: SmoothWeightedBalancer, candidates: readonly WeightedCandidate[], n: number) {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = b.pick(candidates)!.id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe('SmoothWeightedBalancer', () => {
  it('gives each instance its share of picks, within one pick over a whole cycle', () => {
    const counts = countPicks(new SmoothWeightedBalancer(), blueGreen(10), 1000);
    assert.equal(counts.get('green-1'), 50);
    assert.equal(counts.get('green-2'), 50);
    assert.equal(counts.get('blue-1'), 450);
    assert.equal(counts.get('blue-2'), 450);
  });

  it('keeps uneven shares within tolerance over many picks', () => {
    const candidates = [
      { id: 'a', weight: 33.3 },
      { id: 'b', weight: 66.7 },
    ];
    const counts = countPicks(new SmoothWeightedBalancer(), candidates, 3000);
    assert.ok(Math.abs(counts.get('a')! - 999) <= 2, `a got ${counts.get('a')}`);
  });

  it('spreads a small share evenly instead of in a burst', () => {
    const b = new SmoothWeightedBalancer();
    const picks = Array.from({ length: 20 }, () => b.pick(blueGreen(10))!.id);
    const greens = picks.flatMap((id, i) => (id.startsWith('green') ? [i] : []));
    assert.equal(greens.length, 2);
    assert.ok(greens[1]! - greens[0]! >= 5, `green picks at ${greens.join(', ')}`);
  });

  it('never picks an instance whose weight is 0 while another has weight', () => {
    const counts = countPicks(new SmoothWeightedBalancer(), blueGreen(0), 500);
    assert.equal(counts.get('green-1'), undefined);
    assert.equal(counts.get('green-2'), undefined);
  });

  it('picks a zero-weight instance rather than none', () => {
    const b = new SmoothWeightedBalancer();
    const only = [{ id: 'green-1', revision: 2, weight: 0 }];
    assert.equal(b.pick(only)?.id, 'green-1');
  });

  it('round-robins candidates that carry no weight, as an older registry answers', () => {
    const b = new SmoothWeightedBalancer();
    const plain = [{ id: 'c-1' }, { id: 'c-2' }, { id: 'c-3' }];
    assert.deepEqual(
      [1, 2, 3, 4].map(() => b.pick(plain)?.id),
      ['c-1', 'c-2', 'c-3', 'c-1'],
    );
  });

  it('sends a retry to another revision, by its weights, even one that has none of the traffic', () => {
    const b = new SmoothWeightedBalancer();
    const retries = Array.from({ length: 10 }, () => b.pick(blueGreen(100), new Set(['green-1']))!.id);
    assert.ok(
      retries.every((id) => id.startsWith('blue')),
      retries.join(', '),
    );
    assert.equal(b.pick(blueGreen(10), new Set(['green-2']))?.revision, 1);
  });

  it('retries within the same revision when it is the only one', () => {
    const b = new SmoothWeightedBalancer();
    const one = blueGreen(0).slice(0, 2);
    assert.equal(b.pick(one, new Set(['blue-1']))?.id, 'blue-2');
    assert.equal(b.pick(one, new Set(['blue-1', 'blue-2'])), undefined);
  });

  it('forgets the counters of instances that are gone', () => {
    const b = new SmoothWeightedBalancer();
    countPicks(b, blueGreen(50), 3);
    b.forget(['blue-1']);
    // With fresh counters the first pick among equals is the first listed again.
    assert.equal(b.pick(blueGreen(50).slice(1))?.id, 'blue-2');
  });
});
