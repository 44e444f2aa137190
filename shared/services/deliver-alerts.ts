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
    await markAlertedWithRetry(deps, article.id);
  } catch (error) {
    // The claim lapses after the lease and the next sweep tries again.
    report.failed.push({ id: article.id, error: (error as Error).message });
  }
  return report;
}

/**
 * Once an alert went out, failing to record it would send it again after the lease: try a few times
 * before giving up (and then the error says so).
 */
async function markAlertedWithRetry(deps: DeliverDeps, id: string, attempts = 4): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.articles.markAlerted(id, deps.clock.now().toISOString());
      return;
    } catch (error) {
      if (attempt >= attempts) {
        throw new Error(`alert sent but not recorded (it may be sent again): ${(error as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    }
  }
}

/**
 * Sweeps articles stored but not yet alerted, oldest first. `deadline` (epoch ms) stops it in time
 * for a Lambda to finish cleanly: an invocation killed between publishing and recording would
 * alert the same article again.
 */
export async function deliverPendingAlerts(
  deps: DeliverDeps,
  limit = 500,
  deadline = Number.POSITIVE_INFINITY,
): Promise<DeliveryReport> {
  const report = emptyDeliveryReport();
  const pending = await deps.articles.listUnalerted(limit);
  for (const article of pending) {
    if (Date.now() >= deadline) break;
    await alertArticle(deps, article, report);
  }
  return report;
}
