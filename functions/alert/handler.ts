/**
 * Alerts new articles from the table's stream (INSERT of ARTICLE# items), and, when invoked by its
 * schedule, sweeps articles stored but never alerted (a crash, a throttled publish): nothing is lost,
 * and the claim/mark protocol of `alertArticle` keeps it to one alert per article.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Article } from '../../shared/domain/types';
import { systemClock } from '../../shared/ports';
import { alertArticle, type DeliverDeps, deliverPendingAlerts } from '../../shared/services/deliver-alerts';
import { alertPublisher, logger, stores } from '../commons/clients';
import { requireEnv } from '../commons/env';

export function articleFromRecord(record: DynamoDBRecord): Article {
  const image = record.dynamodb?.NewImage;
  if (!image) throw new Error('stream record has no NewImage; the stream must include new images');
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (typeof item.id !== 'string' || !Array.isArray(item.topics))
    throw new Error('stream record is not an article');
  return item as Article;
}

export function createHandler(deps: DeliverDeps) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const handleRecord = async (record: DynamoDBRecord) => {
    const article = articleFromRecord(record);
    const report = await alertArticle(deps, article);
    if (report.failed.length > 0)
      throw new Error(`alert for ${article.id} failed: ${report.failed[0]?.error}`);
  };
  return async (
    event: DynamoDBStreamEvent | Record<string, unknown>,
    context?: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<DynamoDBBatchResponse | object> => {
    if (!Array.isArray((event as DynamoDBStreamEvent).Records)) {
      // Stop 15 s before the Lambda would be cut off, so no alert is left sent but unrecorded.
      const deadline = context ? Date.now() + context.getRemainingTimeInMillis() - 15_000 : undefined;
      const report = await deliverPendingAlerts(deps, 500, deadline);
      logger.info('swept unalerted articles', { ...report, published: report.published.length });
      return { published: report.published.length, failed: report.failed.length };
    }
    return processPartialResponse(event as DynamoDBStreamEvent, handleRecord, processor, {
      throwOnFullBatchFailure: false,
    });
  };
}

function defaultDeps(): DeliverDeps {
  const env = requireEnv(['TABLE_NAME', 'ALERT_TOPIC_ARN']);
  return {
    articles: stores(env.TABLE_NAME).articles,
    publisher: alertPublisher(env.ALERT_TOPIC_ARN),
    clock: systemClock,
  };
}

let cached: ReturnType<typeof createHandler> | undefined;
export const handler = (event: DynamoDBStreamEvent | Record<string, unknown>, context?: Context) => {
  cached ??= createHandler(defaultDeps());
  return cached(event, context);
};
