/**
 * The external gateway's API (seed 000 "External API Gateway - Government APIs"), from
 * `gateways.external`: a REST API in front of the external gateway service with a resource per
 * upstream route and only its methods, API keys required, a usage plan with a key per calling
 * service, and each route's rate limit as a per-method throttle.
 */
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Environment, ExternalGateway, ExternalRoute, Platform } from '@dwp/platform';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { logRetention } from '../log-retention.ts';
import { pascal, physicalName } from '../naming.ts';
import { greedyParameterOf } from './internal-api.ts';

/** A route's "N requests per S seconds" as API Gateway's per-second rate and a burst of one second's worth. */
export function throttleOf(route: ExternalRoute): { rateLimit: number; burstLimit: number } {
  const rateLimit = route.rateLimit.requests / route.rateLimit.perSeconds;
  return { rateLimit, burstLimit: Math.max(1, Math.ceil(rateLimit)) };
}

export interface ExternalApiProps {
  readonly platform: Platform;
  readonly environment: Environment;
  readonly vpcLink: apigateway.IVpcLink;
  /** `http://<nlb dns>:<port>`: where the VPC link delivers to the external gateway service. */
  readonly backendUrl: string;
  readonly logKey: kms.IKey;
}

export class ExternalApi extends Construct {
  readonly api: apigateway.RestApi;
  readonly usagePlan: apigateway.UsagePlan;
  readonly gateway: ExternalGateway;

  constructor(scope: Construct, id: string, props: ExternalApiProps) {
    super(scope, id);
    const gateway = props.platform.gateways.external;
    if (!gateway) throw new Error('ExternalApi: the definition has no gateways.external');
    this.gateway = gateway;
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logRetention(props.platform),
      encryptionKey: props.logKey,
    });
    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: physicalName(props.environment, gateway.name),
      description: `${props.platform.name} external gateway: government APIs behind ${gateway.service}`,
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      cloudWatchRole: false,
      apiKeySourceType: apigateway.ApiKeySourceType.HEADER,
      deployOptions: {
        stageName: 'prod',
        tracingEnabled: props.platform.observability.tracing.enabled,
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        metricsEnabled: true,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        methodOptions: Object.fromEntries(
          gateway.routes.flatMap((r) =>
            r.methods.map((m) => {
              const t = throttleOf(r);
              return [
                `${r.path}/${m}`,
                { throttlingRateLimit: t.rateLimit, throttlingBurstLimit: t.burstLimit },
              ] as const;
            }),
          ),
        ),
      },
    });
    NagSuppressions.addResourceSuppressions(this.api.deploymentStage, [
      {
        id: 'NIST.800.53.R5-APIGWSSLEnabled',
        reason:
          'The backend is a private VPC-link integration to an internal NLB, not a public HTTP endpoint; API Gateway client certificates only authenticate to public HTTPS backends.',
      },
      {
        id: 'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
        reason:
          "Government API answers are per caller and per request (eligibility, identity, NHS data); caching them at the gateway would serve one caller's data to another.",
      },
    ]);
    const validator = this.api.addRequestValidator('Parameters', {
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    const methods: Array<{ route: ExternalRoute; method: apigateway.Method }> = [];
    for (const route of gateway.routes) {
      const resource = this.api.root.resourceForPath(route.path);
      const greedy = greedyParameterOf(route.path);
      const backendPath = greedy ? route.path.replace(`{${greedy}+}`, `{${greedy}}`) : route.path;
      for (const m of route.methods) {
        const method = resource.addMethod(
          m,
          new apigateway.Integration({
            type: apigateway.IntegrationType.HTTP_PROXY,
            integrationHttpMethod: m,
            uri: `${props.backendUrl}${backendPath}`,
            options: {
              connectionType: apigateway.ConnectionType.VPC_LINK,
              vpcLink: props.vpcLink,
              requestParameters: greedy
                ? { [`integration.request.path.${greedy}`]: `method.request.path.${greedy}` }
                : {},
            },
          }),
          {
            apiKeyRequired: true,
            requestValidator: validator,
            requestParameters: greedy ? { [`method.request.path.${greedy}`]: true } : {},
          },
        );
        methods.push({ route, method });
      }
      NagSuppressions.addResourceSuppressions(
        resource,
        [
          {
            id: 'AwsSolutions-APIG4',
            reason:
              'Callers are platform services identified by API key per usage plan (seed 000 "API Keys for rate limiting"); upstream OAuth/mTLS/SAML is done by the external gateway service.',
          },
          {
            id: 'AwsSolutions-COG4',
            reason: 'Machine-to-machine API: no citizen user pool; callers present API keys.',
          },
        ],
        true,
      );
    }

    this.usagePlan = this.api.addUsagePlan('UsagePlan', {
      name: physicalName(props.environment, `${gateway.name}-services`),
      description: 'Platform services calling government APIs: per-route throttles from the definition',
      apiStages: [
        {
          api: this.api,
          stage: this.api.deploymentStage,
          throttle: methods.map(({ route, method }) => ({ method, throttle: throttleOf(route) })),
        },
      ],
    });
    const callers = [...new Set(gateway.routes.flatMap((r) => r.callers))].sort();
    for (const caller of callers) {
      const key = this.api.addApiKey(pascal(caller, 'key'), {
        apiKeyName: physicalName(props.environment, `${gateway.name}-${caller}`),
        description: `API key of ${caller}`,
      });
      this.usagePlan.addApiKey(key);
    }
  }

  get stageArn(): string {
    return this.api.deploymentStage.stageArn;
  }
}
