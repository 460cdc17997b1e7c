/**
 * The CPU/memory pairs a Fargate Linux task may ask for
 * (AWS ECS developer guide, "Task CPU and memory"). CPU in units (1024 = 1 vCPU), memory in MiB.
 */
const range = (from: number, to: number, step: number): readonly number[] =>
  Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

export const FARGATE_MEMORY_BY_CPU: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
]);

export const FARGATE_CPU_UNITS: readonly number[] = [...FARGATE_MEMORY_BY_CPU.keys()];

/** Why a pair is not offered, or undefined when Fargate offers it. */
export function fargateSizeProblem(cpu: number, memory: number): string | undefined {
  const memories = FARGATE_MEMORY_BY_CPU.get(cpu);
  if (!memories) return `Fargate offers no cpu ${cpu}; use one of ${FARGATE_CPU_UNITS.join(', ')}`;
  if (!memories.includes(memory)) {
    const shown = memories.length > 8 ? `${memories[0]}-${memories.at(-1)}` : memories.join(', ');
    return `Fargate does not offer memory ${memory} MiB with cpu ${cpu}; valid memory: ${shown}`;
  }
  return undefined;
}
