/**
 * A DynamoDB client for the service's own tables. `DYNAMODB_ENDPOINT` points it at a local
 * DynamoDB-API server (dynalite); unset, the SDK talks to AWS with the task role's credentials.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ENV, dataStoreEnvName } from '@dwp/platform';
import type { DependencyCheck } from '../health.ts';

export interface DynamoStore {
  readonly client: DynamoDBClient;
  /** Physical table name of a store named in the definition. */
  tableName(store: string): string;
  readonly check: DependencyCheck;
  close(): void;
}

export function openDynamo(env: NodeJS.ProcessEnv, stores: readonly string[]): DynamoStore {
  const endpoint = env[ENV.dynamodbEndpoint];
  const client = new DynamoDBClient({
    region: env.AWS_REGION ?? 'eu-west-2',
    ...(endpoint ? { endpoint } : {}),
    // A local stand-in accepts any credentials; real ones come from the task role on AWS.
    ...(endpoint && !env.AWS_ACCESS_KEY_ID ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 3,
  });
  const tableName = (store: string): string => {
    const variable = dataStoreEnvName({ kind: 'dynamodb', name: store })!;
    const value = env[variable];
    if (!value) throw new TypeError(`DynamoDB table for "${store}" is not configured: set ${variable}`);
    return value;
  };
  const names = stores.map(tableName);
  return {
    client,
    tableName,
    check: {
      name: 'dynamodb',
      check: async () => {
        for (const TableName of names) {
          const out = await client.send(new DescribeTableCommand({ TableName }));
          if (out.Table?.TableStatus !== 'ACTIVE')
            throw new Error(`table ${TableName} is ${out.Table?.TableStatus ?? 'missing'}`);
        }
      },
    },
    close: () => {
      client.destroy();
    },
  };
}
