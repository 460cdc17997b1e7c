/**
 * The primary gateway (seed 000 "Primary API Gateway - Internal Services"), from
 * `gateways.primary`: a REST API with a resource per route and the route's method, Cognito
 * authorisation where the route requires it, a private integration through the VPC link to the
 * internal ALB, stage throttling and caching keyed on the definition's headers, X-Ray tracing,
 * JSON access logs, request validation, the stage canary, gateway responses whose bodies name
 * no internals (gateway-responses.ts), and a resource policy admitting only CloudFront's origin
 * requests and calls from the VPC, over TLS (internal-api-policy.ts).
 *
 * Method-level IAM (seed 000 "IAM roles for service-to-service", "Method-level permissions"): no
 * caller could be SigV4-signed here, so no task role is granted `execute-api:Invoke`. Services call
 * each other, and the external gateway, over Service Connect (the definition's `calls`), not
 * through this API; the one caller of the API from inside the VPC is the web tier, and each of its
 * calls carries the citizen's Cognito access token in `Authorization`. A method has one
 * authorization type (COGNITO_USER_POOLS or AWS_IAM), and a SigV4 signature travels in that same
 * header, so signing those calls would drop the token the authorizer and the services verify.
 *
 * The canary (seed 000 "Canary releases (10% traffic)"): CloudFormation moves a stage's
 * `DeploymentId` at once, which would release every API change to all traffic. So when the
 * pipeline says which deployment the stage serves now (context `apiStableDeployment:<env>`, read
 * from `GetStage` before the deploy), the stage keeps serving it and the new deployment becomes the
 * canary at the definition's share; the pipeline's promotion step then moves the stage to it after
 * the smoke tests (infra/lib/pipeline/canary-promotion.ts), or a rollback sets its share to 0.
 * Deployments are retained, so the one the stage still serves is not deleted under it.
 */
import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Environment, Platform, PrimaryGateway } from '@dwp/platform';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { logRetention } from '../log-retention.ts';
import { addGatewayResponses } from './gateway-responses.ts';
import { internalApiPolicy } from './internal-api-policy.ts';
import { physicalName } from '../naming.ts';
import { COGNITO_SIGN_IN_SCOPE, type CitizenUserPool } from '../identity/citizen-user-pool.ts';

export interface InternalApiProps {
  readonly platform: Platform;
  readonly environment: Environment;
  readonly vpcLink: apigateway.IVpcLink;
  /** `http://<nlb dns>:<port>`: where the VPC link delivers to the internal ALB. */
  readonly backendUrl: string;
  /** What CloudFront's origin requests carry in `Referer` (a dynamic reference to the origin secret). */
  readonly originVerifyValue: string;
  /** `<address>/32` of each NAT gateway: how calls from inside the VPC reach the regional endpoint. */
  readonly vpcEgressCidrs: readonly string[];
  readonly userPool: CitizenUserPool;
  readonly logKey: kms.IKey;
}

/** `/claims/{proxy+}` -> the parameter name `proxy`, or undefined for a path without a greedy segment. */
export function greedyParameterOf(path: string): string | undefined {
  return /\{([A-Za-z0-9_]+)\+\}$/.exec(path)?.[1];
}

/** The caller's `Authorization` header as a method request parameter (optional: the authorizer requires it where the route does). */
export const AUTHORIZATION_PARAMETER = 'method.request.header.Authorization';

/**
 * What the proxy integration sends on to the internal ALB beyond the body and the headers API
 * Gateway passes by itself: the greedy path, and the caller's `Authorization` header named
 * explicitly, because the services verify the Cognito access token themselves (API Gateway's
 * authorizer cannot sign the platform's identity token for them).
 */
export function integrationParametersOf(path: string): Record<string, string> {
  const greedy = greedyParameterOf(path);
  return {
    'integration.request.header.Authorization': AUTHORIZATION_PARAMETER,
    ...(greedy ? { [`integration.request.path.${greedy}`]: `method.request.path.${greedy}` } : {}),
  };
}

/**
 * The stage's cache key parameters for the definition's caching: each header, each named query
 * parameter when the query counts (REST API caches key only on named ones), and the greedy path.
 */
export function cacheKeyParametersOf(gateway: PrimaryGateway, path: string): string[] {
  const greedy = greedyParameterOf(path);
  const { keyHeaders, keyQueryString, keyQueryParameters } = gateway.caching;
  return [
    ...keyHeaders.map((h) => `method.request.header.${h}`),
    ...(keyQueryString ? keyQueryParameters.map((q) => `method.request.querystring.${q}`) : []),
    ...(greedy ? [`method.request.path.${greedy}`] : []),
  ];
}

/** The context key naming the deployment an environment's stage serves now (an API Gateway deployment id). */
export function stableDeploymentContextKey(environment: Environment): string {
  return `apiStableDeployment:${environment.name}`;
}

function stableDeploymentOf(scope: Construct, environment: Environment): string | undefined {
  const key = stableDeploymentContextKey(environment);
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^[a-z0-9]{1,32}$/.test(value))
    throw new TypeError(`context "${key}" must be an API Gateway deployment id (lower-case letters and digits)`);
  return value;
}

export class InternalApi extends Construct {
  readonly api: apigateway.RestApi;
  readonly gateway: PrimaryGateway;

