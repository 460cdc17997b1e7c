/**
 * Rules that relate one part of a definition to another. Each returns the issues it finds,
 * each issue naming the field path where the definition breaks the rule.
 */
import type { DefinitionIssue } from './errors.ts';
import { fargateSizeProblem } from './fargate-sizes.ts';
import { deploymentOf, loadBalancerTargetsOf } from './release-plan.ts';
import type { DataStore, Platform, Scaling } from './schema.ts';

type Rule = (p: Platform) => DefinitionIssue[];

function duplicates<T>(
  items: readonly T[],
  key: (t: T) => string,
): Array<{ index: number; first: number; key: string }> {
  const seen = new Map<string, number>();
  const out: Array<{ index: number; first: number; key: string }> = [];
  items.forEach((item, index) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, index);
    else out.push({ index, first, key: k });
  });
  return out;
}

const uniqueServiceNames: Rule = (p) =>
  duplicates(p.services, (s) => s.name).map((d) => ({
    path: `services[${d.index}].name`,
    message: `duplicate service name "${d.key}" (first declared at services[${d.first}])`,
  }));

const fargateSizes: Rule = (p) =>
  p.services.flatMap((s, i) => {
    const problem = fargateSizeProblem(s.cpu, s.memory);
    return problem ? [{ path: `services[${i}].memory`, message: problem }] : [];
  });

const taskRanges: Rule = (p) =>
  p.services.flatMap((s, i) =>
    s.tasks.min > s.tasks.max
      ? [
          {
            path: `services[${i}].tasks.min`,
            message: `min tasks ${s.tasks.min} is greater than max tasks ${s.tasks.max}`,
          },
        ]
      : [],
  );

const clustersExist: Rule = (p) =>
  p.services.flatMap((s, i) => {
    const cluster = p.clusters.find((c) => c.name === s.cluster);
    if (!cluster) return [{ path: `services[${i}].cluster`, message: `unknown cluster "${s.cluster}"` }];
    if (cluster.tier !== s.tier) {
      return [
        {
          path: `services[${i}].cluster`,
          message: `a ${s.tier}-tier service cannot run in ${cluster.tier}-tier cluster "${s.cluster}"`,
        },
      ];
    }
    return [];
  });

const uniqueServiceRoutes: Rule = (p) => {
  const all = p.services.flatMap((s, i) => s.routes.map((r, k) => ({ r, at: `services[${i}].routes[${k}]` })));
  return duplicates(all, (x) => x.r).map((d) => ({
    path: all[d.index]!.at,
    message: `duplicate route "${d.key}" (already routed at ${all[d.first]!.at})`,
  }));
};

function serviceRefs(p: Platform, refs: Array<{ name: string; at: string }>): DefinitionIssue[] {
  const names = new Set(p.services.map((s) => s.name));
  return refs.filter((r) => !names.has(r.name)).map((r) => ({ path: r.at, message: `unknown service "${r.name}"` }));
}

const callsAndTargets: Rule = (p) =>
  serviceRefs(p, [
    ...p.services.flatMap((s, i) => s.calls.map((c, k) => ({ name: c, at: `services[${i}].calls[${k}]` }))),
    ...p.loadBalancing.public.targets.map((t, k) => ({ name: t, at: `loadBalancing.public.targets[${k}]` })),
    ...(p.loadBalancing.internal?.targets ?? []).map((t, k) => ({
      name: t,
      at: `loadBalancing.internal.targets[${k}]`,
    })),
  ]);

const GREEDY = /\{[A-Za-z0-9_]+\+\}/;

const primaryGatewayRoutes: Rule = (p) => {
  const gw = p.gateways.primary;
  if (!gw) return [];
  const issues = serviceRefs(
    p,
    gw.routes.map((r, k) => ({ name: r.service, at: `gateways.primary.routes[${k}].service` })),
  );
  issues.push(
    ...duplicates(gw.routes, (r) => `${r.method} ${r.path}`).map((d) => ({
      path: `gateways.primary.routes[${d.index}]`,
      message: `duplicate route "${d.key}" (first declared at gateways.primary.routes[${d.first}])`,
    })),
  );
  gw.routes.forEach((r, k) => {
    const segments = r.path.split('/');
    const greedyAt = segments.findIndex((s) => GREEDY.test(s));
    if (greedyAt !== -1 && greedyAt !== segments.length - 1) {
      issues.push({
        path: `gateways.primary.routes[${k}].path`,
        message: 'a greedy {proxy+} segment must be the last one',
      });
    }
  });
  return issues;
};

