/**
 * Feed health as an operator reads it: failing feeds, and feeds silent for much longer than their
 * usual interval (a feed that moved or died often keeps answering 200 with old items).
 */
import type { FeedState } from '../types';

export type FeedHealth = 'ok' | 'failing' | 'silent' | 'new';

/** Silent when nothing new came for this many usual intervals (and at least two days). */
const SILENT_INTERVALS = 5;

export function feedHealth(feed: FeedState, now: Date): FeedHealth {
  if ((feed.consecutiveFailures ?? 0) >= 3) return 'failing';
  if (!feed.lastSuccessAt) return feed.lastError ? 'failing' : 'new';
  const since = feed.lastNewItemAt;
  if (feed.itemsPerDay && feed.itemsPerDay > 0 && since) {
    const usualMs = 86_400_000 / feed.itemsPerDay;
    const quietMs = now.getTime() - Date.parse(since);
    if (quietMs > Math.max(SILENT_INTERVALS * usualMs, 2 * 86_400_000)) return 'silent';
  }
  return 'ok';
}
