/**
 * Wires the local (embedded) runtime: dynalite under the data folder, the same DynamoDB adapters as
 * AWS, the HTTP fetcher, the tagger and the local outbox.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoArticleStore } from '../adapters/dynamodb/article-store';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { type EmbeddedStore, startEmbeddedStore } from '../adapters/dynamodb/embedded-server';
import { DynamoFeedStore } from '../adapters/dynamodb/feed-store';
import { DynamoSubscriptions } from '../adapters/dynamodb/subscription-store';
import { HttpFeedFetcher } from '../adapters/http/http-feed-fetcher';
import { type Delivered, LocalOutbox } from '../adapters/local-outbox';
import { ThrottledPublisher } from '../adapters/throttled-publisher';
import { parseFeed } from '../domain/feed/parse-feed';
import { createTagger, type Tagger } from '../domain/tagging';
import { type Clock, type FeedFetcher, systemClock } from '../ports';
import type { CycleDeps } from '../services/run-cycle';
import { DataDirBusyError } from './errors';

export { DataDirBusyError } from './errors';

export interface LocalRuntime extends CycleDeps {
  store: EmbeddedStore;
  client: DynamoDBDocumentClient;
  articles: DynamoArticleStore;
  feeds: DynamoFeedStore;
  subscriptions: DynamoSubscriptions;
  outbox: LocalOutbox;
  tagger: Tagger;
  fetcher: FeedFetcher;
  dataDir: string | undefined;
  close(): Promise<void>;
}

export interface LocalOptions {
  /** Folder for the store and the outbox; omit for an in-memory store (tests, benchmarks). */
  dataDir?: string;
  outboxDir?: string;
  allowPrivateNetwork?: boolean;
  onDeliver?: (delivery: Delivered) => void;
  fetcher?: FeedFetcher;
  clock?: Clock;
  /** Alerts a second leaving the outbox; the default keeps inbox floods away. */
  alertsPerSecond?: number;
}

/**
 * One process at a time per data folder (LevelDB allows no more): a lock file names the holder's pid,
 * and a lock left by a process that died is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lock = join(dataDir, 'newsalert.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lock, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new DataDirBusyError(
          `the data folder ${dataDir} is in use by another newsalert process (pid ${holder}); stop it or use another --data-dir`,
        );
      }
      rmSync(lock, { force: true });
    }
  }
  throw new DataDirBusyError(
    `cannot lock the data folder ${dataDir}; remove ${lock} if no newsalert is running`,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function openLocalRuntime(options: LocalOptions = {}): Promise<LocalRuntime> {
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  let store: EmbeddedStore;
  try {
    store = await startEmbeddedStore(options.dataDir ? { dataDir: join(options.dataDir, 'db') } : {});
  } catch (error) {
    unlock();
    throw error;
  }
  try {
    return buildRuntime(store, options, unlock);
  } catch (error) {
    // A bad taxonomy or the like: leave nothing running behind the error.
    await store.close();
    unlock();
    throw error;
  }
}

function buildRuntime(store: EmbeddedStore, options: LocalOptions, unlock: () => void): LocalRuntime {
  const client = createDocumentClient({ endpoint: store.endpoint });
  const table = store.tableName;
  const subscriptions = new DynamoSubscriptions(client, table);
  const outbox = new LocalOutbox(
    subscriptions,
    options.outboxDir ?? join(options.dataDir ?? '.newsalert', 'outbox'),
    options.onDeliver,
  );
  const articles = new DynamoArticleStore(client, table);
  return {
    store,
    client,
    articles,
    feeds: new DynamoFeedStore(client, table),
    subscriptions,
    outbox,
    publisher: new ThrottledPublisher(outbox, options.alertsPerSecond ?? 50),
    tagger: createTagger(),
    fetcher:
      options.fetcher ?? new HttpFeedFetcher({ allowPrivateNetwork: options.allowPrivateNetwork ?? false }),
    clock: options.clock ?? systemClock,
    parse: (text, { baseUrl }) => parseFeed(text, { baseUrl }),
    dataDir: options.dataDir,
    async close() {
      client.destroy();
      await store.close();
      unlock();
    },
  };
}