const externalGatewayRoutes: Rule = (p) => {
  const gw = p.gateways.external;
  if (!gw) return [];
  return [
    ...serviceRefs(p, [
      { name: gw.service, at: 'gateways.external.service' },
      ...gw.routes.flatMap((r, k) =>
        r.callers.map((c, j) => ({ name: c, at: `gateways.external.routes[${k}].callers[${j}]` })),
      ),
    ]),
    ...duplicates(gw.routes, (r) => r.path).map((d) => ({
      path: `gateways.external.routes[${d.index}].path`,
      message: `duplicate route "${d.key}" (first declared at gateways.external.routes[${d.first}])`,
    })),
  ];
};

const dataStores: Rule = (p) => [
  ...duplicates(p.dataStores, (d) => d.name).map((d) => ({
    path: `dataStores[${d.index}].name`,
    message: `duplicate data store name "${d.key}" (first declared at dataStores[${d.first}])`,
  })),
  ...serviceRefs(
    p,
    p.dataStores.flatMap((d, i) => (d.owner ? [{ name: d.owner, at: `dataStores[${i}].owner` }] : [])),
  ),
  ...p.services.flatMap((s, i) =>
    s.dependsOn
      .filter((d) => !p.dataStores.some((store) => store.name === d))
      .map((d) => ({
        path: `services[${i}].dependsOn[${s.dependsOn.indexOf(d)}]`,
        message: `unknown data store "${d}"`,
      })),
  ),
];

const permissionTargets: Rule = (p) => {
  const store = (kind: DataStore['kind'], n: string): boolean =>
    p.dataStores.some((d) => d.kind === kind && d.name === n);
  return p.services.flatMap((s, i) =>
    (s.taskRole?.permissions ?? []).flatMap((perm, k): DefinitionIssue[] => {
      const at = `services[${i}].taskRole.permissions[${k}]`;
      switch (perm.kind) {
        case 'dynamodb':
          return store('dynamodb', perm.table)
            ? []
            : [{ path: `${at}.table`, message: `unknown dynamodb table "${perm.table}"` }];
        case 'rds-connect':
          return store('postgres', perm.database)
            ? []
            : [{ path: `${at}.database`, message: `unknown postgres database "${perm.database}"` }];
        case 's3':
          return store('s3', perm.bucket)
            ? []
            : [{ path: `${at}.bucket`, message: `unknown s3 bucket "${perm.bucket}"` }];
        case 'sqs-publish':
        case 'sqs-consume':
          return store('queue', perm.queue) ? [] : [{ path: `${at}.queue`, message: `unknown queue "${perm.queue}"` }];
        case 'secrets-read':
          return perm.secrets
            .filter((n) => !s.secrets.includes(n))
            .map((n) => ({ path: `${at}.secrets`, message: `secret "${n}" is not among the service's secrets` }));
        case 'cloudwatch-logs':
          return [];
        default: {
          const never: never = perm;
          throw new Error(`Unexpected permission ${JSON.stringify(never)}`);
        }
      }
    }),
  );
};

function scalingIssues(scaling: Scaling | undefined, at: string): DefinitionIssue[] {
  if (!scaling) return [];
  const issues: DefinitionIssue[] = [];
  scaling.schedules.forEach((s, k) => {
    if (s.minTasks > s.maxTasks) {
      issues.push({
        path: `${at}.schedules[${k}].minTasks`,
        message: `min tasks ${s.minTasks} is greater than max tasks ${s.maxTasks}`,
      });
    }
  });
  scaling.steps.forEach((s, k) => {
    const above = s.cpuAbovePercent !== undefined;
    const below = s.cpuBelowPercent !== undefined;
    if (above === below) {
      issues.push({
        path: `${at}.steps[${k}]`,
        message: 'a step needs exactly one of cpuAbovePercent or cpuBelowPercent',
      });
    } else if (above && s.change < 0) {
      issues.push({ path: `${at}.steps[${k}].change`, message: 'a step above a threshold must add tasks' });
    } else if (below && s.change > 0) {
      issues.push({ path: `${at}.steps[${k}].change`, message: 'a step below a threshold must remove tasks' });
    }
  });
  return issues;
}

