/**
 * One SQS message per due feed. A feed that fails to fetch or parse is recorded in its state (backoff,
 * last error) and the message succeeds: SQS redelivery would only hammer a failing server. A message
 * fails (and is retried, then dead-lettered) only when we could not do our part, e.g. storage errors.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { HttpFeedFetcher } from '../../shared/adapters/http/http-feed-fetcher';
import { parseFeed } from '../../shared/domain/feed/parse-feed';
import { createTagger } from '../../shared/domain/tagging';
import { systemClock } from '../../shared/ports';
import { type IngestDeps, ingestFeed } from '../../shared/services/ingest-feed';
import { logger, metrics, stores } from '../commons/clients';
import { requireEnv } from '../commons/env';

export class UnknownFeedError extends Error {
  override name = 'UnknownFeedError';
}

export function parseFeedMessage(body: string): string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new Error('message body is not JSON; expected {"feedId": "..."}');
  }
  const feedId = (value as { feedId?: unknown })?.feedId;
  if (typeof feedId !== 'string' || feedId === '') throw new Error('message has no "feedId"');
  return feedId;
}

export function createHandler(deps: IngestDeps) {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord) => {
    const feedId = parseFeedMessage(record.body);
    const feed = await deps.feeds.get(feedId);
    if (!feed) {
      // Removed since it was enqueued: nothing to do, and nothing to retry.
      logger.warn('feed no longer exists; message dropped', { feedId });
      return;
    }
    const report = await ingestFeed(deps, feed);
    const { createdIds: _ids, ...summary } = report;
    if (report.status === 'error') logger.warn('feed failed', summary);
    else logger.info('feed ingested', summary);
    metrics.addMetric(report.status === 'error' ? 'FeedFetchFailed' : 'FeedFetched', MetricUnit.Count, 1);
    metrics.addMetric('ArticlesStored', MetricUnit.Count, report.created);
  };
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    try {
      return await processPartialResponse(event, handleRecord, processor, { throwOnFullBatchFailure: false });
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}

function defaultDeps(): IngestDeps {
  const env = requireEnv(['TABLE_NAME']);
  const { articles, feeds } = stores(env.TABLE_NAME);
  return {
    articles,
    feeds,
    fetcher: new HttpFeedFetcher({ allowPrivateNetwork: process.env.ALLOW_PRIVATE_NETWORK === 'true' }),
    tagger: createTagger(),
    clock: systemClock,
    parse: (text, options) => parseFeed(text, options),
  };
}

let cached: ReturnType<typeof createHandler> | undefined;
export const handler = (event: SQSEvent) => {
  cached ??= createHandler(defaultDeps());
  return cached(event);
};
