/**
 * The observability of one environment: the alarm topic, each service's alarms, an alarm on each
 * dead-letter queue and the three dashboards.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Environment, Platform } from '@dwp/platform';
import type { Construct } from 'constructs';
import { EncryptionKey } from '../encryption-key.ts';
import { pascal, physicalName } from '../naming.ts';
import { PlatformDashboards } from '../observability/platform-dashboards.ts';
import { DeadLetterAlarms } from '../observability/dead-letter-alarms.ts';
import { ServiceAlarms } from '../observability/service-alarms.ts';
import { serviceMetricsNamespace } from '../observability/service-metrics.ts';
import type { ApiStack } from './api-stack.ts';
import type { ComputeStack } from './compute-stack.ts';
import type { DataStack } from './data-stack.ts';

export interface ObservabilityStackProps extends StackProps {
  readonly platform: Platform;
  readonly environment: Environment;
  readonly compute: ComputeStack;
  readonly api: ApiStack;
  /** Its queues' dead-letter queues are alarmed. */
  readonly data: DataStack;
}

export class ObservabilityStack extends Stack {
  readonly alarmTopic: sns.Topic;
  readonly alarms: ServiceAlarms[] = [];
  readonly deadLetters: DeadLetterAlarms;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const { platform, environment, compute } = props;
    const key = new EncryptionKey(this, 'AlarmKey', {
      description: `${platform.name} ${environment.name}: alarm notifications`,
    });
    key.allowService('cloudwatch.amazonaws.com');
    this.alarmTopic = new sns.Topic(this, 'Alarms', {
      topicName: physicalName(environment, `${platform.name}-alarms`),
      masterKey: key.key,
      enforceSSL: true,
    });
    for (const [name, ms] of compute.services) {
      const targetGroup = compute.loadBalancers.targetGroups.get(name);
      const alternateTargetGroup = compute.loadBalancers.alternateTargetGroups.get(name);
      this.alarms.push(
        new ServiceAlarms(this, pascal(name, 'alarms'), {
          platform,
          serviceName: name,
          service: ms.service,
          ...(targetGroup ? { targetGroup } : {}),
          ...(alternateTargetGroup ? { alternateTargetGroup } : {}),
          topic: this.alarmTopic,
        }),
      );
    }
    this.deadLetters = new DeadLetterAlarms(this, 'DeadLetters', {
      queues: new Map([...props.data.queues].map(([name, q]) => [name, q.deadLetterQueue])),
      topic: this.alarmTopic,
    });
    new PlatformDashboards(this, 'Dashboards', {
      namePrefix: physicalName(environment, platform.name),
      internalApi: props.api.internal.api,
      ...(props.api.external
        ? { externalApi: props.api.external.api, externalGatewayService: platform.gateways.external!.service }
        : {}),
      services: new Map([...compute.services].map(([n, ms]) => [n, ms.service])),
      // The collector sidecars write the RED metrics; without tracing there are none.
      ...(platform.observability.tracing.enabled
        ? { serviceMetricsNamespace: serviceMetricsNamespace(platform, environment) }
        : {}),
    });
  }
}
