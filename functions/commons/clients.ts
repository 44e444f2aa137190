/** AWS clients and stores, built once per cold start and shared by the handlers that need them. */

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoArticleStore } from '../../shared/adapters/dynamodb/article-store';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client';
import { DynamoFeedStore } from '../../shared/adapters/dynamodb/feed-store';
import { SnsAlertPublisher } from '../../shared/adapters/sns-publisher';
import { ThrottledPublisher } from '../../shared/adapters/throttled-publisher';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'newsalert' });
/** Feed health and throughput as CloudWatch metrics (embedded metric format in the logs). */
export const metrics = new Metrics({ namespace: 'newsalert', serviceName: 'newsalert' });

let documentClient: ReturnType<typeof createDocumentClient> | undefined;
const retries = { maxAttempts: 5 };

export function stores(tableName: string) {
  documentClient ??= createDocumentClient();
  return {
    articles: new DynamoArticleStore(documentClient, tableName),
    feeds: new DynamoFeedStore(documentClient, tableName),
  };
}

/** Alerts leave at a few a second: each may reach every email subscriber. */
export function alertPublisher(topicArn: string) {
  return new ThrottledPublisher(new SnsAlertPublisher(new SNSClient(retries), topicArn), 3);
}

export function sqsClient() {
  return new SQSClient(retries);
}

export function snsClient() {
  return new SNSClient(retries);
}
