/**
 * When to fetch a feed next. Busy feeds are polled often, quiet ones rarely; failing feeds back off
 * exponentially with jitter (so a fleet of feeds on one broken host does not retry in lockstep);
 * a server's Retry-After is honoured. Pure: time and randomness come in as arguments.
 */
import type { FetchOutcome } from '../../ports';
import type { FeedState } from '../types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface SchedulePolicy {
  /** Never poll sooner than this (default 5 min). */
  minIntervalMs?: number;
  /** Never wait longer than this (default 24 h). */
  maxIntervalMs?: number;
  /** Interval when the publishing rate is unknown (default 1 h). */
  defaultIntervalMs?: number;
  /** First retry delay after a failure, doubled for each further failure (default 5 min). */
  backoffBaseMs?: number;
  /** Returns [0, 1); injectable so tests are deterministic (default Math.random). */
  random?: () => number;
}

export interface FetchPlan {
  /** ISO instant of the next fetch. */
  nextDueAt: string;
  consecutiveFailures: number;
}

/** Failures that will not fix themselves by retrying soon: wait the longest interval. */
function isPermanent(outcome: FetchOutcome): boolean {
  if (outcome.status !== 'error') return false;
  if (['blocked-address', 'unsupported-scheme', 'bad-url'].includes(outcome.code)) return true;
  return outcome.httpStatus === 410;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * Plans the next fetch of a feed from what the last fetch brought.
 * Success: about one fetch per expected new item (`state.itemsPerDay`), default interval when unknown.
 * Failure: `backoffBase × 2^(failures−1)`, jittered to between half and all of it, at least Retry-After.
 * Always within [minIntervalMs, maxIntervalMs].
 */
export function nextFetchPlan(
  state: FeedState,
  outcome: FetchOutcome,
  now: Date,
  options: SchedulePolicy = {},
): FetchPlan {
  const min = options.minIntervalMs ?? 5 * MINUTE;
  const max = Math.max(min, options.maxIntervalMs ?? DAY);
  const random = options.random ?? Math.random;
  let delay: number;
  let consecutiveFailures: number;

  if (outcome.status === 'error') {
    consecutiveFailures = Math.max(0, state.consecutiveFailures) + 1;
    if (isPermanent(outcome)) {
      delay = max;
    } else {
      const base = options.backoffBaseMs ?? 5 * MINUTE;
      // Cap the exponent: past about 20 doublings the delay is far beyond any max anyway.
      const backoff = base * 2 ** Math.min(consecutiveFailures - 1, 20);
      // "Equal jitter": keep half the backoff, randomise the other half.
      const r = clamp(random(), 0, 1);
      delay = Math.min(backoff, max) * (0.5 + r / 2);
      if (outcome.retryAfterSeconds !== undefined && outcome.retryAfterSeconds > 0) {
        delay = Math.max(delay, outcome.retryAfterSeconds * 1000);
      }
    }
  } else {
    consecutiveFailures = 0;
    const perDay = state.itemsPerDay;
    if (perDay === undefined || !Number.isFinite(perDay) || perDay < 0)
      delay = options.defaultIntervalMs ?? HOUR;
    else if (perDay === 0) delay = max;
    else delay = DAY / perDay;
  }

  const due = new Date(now.getTime() + Math.round(clamp(delay, min, max)));
  return { nextDueAt: due.toISOString(), consecutiveFailures };
}
