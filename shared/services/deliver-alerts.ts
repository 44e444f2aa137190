/**
 * Alerts go out once per article, and are never lost: an article is claimed for a short lease,
 * published, then marked. A process that dies after storing or while holding a claim leaves the
 * article on the unalerted list, and the next sweep (or the next local run) alerts it.
 */
import { formatInstantAlert } from '../domain/alerts/format-alert';
import type { Article } from '../domain/types';
import type { AlertPublisher, ArticleStore, Clock } from '../ports';

export interface DeliverDeps {
  articles: ArticleStore;
  publisher: AlertPublisher;
  clock: Clock;
  /** How long a claim protects an alert in flight. */
  leaseMs?: number;
}

export interface DeliveryReport {
  published: string[];
  /** Stored articles that matched no topic: marked, nothing sent. */
  untagged: number;
  /** Already alerted, or claimed by another process. */
  skipped: number;
  failed: { id: string; error: string }[];
}

export const DEFAULT_LEASE_MS = 5 * 60_000;

export function emptyDeliveryReport(): DeliveryReport {
  return { published: [], untagged: 0, skipped: 0, failed: [] };
}

/** Alerts one stored article if nobody has yet. */
export async function alertArticle(deps: DeliverDeps, article: Article, report = emptyDeliveryReport()) {
  const now = deps.clock.now();
  if (!(await deps.articles.claimAlert(article.id, now, deps.leaseMs ?? DEFAULT_LEASE_MS))) {
    report.skipped++;
    return report;
  }
  try {
    if (article.topics.length > 0) {
      await deps.publisher.publish(formatInstantAlert(article));
      report.published.push(article.id);
    } else {
      report.untagged++;
    }
    await deps.articles.markAlerted(article.id, deps.clock.now().toISOString());
  } catch (error) {
    // The claim lapses after the lease and the next sweep tries again.
    report.failed.push({ id: article.id, error: (error as Error).message });
  }
  return report;
}

/** Sweeps articles stored but not yet alerted, oldest first. */
export async function deliverPendingAlerts(deps: DeliverDeps, limit = 500): Promise<DeliveryReport> {
  const report = emptyDeliveryReport();
  const pending = await deps.articles.listUnalerted(limit);
  for (const article of pending) {
    await alertArticle(deps, article, report);
  }
  return report;
}
