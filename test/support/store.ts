import { DynamoArticleStore } from '../../shared/adapters/dynamodb/article-store';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client';
import { startEmbeddedStore } from '../../shared/adapters/dynamodb/embedded-server';
import { DynamoFeedStore } from '../../shared/adapters/dynamodb/feed-store';
import { DynamoSubscriptions } from '../../shared/adapters/dynamodb/subscription-store';

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
