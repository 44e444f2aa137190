import { DynamoArticleStore } from '../../shared/adapters/dynamodb/article-store';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client';
import { startEmbeddedStore } from '../../shared/adapters/dynamodb/embedded-server';
import { DynamoFeedStore } from '../../shared/adapters/dynamodb/feed-store';
import { DynamoSubscriptions } from '../../shared/adapters/dynamodb/subscription-store';
import { parseFeed } from '../../shared/domain/feed/parse-feed';
import { createTagger, type Tagger } from '../../shared/domain/tagging';
import type { ArticleStore, Clock, FeedFetcher } from '../../shared/ports';
import type { IngestDeps } from '../../shared/services/ingest-feed';

/** A real DynamoDB-compatible server (dynalite, in memory) for one test file. */
export async function startTestStore() {
  const server = await startEmbeddedStore();
  const client = createDocumentClient({ endpoint: server.endpoint });
  return {
    server,
    client,
    articles: new DynamoArticleStore(client, server.tableName),
    feeds: new DynamoFeedStore(client, server.tableName),
    subscriptions: new DynamoSubscriptions(client, server.tableName),
    async close() {
      client.destroy();
      await server.close();
    },
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = '2026-11-28T08:00:00.000Z') {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  };
}

/** Ingest dependencies over a test store: the real parser and tagger, the fetcher and clock a test picks. */
export function ingestDeps(
  store: { articles: ArticleStore; feeds: DynamoFeedStore },
  fetcher: FeedFetcher,
  clock: Clock,
  articles: ArticleStore = store.articles,
): IngestDeps {
  return {
    fetcher,
    articles,
    feeds: store.feeds,
    tagger: sharedTagger(),
    clock,
    parse: (text, options) => parseFeed(text, options),
  };
}

let tagger: Tagger | undefined;
function sharedTagger(): Tagger {
  tagger ??= createTagger();
  return tagger;
}
