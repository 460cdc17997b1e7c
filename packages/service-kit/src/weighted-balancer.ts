/**
 * Picks an instance of a service by its share of traffic, with nginx's smooth weighted round-robin:
 * deterministic (a test can count), and spread evenly rather than in bursts (weights 5:1:1 give
 * a a b a c a a, not a a a a a b c). The registry's balancer (the edge's picks) and the discovery
 * clients (gateway and service-to-service calls) both use it, so a release's traffic split is the
 * same whichever hop picks. Pure apart from its own counters.
 *
 * Rules, in order:
 * - an excluded instance (already tried for this request) is never picked;
 * - a retry (something excluded) goes to another revision when one has an eligible instance: a
 *   sibling of a failing new version is likely as bad, and the old set is where a retry succeeds;
 * - an instance with weight 0 is picked only when no eligible instance has a weight above 0, so a
 *   request is never refused while a healthy instance exists;
 * - candidates without a weight (an older registry's answer) share traffic equally (round-robin).
 */

/** An instance the balancer may pick: its id, the release revision it runs, and its share of traffic. */
export interface WeightedCandidate {
  readonly id: string;
  /** The release set it belongs to (1 for the set `npm start` began with). @default unknown */
  readonly revision?: number | undefined;
  /** Its share of the service's traffic, in any unit (the registry answers percent). @default equal shares */
  readonly weight?: number | undefined;
}

export class SmoothWeightedBalancer {
  /** nginx's `current_weight` per instance id. */
  readonly #current = new Map<string, number>();

  /** The next instance to send a request to, or undefined when every candidate is excluded. */
  pick<T extends WeightedCandidate>(candidates: readonly T[], exclude: ReadonlySet<string> = new Set()): T | undefined {
    let eligible = candidates.filter((c) => !exclude.has(c.id));
    if (exclude.size > 0) {
      const tried = new Set(
        candidates.filter((c) => exclude.has(c.id) && c.revision !== undefined).map((c) => c.revision),
      );
      const elsewhere = eligible.filter((c) => c.revision !== undefined && !tried.has(c.revision));
      if (elsewhere.length > 0) eligible = elsewhere;
    }
    if (eligible.length === 0) return undefined;
    const weighted = eligible.every((c) => c.weight !== undefined);
    const weightOf = (c: T) => (weighted ? Math.max(0, c.weight ?? 0) : 1);
    const positive = eligible.filter((c) => weightOf(c) > 0);
    const pool = positive.length > 0 ? positive : eligible;
    const effective = positive.length > 0 ? weightOf : () => 1;

    let total = 0;
    let best: T | undefined;
    let bestCurrent = -Infinity;
    for (const c of pool) {
      const w = effective(c);
      const current = (this.#current.get(c.id) ?? 0) + w;
      this.#current.set(c.id, current);
      total += w;
      if (current > bestCurrent) {
        best = c;
        bestCurrent = current;
      }
    }
    this.#current.set(best!.id, bestCurrent - total);
    return best;
  }

  /** Drops the counters of instances no longer listed (stopped, deregistered). */
  forget(keep: Iterable<string>): void {
    const kept = new Set(keep);
    for (const id of this.#current.keys()) if (!kept.has(id)) this.#current.delete(id);
  }
}
