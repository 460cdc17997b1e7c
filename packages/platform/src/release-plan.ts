/**
 * How a release of one service moves traffic, derived from the definition: the strategy that
 * applies to it and the steps it takes. The CDK app, the pipeline and the local release rehearsal
 * all read this, so a laptop rehearses the same steps AWS runs.
 */
import type { Deployment, Platform, Service } from './schema.ts';

/** The strategy a service is released with: its own, or the platform's. */
export function deploymentOf(p: Platform, s: Service): Deployment {
  return s.deployment ?? p.deployment;
}

/** One step of a release: the share of traffic on the new version, then how long to watch it. */
export interface TrafficStep {
  readonly percent: number;
  readonly bakeMinutes: number;
}

/**
 * The traffic the new version carries at each step, ending with all of it and the final bake.
 * A rolling release has no traffic steps of its own: tasks are replaced batch by batch, so it is
 * one step to 100 % with no bake.
 */
export function trafficStepsOf(d: Deployment): TrafficStep[] {
  switch (d.strategy) {
    case 'rolling':
      return [{ percent: 100, bakeMinutes: 0 }];
    case 'blue-green':
      return [{ percent: 100, bakeMinutes: d.bakeMinutes }];
    case 'canary':
      return [
        { percent: d.percent, bakeMinutes: d.stepBakeMinutes },
        { percent: 100, bakeMinutes: d.bakeMinutes },
      ];
    case 'linear': {
      const steps: TrafficStep[] = [];
      // Rounded to a tenth so 3 x 33.3 does not end on 99.9 and a step past 100 does not appear.
      for (let p = d.stepPercent; p < 100 - 1e-9; p = Math.round((p + d.stepPercent) * 10) / 10) {
        steps.push({ percent: p, bakeMinutes: d.stepBakeMinutes });
      }
      steps.push({ percent: 100, bakeMinutes: d.bakeMinutes });
      return steps;
    }
    default: {
      const never: never = d;
      throw new Error(`Unexpected deployment ${JSON.stringify(never)}`);
    }
  }
}

/** The load balancer kinds in front of a service: what a traffic shift can act on. */
export function loadBalancerTargetsOf(p: Platform, s: Service): { alb: boolean; nlb: boolean } {
  const lb = p.loadBalancing;
  const alb = lb.public.targets.includes(s.name) || (lb.internal?.targets.includes(s.name) ?? false);
  const nlb = p.gateways.external?.service === s.name;
  return { alb, nlb };
}
