/**
 * Ingest one feed: conditional GET → decode → parse → normalise → dedupe → tag → store.
 * One bad item never rejects the feed; one bad feed never stops the others (see `ingestFeeds`).
 */
import { similarity } from '../domain/feed/normalise';
import { nextFetchPlan } from '../domain/feed/schedule';
import type { Tagger } from '../domain/tagging';
import type { Article, FeedState, ParsedFeed } from '../domain/types';
import type { ArticleStore, Clock, FeedFetcher, FeedStore, FingerprintHolder } from '../ports';
import { buildArticle, estimateItemsPerDay } from './build-article';

export interface IngestDeps {
  fetcher: FeedFetcher;
  articles: ArticleStore;
  feeds: FeedStore;
  tagger: Tagger;
  clock: Clock;
  parse: (text: string, options: { baseUrl: string }) => Promise<ParsedFeed>;
  /** Near-duplicate threshold on `similarity` (0..1). */
  duplicateThreshold?: number;
}

export interface FeedReport {
  feedId: string;
  url: string;
  status: 'ok' | 'not-modified' | 'error';
  items: number;
  created: number;
  duplicates: number;
  known: number;
  itemErrors: string[];
  error?: string;
  nextDueAt?: string;
  createdIds: string[];
}

function emptyReport(feed: FeedState, status: FeedReport['status']): FeedReport {
  return {
    feedId: feed.feedId,
    url: feed.permanentUrl ?? feed.url,
    status,
    items: 0,
    created: 0,
    duplicates: 0,
    known: 0,
    itemErrors: [],
    createdIds: [],
  };
}

export async function ingestFeed(deps: IngestDeps, feed: FeedState): Promise<FeedReport> {
  const now = deps.clock.now();
  const report = emptyReport(feed, 'ok');
  const outcome = await deps.fetcher.fetch({
    url: report.url,
    ...(feed.etag ? { etag: feed.etag } : {}),
    ...(feed.lastModified ? { lastModified: feed.lastModified } : {}),
  });
  const next: FeedState = { ...feed, lastFetchAt: now.toISOString() };

  if (outcome.status === 'error') {
    report.status = 'error';
    report.error = outcome.message;
    next.lastError = `${now.toISOString()} ${outcome.message}`;
  } else if (outcome.status === 'not-modified') {
    // A 304 costs no parse and no article write.
    report.status = 'not-modified';
    next.lastSuccessAt = now.toISOString();
  } else {
    try {
      const parsed = await deps.parse(outcome.body, { baseUrl: outcome.url });
      const unstored = await storeItems(deps, feed, parsed, now, report);
      next.lastSuccessAt = now.toISOString();
      delete next.lastError;
      if (unstored > 0) {
        // Items we could not store must come again: keep the old validators so the next poll is a
        // full fetch (known items cost one batched read), not a 304 that would lose them for good.
        next.lastError = `${now.toISOString()} ${unstored} item(s) could not be stored; they are retried next poll`;
      } else {
        if (outcome.etag) next.etag = outcome.etag;
        else delete next.etag;
        if (outcome.lastModified) next.lastModified = outcome.lastModified;
        else delete next.lastModified;
      }
      recordMove(next, outcome.permanentUrl);
      const perDay = estimateItemsPerDay(parsed.items.map((i) => i.published));
      if (perDay !== undefined) next.itemsPerDay = perDay;
      next.itemsSeen = (feed.itemsSeen ?? 0) + report.created;
      if (report.created > 0) next.lastNewItemAt = now.toISOString();
    } catch (error) {
      report.status = 'error';
      report.error = `could not read the feed: ${(error as Error).message}`;
      next.lastError = `${now.toISOString()} ${report.error}`;
    }
  }
  const failed = report.status === 'error';
  const plan = nextFetchPlan(
    { ...next, consecutiveFailures: feed.consecutiveFailures ?? 0 },
    failed && outcome.status !== 'error'
      ? { status: 'error', url: report.url, code: 'parse', message: report.error ?? 'parse error' }
      : outcome,
    now,
  );
  next.consecutiveFailures = plan.consecutiveFailures;
  next.nextDueAt = plan.nextDueAt;
  report.nextDueAt = plan.nextDueAt;
  await deps.feeds.put(next);
  return report;
}

