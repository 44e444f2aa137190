/**
 * Core value types shared by every layer. Pure data: no behaviour, no I/O.
 */

/** One enclosure (podcast audio, image) of a feed item, as the feed states it. */
export interface Enclosure {
  url: string;
  type: string | null;
  length: number | null;
}

/** One item of a parsed feed. Text fields are plain text; dates are ISO-8601 UTC. Missing → null. */
export interface FeedItem {
  id: string | null;
  title: string | null;
  link: string | null;
  summary: string | null;
  content: string | null;
  author: string | null;
  categories: string[];
  published: string | null;
  enclosures: Enclosure[];
}

/** A parsed feed (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed), the `feed inspect --json` shape. */
export interface ParsedFeed {
  title: string | null;
  link: string | null;
  description: string | null;
  language: string | null;
  author: string | null;
  updated: string | null;
  items: FeedItem[];
  /** Items the parser skipped, each with why (one bad item never rejects the feed). */
  skipped?: { index: number; reason: string }[];
}

/** Where a tag came from: the exact words in the article that made it. */
export interface Evidence {
  /** The words as written in the article. */
  surface: string;
  /** The canonical term they matched (e.g. "Shavkat Mirziyoyev"). */
  term: string;
  field: 'title' | 'text';
  /** UTF-16 offset of `surface` in the original field text. */
  offset: number;
  match: 'exact' | 'variant' | 'fuzzy';
}

export interface TopicTag {
  id: string;
  score: number;
  evidence: Evidence[];
}

export interface CountryTag {
  code: string;
  evidence: Evidence[];
}

export interface PersonTag {
  id: string;
  name: string;
  country: string | null;
  evidence: Evidence[];
}

export interface PlaceTag {
  name: string;
  country: string;
  evidence: Evidence[];
}

/** What the tagger says of one article. `topics` are those at or over their threshold. */
export interface TagResult {
  topics: string[];
  countries: string[];
  people: string[];
  places: string[];
  /** Score per topic, including topics under the threshold that had any evidence. */
  scores: Record<string, number>;
  topicTags: TopicTag[];
  countryTags: CountryTag[];
  personTags: PersonTag[];
  placeTags: PlaceTag[];
  taxonomyVersion: string;
}

export interface TagInput {
  id?: string;
  title?: string;
  text: string;
  lang?: string;
  url?: string;
}

/** A feed the operator watches, with its fetch state. */
export interface FeedConfig {
  id: string;
  url: string;
  name?: string;
  enabled?: boolean;
}

export interface FeedState {
  feedId: string;
  url: string;
  name?: string;
  /** A disabled feed is kept with its history but not fetched. */
  enabled?: boolean;
  etag?: string;
  lastModified?: string;
  lastFetchAt?: string;
  lastSuccessAt?: string;
  lastError?: string;
  consecutiveFailures: number;
  nextDueAt?: string;
  itemsSeen: number;
  /** Recent publish times help estimate how often the feed publishes. */
  itemsPerDay?: number;
  permanentUrl?: string;
  /** A permanent redirect seen once; adopted as `permanentUrl` when the next fetch confirms it. */
  pendingMove?: string;
  /** When the feed last brought an article we had not seen (silence detection). */
  lastNewItemAt?: string;
}

/** A stored, tagged article. Kept far under DynamoDB's 400 KB item limit: an excerpt, not the page. */
export interface Article {
  id: string;
  url: string;
  canonicalUrl: string;
  title: string;
  excerpt: string;
  /** Plain text kept for re-tagging, capped so the item stays far under 400 KB. */
  text: string;
  source: string;
  feedIds: string[];
  published: string;
  fetchedAt: string;
  fingerprint: string;
  lang?: string;
  topics: string[];
  countries: string[];
  people: string[];
  scores: Record<string, number>;
  /** Evidence kept for "why it matched", trimmed to a few entries per topic. */
  evidence: TopicTag[];
  taxonomyVersion: string;
  /** When its alert went out (or was found unnecessary). */
  alertedAt?: string;
}

export type AlertKind = 'instant' | 'digest';

/** A subscriber's wish; renders to an SNS filter policy and evaluates locally the same way. */
export interface Subscription {
  email: string;
  topics: string[];
  countries?: string[];
  minScore?: number;
  kind: AlertKind;
}

/** A message ready to publish: what SNS (or the local outbox) receives. */
export interface AlertMessage {
  articleId?: string;
  subject: string;
  body: string;
  attributes: {
    topics: string[];
    countries: string[];
    score: number;
    kind: AlertKind;
  };
}