  constructor(scope: Construct, id: string, props: InternalApiProps) {
    super(scope, id);
    const gateway = props.platform.gateways.primary;
    if (!gateway) throw new Error('InternalApi: the definition has no gateways.primary');
    this.gateway = gateway;
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logRetention(props.platform),
      encryptionKey: props.logKey,
    });

    const policy = internalApiPolicy({
      gateway,
      originVerifyValue: props.originVerifyValue,
      vpcEgressCidrs: props.vpcEgressCidrs,
    });
    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: physicalName(props.environment, gateway.name),
      policy,
      description: `${props.platform.name} primary gateway: one resource per service route`,
      endpointTypes: [apigateway.EndpointType[gateway.type]],
      cloudWatchRole: true,
      retainDeployments: gateway.canary !== undefined,
      deployOptions: {
        stageName: gateway.stage,
        throttlingRateLimit: gateway.throttling.rateLimit,
        throttlingBurstLimit: gateway.throttling.burstLimit,
        cacheClusterEnabled: gateway.caching.enabled,
        cacheClusterSize: '0.5',
        cachingEnabled: gateway.caching.enabled,
        cacheTtl: Duration.seconds(gateway.caching.ttlSeconds),
        cacheDataEncrypted: true,
        tracingEnabled: props.platform.observability.tracing.enabled,
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        metricsEnabled: true,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
      },
    });
    NagSuppressions.addResourceSuppressions(
      this.api,
      [
        {
          id: 'AwsSolutions-IAM4',
          reason:
            "API Gateway's account-level logging role uses the AWS-managed AmazonAPIGatewayPushToCloudWatchLogs policy, as AWS documents for execution logging.",
          appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'],
        },
      ],
      true,
    );
    if (gateway.canary) {
      const stage = this.api.deploymentStage.node.defaultChild as apigateway.CfnStage;
      const stable = stableDeploymentOf(this, props.environment);
      const latest = this.api.latestDeployment;
      if (stable !== undefined && latest) {
        stage.deploymentId = stable;
        stage.canarySetting = {
          deploymentId: latest.deploymentId,
          percentTraffic: gateway.canary.percentTraffic,
          useStageCache: true,
        };
      } else {
        // A first deploy (or a synth off the pipeline): nothing serves yet, so the stage takes it all.
        stage.canarySetting = { percentTraffic: gateway.canary.percentTraffic, useStageCache: true };
      }
    }

    addGatewayResponses(this.api);
    // A changed resource policy takes effect only with a new deployment (API Gateway guide,
    // "Create and attach an API Gateway resource policy to an API"); CDK hashes only the methods.
    this.api.latestDeployment?.addToLogicalId({ policy });

    NagSuppressions.addResourceSuppressions(this.api.deploymentStage, [
      {
        id: 'NIST.800.53.R5-APIGWSSLEnabled',
        reason:
          'The backend is a private VPC-link integration to an internal NLB, not a public HTTP endpoint; API Gateway client certificates only authenticate to public HTTPS backends.',
      },
    ]);
    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [props.userPool.userPool],
    });
    const validator = this.api.addRequestValidator('Parameters', {
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    for (const route of gateway.routes) {
      const resource = this.api.root.resourceForPath(route.path);
      const greedy = greedyParameterOf(route.path);
      const backendPath = greedy ? route.path.replace(`{${greedy}+}`, `{${greedy}}`) : route.path;
      const keyParameters = cacheKeyParametersOf(gateway, route.path);
      const requestParameters = {
        ...Object.fromEntries(keyParameters.map((p) => [p, p.includes('.path.')])),
        [AUTHORIZATION_PARAMETER]: false,
      };
      resource.addMethod(
        route.method,
        new apigateway.Integration({
          type: apigateway.IntegrationType.HTTP_PROXY,
          integrationHttpMethod: route.method,
          uri: `${props.backendUrl}${backendPath}`,
          options: {
            connectionType: apigateway.ConnectionType.VPC_LINK,
            vpcLink: props.vpcLink,
            cacheKeyParameters: keyParameters,
            requestParameters: integrationParametersOf(route.path),
          },
        }),
        {
          requestParameters,
          requestValidator: validator,
          ...(route.auth === 'required'
            ? // The access token identity-api hands out carries the sign-in scope; naming it makes the
              // authorizer take access tokens, which is what the services verify again themselves.
              {
                authorizer,
                authorizationType: apigateway.AuthorizationType.COGNITO,
                authorizationScopes: [COGNITO_SIGN_IN_SCOPE],
              }
            : { authorizationType: apigateway.AuthorizationType.NONE }),
        },
      );
      if (route.auth === 'none') {
        NagSuppressions.addResourceSuppressions(
          resource,
          [
            {
              id: 'AwsSolutions-APIG4',
              reason: `The definition marks ${route.method} ${route.path} auth "none": a health probe that returns no citizen data.`,
            },
            {
              id: 'AwsSolutions-COG4',
              reason: `${route.method} ${route.path} is a public health probe by the definition (auth "none").`,
            },
          ],
          true,
        );
      }
    }
  }

  /** The stage ARN, for the regional WAF association. */
  get stageArn(): string {
    return this.api.deploymentStage.stageArn;
  }
}