const scaling: Rule = (p) => [
  ...scalingIssues(p.defaultScaling, 'defaultScaling'),
  ...p.services.flatMap((s, i) => scalingIssues(s.scaling, `services[${i}].scaling`)),
];

const environments: Rule = (p) =>
  duplicates(p.environments, (e) => e.name).map((d) => ({
    path: `environments[${d.index}].name`,
    message: `duplicate environment "${d.key}"`,
  }));

/**
 * A release strategy each service can actually run: a traffic shift needs a load balancer target to
 * shift (a worker with none is released rolling), CodeDeploy shifts a network load balancer's
 * traffic only all at once (ECS's own controller weights NLB target groups too), CodeDeploy moves a
 * whole listener (so not a service routed by path on a shared one), and CodeDeploy's traffic
 * routing counts whole percents and whole minutes.
 */
const deployment: Rule = (p) =>
  p.services.flatMap((s, i) => {
    const d = deploymentOf(p, s);
    if (d.strategy === 'rolling') return [];
    const own = s.deployment !== undefined;
    const at = (field: string) => (own ? `services[${i}].deployment.${field}` : `deployment.${field}`);
    const fix = own ? '' : `; give services[${i}].deployment its own strategy`;
    const lb = loadBalancerTargetsOf(p, s);
    if (!lb.alb && !lb.nlb) {
      return [
        {
          path: at('strategy'),
          message: `${s.name} is in no load balancer's targets, so there is no traffic to shift: "${d.strategy}" needs one (release it "rolling")${fix}`,
        },
      ];
    }
    const issues: DefinitionIssue[] = [];
    if (!lb.alb && d.controller === 'codedeploy' && d.strategy !== 'blue-green') {
      issues.push({
        path: at('strategy'),
        message: `${s.name} is behind a network load balancer only, which CodeDeploy shifts all at once: use "blue-green" or the "ecs" controller${fix}`,
      });
    }
    if (d.controller === 'codedeploy' && lb.alb && s.routes.length > 0) {
      issues.push({
        path: at('controller'),
        message: `${s.name} is routed by path (${s.routes.join(', ')}) on a shared ALB listener, and CodeDeploy shifts a listener's default action, never a rule: use the "ecs" controller${fix}`,
      });
    }
    if (d.controller === 'codedeploy' && d.strategy !== 'blue-green') {
      const pct = d.strategy === 'canary' ? d.percent : d.stepPercent;
      const field = d.strategy === 'canary' ? 'percent' : 'stepPercent';
      if (!Number.isInteger(pct)) {
        issues.push({ path: at(field), message: 'CodeDeploy traffic routing shifts whole percents' });
      }
      if (d.stepBakeMinutes < 1) {
        issues.push({
          path: at('stepBakeMinutes'),
          message: 'CodeDeploy traffic routing waits at least a minute per step',
        });
      }
    }
    return issues;
  });

const staffGroups: Rule = (p) => {
  const pool = p.gateways.primary?.authentication.userPool;
  if (!pool) return [];
  return pool.staffGroups.flatMap((g, i) =>
    pool.groups.includes(g)
      ? []
      : [
          {
            path: `gateways.primary.authentication.userPool.staffGroups[${i}]`,
            message: `staff group "${g}" is not one of the pool's groups (${pool.groups.join(', ')})`,
          },
        ],
  );
};

const tracingEnvironments: Rule = (p) =>
  Object.keys(p.observability.tracing.environments)
    .filter((env) => !p.environments.some((e) => e.name === env))
    .map((env) => ({
      path: `observability.tracing.environments.${env}`,
      message: `no environment "${env}" (environments: ${p.environments.map((e) => e.name).join(', ')})`,
    }));

export const RULES: readonly Rule[] = [
  uniqueServiceNames,
  fargateSizes,
  taskRanges,
  clustersExist,
  uniqueServiceRoutes,
  callsAndTargets,
  primaryGatewayRoutes,
  externalGatewayRoutes,
  dataStores,
  permissionTargets,
  scaling,
  environments,
  tracingEnvironments,
  deployment,
  staffGroups,
];
