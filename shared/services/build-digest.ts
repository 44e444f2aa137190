import { formatDigest } from '../domain/alerts/format-alert';
import type { Article } from '../domain/types';
import type { AlertPublisher, ArticleStore } from '../ports';

/** A day with more articles than this for one topic is digested from its newest ones. */
const MAX_READ_PER_DAY = 2000;

export interface DigestReport {
  day: string;
  sent: { topic: string; articles: number }[];
  /** Topics whose digest for the day went out already. */
  skipped: string[];
}

/** One digest per topic for a UTC day (yyyy-mm-dd), published with kind=digest. Topics with no articles send nothing. */
export async function sendDigests(
  deps: { articles: ArticleStore; publisher: AlertPublisher },
  topics: readonly string[],
  day: string,
  maxPerTopic = 50,
): Promise<DigestReport> {
  const report: DigestReport = { day, sent: [], skipped: [] };
  for (const topic of topics) {
    const articles: Article[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.articles.query({
        topic,
        since: `${day}T00:00:00.000Z`,
        until: `${day}T23:59:59.999Z`,
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      articles.push(...page.articles);
      cursor = page.next;
      // The best of the day are chosen from all of it (up to a bound), not from the newest page.
    } while (cursor && articles.length < MAX_READ_PER_DAY);
    if (articles.length === 0) continue;
    const ranked = articles
      .sort((a, b) => (b.scores[topic] ?? 0) - (a.scores[topic] ?? 0))
      .slice(0, maxPerTopic);
    // Once per day and topic, even when a retried invocation runs again.
    const marker = `DIGEST#${day}#${topic}`;
    if (!(await deps.articles.claimOnce(marker, new Date().toISOString()))) {
      report.skipped.push(topic);
      continue;
    }
    try {
      await deps.publisher.publish(formatDigest(topic, day, ranked));
    } catch (error) {
      await deps.articles.releaseClaim(marker);
      throw error;
    }
    report.sent.push({ topic, articles: ranked.length });
  }
  return report;
}

/** The UTC day before `now`: what a morning digest covers. */
export function previousDay(now: Date): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}
