/**
 * The ECS infrastructure role of one compute stack's native releases (blue/green, canary, linear):
 * what ECS assumes to move traffic between a service's two target groups and to run its lifecycle
 * hooks. It holds the statements of AWS's AmazonECSInfrastructureRolePolicyForLoadBalancers, each
 * narrowed to the exact resources this stack made: register and deregister on the services' target
 * groups, modify on their production and test listener rules (ALB) and listeners (NLB), invoke on
 * their hook functions. Only the ELB Describe calls, which have no resource-level permissions, name
 * every resource.
 */
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

/** ELB reads ECS makes while it shifts; none supports resource-level permissions. */
export const ELB_DESCRIBE_ACTIONS = [
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeRules',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
];

/** What one service's release moves: its target groups and the rules or listeners forwarding to them. */
export interface ShiftedResources {
  readonly targetGroups: readonly elbv2.ITargetGroup[];
  readonly listenerRules: readonly elbv2.ApplicationListenerRule[];
  readonly listeners: readonly elbv2.INetworkListener[];
}

export class ReleaseRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      description:
        "ECS native releases: shifts traffic between each service's target groups and runs its lifecycle hooks",
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ELB_DESCRIBE_ACTIONS, resources: ['*'] }));
    NagSuppressions.addResourceSuppressions(
      this.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'elasticloadbalancing:DescribeListeners, DescribeRules, DescribeTargetGroups and DescribeTargetHealth support no resource-level permissions (AWS documents Resource "*"); every write names its target group, rule or listener.',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
  }

  /**
   * Lets ECS shift one service: elasticloadbalancing:RegisterTargets and DeregisterTargets on its
   * target groups, ModifyRule on its ALB listener rules, ModifyListener on its NLB listeners.
   */
  allowShifting(resources: ShiftedResources): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
        resources: resources.targetGroups.map((tg) => tg.targetGroupArn),
      }),
    );
    if (resources.listenerRules.length > 0)
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['elasticloadbalancing:ModifyRule'],
          resources: resources.listenerRules.map((r) => r.listenerRuleArn),
        }),
      );
    if (resources.listeners.length > 0)
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['elasticloadbalancing:ModifyListener'],
          resources: resources.listeners.map((l) => l.listenerArn),
        }),
      );
  }

  /** Lets ECS run a lifecycle hook: lambda:InvokeFunction on that function only (no version or alias). */
  allowInvoking(fn: lambda.IFunction): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
    );
  }
}