/** Stores the feed's new items; returns how many could not be stored (to be fetched again). */
async function storeItems(
  deps: IngestDeps,
  feed: FeedState,
  parsed: ParsedFeed,
  now: Date,
  report: FeedReport,
): Promise<number> {
  const candidates: Article[] = [];
  parsed.items.forEach((item, index) => {
    try {
      const article = buildArticle(item, {
        feed,
        feedTitle: parsed.title,
        fetchedAt: now,
        tagger: deps.tagger,
      });
      if (article) candidates.push(article);
      else report.itemErrors.push(`item ${index + 1}: no link, id or title; skipped`);
    } catch (error) {
      report.itemErrors.push(`item ${index + 1}: ${(error as Error).message}`);
    }
  });
  for (const skipped of parsed.skipped ?? [])
    report.itemErrors.push(`item ${skipped.index + 1}: ${skipped.reason}`);
  report.items = parsed.items.length;

  // One batched read tells which items are known; an unchanged feed then costs no write at all.
  const known = await deps.articles.existing(candidates.map((a) => a.id));
  const seen = new Set<string>();
  let unstored = 0;
  for (const article of candidates) {
    if (known.has(article.id) || seen.has(article.id)) {
      report.known++;
      continue;
    }
    seen.add(article.id);
    const fingerprints = fingerprintsOf(article);
    let claimed = false;
    try {
      const holder: FingerprintHolder = {
        id: article.id,
        title: article.title,
        sample: article.text.slice(0, 3000),
      };
      // A story already stored from another feed: keep one copy and record the second source.
      let duplicateOf = findDuplicate(deps, holder, await deps.articles.findByFingerprints(fingerprints));
      if (duplicateOf && !(await deps.articles.addSource(duplicateOf, feed.feedId))) {
        // The holder's claim outlived a failed store: drop it and keep this copy instead.
        await deps.articles.releaseFingerprints(duplicateOf, fingerprints);
        duplicateOf = undefined;
      }
      if (!duplicateOf) {
        // Claim first, so that two feeds carrying the same story at the same moment see each other.
        claimed = true;
        duplicateOf = findDuplicate(
          deps,
          holder,
          await deps.articles.claimFingerprints(holder, fingerprints),
        );
        if (duplicateOf) {
          await deps.articles.releaseFingerprints(article.id, fingerprints);
          claimed = false;
          await deps.articles.addSource(duplicateOf, feed.feedId);
        }
      }
      if (duplicateOf) {
        report.duplicates++;
        continue;
      }
      const result = await deps.articles.putIfNew(article);
      if (result === 'created') {
        report.created++;
        report.createdIds.push(article.id);
      } else {
        report.known++;
      }
    } catch (error) {
      unstored++;
      report.itemErrors.push(`"${article.title.slice(0, 60)}": ${(error as Error).message}`);
      // A claim for an article that was never stored would make its copies in other feeds vanish.
      if (claimed) await deps.articles.releaseFingerprints(article.id, fingerprints).catch(() => undefined);
    }
  }
  return unstored;
}

function fingerprintsOf(article: Article): string[] {
  return article.fingerprint.split(' ').filter(Boolean);
}

function findDuplicate(
  deps: IngestDeps,
  article: FingerprintHolder,
  holders: readonly FingerprintHolder[],
): string | undefined {
  for (const other of holders) {
    if (other.id === article.id) continue;
    const score = similarity(
      { title: article.title, text: article.sample },
      { title: other.title, text: other.sample },
    );
    if (score >= (deps.duplicateThreshold ?? 0.8)) return other.id;
  }
  return undefined;
}

/**
 * A 301/308 is adopted only when the next fetch sees the same move: a one-off misconfiguration on the
 * server does not rewrite the operator's feed URL.
 */
function recordMove(next: FeedState, movedTo: string | undefined): void {
  if (!movedTo) {
    delete next.pendingMove;
    return;
  }
  if (next.pendingMove === movedTo) {
    next.permanentUrl = movedTo;
    delete next.pendingMove;
  } else {
    next.pendingMove = movedTo;
  }
}

/** Ingests many feeds, a few at a time; a feed that fails is reported and never stops the others. */
export async function ingestFeeds(
  deps: IngestDeps,
  feeds: FeedState[],
  concurrency = 4,
): Promise<FeedReport[]> {
  const reports: FeedReport[] = new Array(feeds.length);
  let next = 0;
  const worker = async () => {
    while (next < feeds.length) {
      const index = next++;
      const feed = feeds[index] as FeedState;
      try {
        reports[index] = await ingestFeed(deps, feed);
      } catch (error) {
        reports[index] = {
          ...emptyReport(feed, 'error'),
          error: `unexpected failure: ${(error as Error).message}`,
        };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, feeds.length) }, worker));
  return reports;
}
