import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientOptions {
  /** Set for the embedded store (dynalite on loopback); unset in AWS. */
  endpoint?: string;
  region?: string;
}

/**
 * One document client per process. Retries are set explicitly (the SDK's adaptive mode backs off on
 * throttling) so behaviour does not change with SDK defaults.
 */
export function createDocumentClient(options: DynamoClientOptions = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...(options.endpoint
      ? {
          endpoint: options.endpoint,
          // The embedded server checks no signature, but the SDK insists on credentials.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    maxAttempts: 5,
    retryMode: 'adaptive',
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
