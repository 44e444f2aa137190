/**
 * One local cycle: ingest every due feed, then deliver the alerts of everything stored but not yet
 * alerted (this run's articles and any a crashed run left behind).
 */
import type { FeedConfig, FeedState } from '../domain/types';
import type { AlertPublisher, ArticleStore, Clock, FeedStore } from '../ports';
import { type DeliveryReport, deliverPendingAlerts } from './deliver-alerts';
import { type FeedReport, type IngestDeps, ingestFeeds } from './ingest-feed';

export interface CycleDeps extends IngestDeps {
  articles: ArticleStore;
  feeds: FeedStore;
  publisher: AlertPublisher;
  clock: Clock;
}

export interface CycleReport {
  feeds: FeedReport[];
  notDue: number;
  delivery: DeliveryReport;
}

/** Adds configured feeds the store does not know yet, keeping the fetch state of known ones. */
export async function syncConfiguredFeeds(
  feeds: FeedStore,
  configured: readonly FeedConfig[],
): Promise<void> {
  const known = new Map((await feeds.list()).map((f) => [f.feedId, f]));
  for (const feed of configured) {
    const current = known.get(feed.id);
    const enabled = feed.enabled ?? true;
    if (
      current &&
      current.url === feed.url &&
      current.name === feed.name &&
      (current.enabled ?? true) === enabled
    ) {
      continue;
    }
    // A new address starts afresh: old validators, moves and backoff belong to the old one.
    const keep = current && current.url === feed.url ? current : undefined;
    await feeds.put({
      ...(keep ?? { consecutiveFailures: 0, itemsSeen: current?.itemsSeen ?? 0 }),
      feedId: feed.id,
      url: feed.url,
      ...(feed.name ? { name: feed.name } : {}),
      enabled,
    } as FeedState);
  }
}

export function isDue(feed: FeedState, now: Date): boolean {
  return !feed.nextDueAt || Date.parse(feed.nextDueAt) <= now.getTime();
}

export async function runCycle(deps: CycleDeps, options: { force?: boolean } = {}): Promise<CycleReport> {
  const now = deps.clock.now();
  const all = await deps.feeds.list();
  const active = all.filter((f) => f.enabled !== false);
  const due = options.force ? active : active.filter((f) => isDue(f, now));
  const feeds = await ingestFeeds(deps, due);
  const delivery = await deliverPendingAlerts(deps);
  return { feeds, notDue: active.length - due.length, delivery };
}
