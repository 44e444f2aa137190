/**
 * Ports: the interfaces the services are written against. Adapters implement them
 * (DynamoDB for both AWS and the embedded store, SNS or the local outbox, HTTP fetching).
 */
import type { AlertMessage, Article, FeedState, Subscription } from './domain/types';

export interface FetchRequest {
  url: string;
  /** Validators from the last 200, sent back verbatim. */
  etag?: string;
  lastModified?: string;
}

export type FetchOutcome =
  | {
      status: 'ok';
      /** The URL finally fetched (after redirects). */
      url: string;
      /** Decoded text of the body. */
      body: string;
      /** Bytes received after decompression. */
      bytes: number;
      etag?: string;
      lastModified?: string;
      contentType?: string;
      /** Set when a 301/308 moved the feed for good. */
      permanentUrl?: string;
    }
  | { status: 'not-modified'; url: string; etag?: string; lastModified?: string }
  | {
      status: 'error';
      url: string;
      /** Machine-readable kind, e.g. 'timeout', 'too-large', 'blocked-address', 'http-status', 'dns', 'redirects'. */
      code: string;
      /** One line a person can act on. */
      message: string;
      httpStatus?: number;
      /** Seconds the server asked us to wait (429/503 Retry-After). */
      retryAfterSeconds?: number;
    };

export interface FeedFetcher {
  fetch(request: FetchRequest): Promise<FetchOutcome>;
}

export type PutResult = 'created' | 'exists';

export interface ArticlePage {
  articles: Article[];
  /** Opaque token for the next page, absent on the last page. */
  next?: string;
}

export interface HistoryQuery {
  topic?: string;
  country?: string;
  /** ISO instants, inclusive. */
  since?: string;
  until?: string;
  limit?: number;
  cursor?: string;
}

/** Who holds a content fingerprint, with enough of the story to compare against. */
export interface FingerprintHolder {
  id: string;
  title: string;
  /** The start of the text (a few KB): enough for `similarity`. */
  sample: string;
}

export interface ArticleStore {
  /** Insert if new (conditional write, no read first). */
  putIfNew(article: Article): Promise<PutResult>;
  get(id: string): Promise<Article | undefined>;
  /** Which of these ids are already stored (one batched read, no writes). */
  existing(ids: readonly string[]): Promise<Set<string>>;
  /** Articles that claimed any of these near-duplicate fingerprints, with the sample they claimed with. */
  findByFingerprints(fingerprints: readonly string[]): Promise<FingerprintHolder[]>;
  /**
   * Claim fingerprints for an article (conditional writes: the first claimant keeps a key). Returns the
   * other articles that already held any of them, so two feeds racing with one story see each other.
   */
  claimFingerprints(holder: FingerprintHolder, fingerprints: readonly string[]): Promise<FingerprintHolder[]>;
  /** Give back the fingerprints this article claimed (it turned out to be a duplicate). */
  releaseFingerprints(id: string, fingerprints: readonly string[]): Promise<void>;
  /** Record that an already stored article was also seen in another feed; false when no such article is stored. */
  addSource(id: string, feedId: string): Promise<boolean>;
  query(query: HistoryQuery): Promise<ArticlePage>;
  /** Articles stored but not yet alerted (crash recovery), oldest first. */
  listUnalerted(limit: number): Promise<Article[]>;
  /** Every stored article in a time range, newest first (retag, digests), page by page. */
  scanRange(since: string, until: string, cursor?: string): Promise<ArticlePage>;
  /**
   * Take the right to alert an article for `leaseMs`: false when it is alerted already or another
   * process holds a live claim. A claim left by a process that died expires, so nothing is lost.
   */
  claimAlert(id: string, now: Date, leaseMs: number): Promise<boolean>;
  /** Record that the article's alert went out (or that it needs none); it leaves the unalerted list. */
  markAlerted(id: string, at: string): Promise<void>;
  /** Take a one-time marker (a day's digest for a topic); false when it was taken already. */
  claimOnce(key: string, at: string): Promise<boolean>;
  /** Give a marker back (the work it guarded failed and may be retried). */
  releaseClaim(key: string): Promise<void>;
  /** Replace the tags of a stored article (retag). */
  updateTags(article: Article): Promise<void>;
}

export interface FeedStore {
  list(): Promise<FeedState[]>;
  get(feedId: string): Promise<FeedState | undefined>;
  put(state: FeedState): Promise<void>;
  remove(feedId: string): Promise<void>;
}

export interface AlertPublisher {
  publish(message: AlertMessage): Promise<void>;
}

export interface Subscriptions {
  list(): Promise<Subscription[]>;
  add(subscription: Subscription): Promise<void>;
  remove(email: string, topics?: string[]): Promise<number>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
