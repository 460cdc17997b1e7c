/**
 * A measured figure beside the target it is judged against. Benchmarks record whether a target
 * was met; they never fail a build on it (machines differ, and a miss is something to look into).
 */
export interface Judged {
  readonly value: number;
  readonly unit: string;
  /** The target as people read it: `>= 95`, `<= 30720`, `< 50`. */
  readonly target: string;
  readonly met: boolean;
}

export const atLeast = (value: number, limit: number, unit: string): Judged => ({
  value,
  unit,
  target: `>= ${limit}`,
  met: value >= limit,
});

export const atMost = (value: number, limit: number, unit: string): Judged => ({
  value,
  unit,
  target: `<= ${limit}`,
  met: value <= limit,
});

export const below = (value: number, limit: number, unit: string): Judged => ({
  value,
  unit,
  target: `< ${limit}`,
  met: value < limit,
});

/** `name met` / `name MISSED (value unit, target ...)`, for a summary line. */
export function verdicts(judged: Readonly<Record<string, Judged>>): string {
  return Object.entries(judged)
    .map(([name, j]) => (j.met ? `${name} met` : `${name} MISSED (${j.value} ${j.unit}, target ${j.target})`))
    .join(', ');
}
