export type FeedParseErrorCode = 'not-a-feed' | 'malformed' | 'hostile' | 'too-large' | 'empty';

/** Why a feed as a whole could not be parsed; `code` is for machines, `message` for people. */
export class FeedParseError extends Error {
  constructor(
    readonly code: FeedParseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FeedParseError';
  }
}

export interface ParseFeedOptions {
  /** URL the feed was fetched from: the last resort for resolving relative links. */
  baseUrl?: string;
  /** Items beyond this many are dropped (default 1000). */
  maxItems?: number;
}
