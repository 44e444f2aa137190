/**
 * Every 15 minutes: make sure the configured feeds exist, then put one message per due feed on the
 * fetch queue. The ingest function does the rest, one feed per message.
 */

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { feedHealth } from '../../shared/domain/feed/health';
import type { FeedConfig } from '../../shared/domain/types';
import { type Clock, type FeedStore, systemClock } from '../../shared/ports';
import { isDue, syncConfiguredFeeds } from '../../shared/services/run-cycle';
import { logger, metrics, sqsClient, stores } from '../commons/clients';
import { requireEnv } from '../commons/env';

export interface ScheduleDeps {
  feeds: FeedStore;
  sqs: Pick<SQSClient, 'send'>;
  queueUrl: string;
  configuredFeeds: FeedConfig[];
  clock: Clock;
}

const feedsConfig = z.array(z.object({ id: z.string(), url: z.string().url(), name: z.string().optional() }));

export function parseFeedsConfig(raw: string | undefined): FeedConfig[] {
  if (!raw) return [];
  const parsed = feedsConfig.safeParse(JSON.parse(raw));
  if (!parsed.success)
    throw new Error(`FEEDS_CONFIG is not a list of {id, url, name?}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export function createHandler(deps: ScheduleDeps) {
  return async (): Promise<{ enqueued: number; notDue: number }> => {
    await syncConfiguredFeeds(deps.feeds, deps.configuredFeeds);
    const now = deps.clock.now();
    const all = await deps.feeds.list();
    const due = all.filter((f) => f.enabled !== false && isDue(f, now));
    for (let i = 0; i < due.length; i += 10) {
      const batch = due.slice(i, i + 10);
      const result = await deps.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: deps.queueUrl,
          Entries: batch.map((f, j) => ({
            Id: String(j),
            MessageBody: JSON.stringify({ feedId: f.feedId }),
          })),
        }),
      );
      for (const failed of result.Failed ?? []) {
        logger.error('could not enqueue a feed; it is tried again next tick', {
          feedId: batch[Number(failed.Id)]?.feedId,
          reason: failed.Message,
        });
      }
    }
    const health = all.map((f) => ({ feedId: f.feedId, health: feedHealth(f, now) }));
    const failing = health.filter((h) => h.health === 'failing');
    const silent = health.filter((h) => h.health === 'silent');
    // Alarms watch these: a feed failing again and again, or silent far longer than it usually is.
    metrics.addMetric('FeedsFailing', MetricUnit.Count, failing.length);
    metrics.addMetric('FeedsSilent', MetricUnit.Count, silent.length);
    metrics.addMetric('FeedsEnqueued', MetricUnit.Count, due.length);
    metrics.publishStoredMetrics();
    logger.info('feeds enqueued', {
      enqueued: due.length,
      notDue: all.length - due.length,
      failing: failing.map((h) => h.feedId),
      silent: silent.map((h) => h.feedId),
    });
    return { enqueued: due.length, notDue: all.length - due.length };
  };
}

function defaultDeps(): ScheduleDeps {
  const env = requireEnv(['TABLE_NAME', 'FETCH_QUEUE_URL']);
  return {
    feeds: stores(env.TABLE_NAME).feeds,
    sqs: sqsClient(),
    queueUrl: env.FETCH_QUEUE_URL,
    configuredFeeds: parseFeedsConfig(process.env.FEEDS_CONFIG),
    clock: systemClock,
  };
}

let cached: ReturnType<typeof createHandler> | undefined;
export const handler = () => {
  cached ??= createHandler(defaultDeps());
  return cached();
};
