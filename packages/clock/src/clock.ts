/** Where time comes from, so tests can move it by hand. Milliseconds since the epoch, fractions allowed. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to. */
export class FakeClock implements Clock {
  #now: number;
  constructor(startMs = 0) {
    this.#now = startMs;
  }
  now(): number {
    return this.#now;
  }
  tick(ms: number): void {
    this.#now += ms;
  }
  set(ms: number): void {
    this.#now = ms;
  }
}
