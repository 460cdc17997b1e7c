/**
 * Task counts as the definition states them ("2-6 per AZ") turned into the service-wide counts
 * ECS and Application Auto Scaling take.
 */
import type { Platform, Service } from '@dwp/platform';

/** How many of the definition's task units a service-wide count holds: the zone count for `per: 'az'`, else 1. */
export function taskMultiplier(platform: Platform, service: Service): number {
  switch (service.tasks.per) {
    case 'az':
      return platform.network.availabilityZones;
    case 'service':
      return 1;
    default: {
      const never: never = service.tasks.per;
      throw new Error(`Unexpected tasks.per ${String(never)}`);
    }
  }
}

export interface TaskRange {
  readonly min: number;
  readonly max: number;
}

/** The service-wide min and max task counts. */
export function taskRangeOf(platform: Platform, service: Service): TaskRange {
  const n = taskMultiplier(platform, service);
  return { min: service.tasks.min * n, max: service.tasks.max * n };
}
