import { describe, expect, it } from 'vitest';
import { nextFetchPlan } from '../../../shared/domain/feed/schedule';
import type { FeedState } from '../../../shared/domain/types';
import type { FetchOutcome } from '../../../shared/ports';

const NOW = new Date('2025-03-01T12:00:00.000Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

const state = (extra: Partial<FeedState> = {}): FeedState => ({
  feedId: 'f1',
  url: 'https://news.example/rss',
  consecutiveFailures: 0,
  itemsSeen: 0,
  ...extra,
});
const ok: FetchOutcome = { status: 'ok', url: 'https://news.example/rss', body: '', bytes: 0 };
const notModified: FetchOutcome = { status: 'not-modified', url: 'https://news.example/rss' };
const failed = (extra: Partial<Extract<FetchOutcome, { status: 'error' }>> = {}): FetchOutcome => ({
  status: 'error',
  url: 'https://news.example/rss',
  code: 'network',
  message: 'down',
  ...extra,
});
const delayOf = (iso: string) => new Date(iso).getTime() - NOW.getTime();

describe('nextFetchPlan', () => {
  it.each([
    ['unknown rate → default 1 h', state(), ok, HOUR],
    ['48 items a day → every 30 min', state({ itemsPerDay: 48 }), ok, 30 * MIN],
    ['2 items a day → every 12 h', state({ itemsPerDay: 2 }), ok, 12 * HOUR],
    ['1000 items a day → floor of 5 min', state({ itemsPerDay: 1000 }), ok, 5 * MIN],
    ['0.1 items a day → ceiling of 24 h', state({ itemsPerDay: 0.1 }), ok, 24 * HOUR],
    ['silent feed → 24 h', state({ itemsPerDay: 0 }), ok, 24 * HOUR],
    ['304 polls like a success', state({ itemsPerDay: 24 }), notModified, HOUR],
  ])('success: %s', (_case, feed, outcome, expected) => {
    const plan = nextFetchPlan(feed, outcome, NOW);
    expect(delayOf(plan.nextDueAt)).toBe(expected);
    expect(plan.consecutiveFailures).toBe(0);
  });

  it('clears the failure count after a success', () => {
    expect(nextFetchPlan(state({ consecutiveFailures: 7 }), ok, NOW).consecutiveFailures).toBe(0);
  });

  // random() = 0 keeps half the backoff, random() → 1 keeps all of it.
  it.each([
    ['first failure, low jitter', 0, failed(), 0, 5 * MIN, 1],
    ['first failure, high jitter', 0, failed(), 1, 5 * MIN, 1],
    ['second failure, mid jitter', 1, failed(), 0.5, 7.5 * MIN, 2],
    ['fourth failure', 3, failed(), 1, 40 * MIN, 4],
    ['tenth failure hits the ceiling', 9, failed(), 1, 24 * HOUR, 10],
    ['30th failure stays at the ceiling', 29, failed(), 0, 12 * HOUR, 30],
    [
      'Retry-After longer than the backoff wins',
      0,
      failed({ code: 'rate-limited', retryAfterSeconds: 7200 }),
      0,
      2 * HOUR,
      1,
    ],
    [
      'Retry-After shorter than the floor is raised to it',
      0,
      failed({ retryAfterSeconds: 10 }),
      0,
      5 * MIN,
      1,
    ],
    [
      'Retry-After beyond a day is capped at the ceiling',
      0,
      failed({ retryAfterSeconds: 200_000 }),
      0,
      24 * HOUR,
      1,
    ],
    ['blocked address waits the longest', 0, failed({ code: 'blocked-address' }), 0, 24 * HOUR, 1],
    ['410 Gone waits the longest', 0, failed({ code: 'http-status', httpStatus: 410 }), 0, 24 * HOUR, 1],
  ])('failure: %s', (_case, failures, outcome, random, expected, count) => {
    const plan = nextFetchPlan(state({ consecutiveFailures: failures }), outcome, NOW, {
      random: () => random,
    });
    expect(delayOf(plan.nextDueAt)).toBe(expected);
    expect(plan.consecutiveFailures).toBe(count);
  });

  it('spreads retries of feeds that failed together', () => {
    const due = [0, 0.25, 0.5, 0.75].map(
      (r) => nextFetchPlan(state({ consecutiveFailures: 3 }), failed(), NOW, { random: () => r }).nextDueAt,
    );
    expect(new Set(due).size).toBe(4);
  });

  it('honours custom bounds', () => {
    const plan = nextFetchPlan(state({ itemsPerDay: 10_000 }), ok, NOW, {
      minIntervalMs: 15 * MIN,
      maxIntervalMs: 6 * HOUR,
    });
    expect(delayOf(plan.nextDueAt)).toBe(15 * MIN);
    const slow = nextFetchPlan(state({ consecutiveFailures: 20 }), failed(), NOW, {
      maxIntervalMs: 6 * HOUR,
      random: () => 1,
    });
    expect(delayOf(slow.nextDueAt)).toBe(6 * HOUR);
  });
});
