/**
 * A subscription is one domain object that both renders to an SNS filter policy (for AWS) and
 * evaluates locally (for the embedded runner). `test/unit/alerts/filter-policy.test.ts` proves the two
 * agree, and an integration test checks the policy against a real SNS implementation when one is there.
 */
import type { AlertMessage, Subscription } from '../types';

/** SNS limits a filter policy to 5 attribute keys and 150 value combinations. */
export const MAX_FILTER_COMBINATIONS = 150;

export class SubscriptionError extends Error {
  override name = 'SubscriptionError';
}

type NumericCondition = { numeric: ['>=', number] };
export type FilterPolicy = Record<string, (string | NumericCondition)[]>;

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
const TOPIC_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const COUNTRY = /^[A-Z]{2}$/;

/**
 * Checks and normalises a subscription (lower-case email and topics, upper-case countries, sorted,
 * de-duplicated). Throws SubscriptionError with a message that says what to fix.
 */
export function normaliseSubscription(input: Subscription, knownTopics?: readonly string[]): Subscription {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new SubscriptionError(`"${input.email}" is not an email address`);
  const topics = [...new Set(input.topics.map((t) => t.trim().toLowerCase()).filter(Boolean))].sort();
  if (topics.length === 0) throw new SubscriptionError('a subscription needs at least one topic');
  for (const topic of topics) {
    if (!TOPIC_ID.test(topic))
      throw new SubscriptionError(`"${topic}" is not a topic id (lower-case letters, digits, dashes)`);
    if (knownTopics && !knownTopics.includes(topic)) {
      throw new SubscriptionError(`unknown topic "${topic}"; known topics: ${knownTopics.join(', ')}`);
    }
  }
  const countries = input.countries
    ? [...new Set(input.countries.map((c) => c.trim().toUpperCase()).filter(Boolean))].sort()
    : undefined;
  for (const code of countries ?? []) {
    if (!COUNTRY.test(code))
      throw new SubscriptionError(`"${code}" is not an ISO 3166-1 alpha-2 country code`);
  }
  if (input.minScore !== undefined && (!Number.isFinite(input.minScore) || input.minScore < 0)) {
    throw new SubscriptionError('minScore must be a number of 0 or more');
  }
  if (input.kind !== 'instant' && input.kind !== 'digest') {
    throw new SubscriptionError(`kind must be "instant" or "digest", not "${String(input.kind)}"`);
  }
  const combinations = topics.length * (countries?.length || 1);
  if (combinations > MAX_FILTER_COMBINATIONS) {
    throw new SubscriptionError(
      `${topics.length} topics × ${countries?.length} countries make ${combinations} filter combinations; SNS allows ${MAX_FILTER_COMBINATIONS}`,
    );
  }
  return {
    email,
    topics,
    ...(countries && countries.length > 0 ? { countries } : {}),
    ...(input.minScore !== undefined ? { minScore: input.minScore } : {}),
    kind: input.kind,
  };
}

/** The SNS filter policy (scope: MessageAttributes) that delivers exactly what `matches` accepts. */
export function toFilterPolicy(subscription: Subscription): FilterPolicy {
  const sub = normaliseSubscription(subscription);
  const policy: FilterPolicy = { kind: [sub.kind], topics: [...sub.topics] };
  if (sub.countries && sub.countries.length > 0) policy.countries = [...sub.countries];
  if (sub.minScore !== undefined) policy.score = [{ numeric: ['>=', sub.minScore] }];
  return policy;
}

/** Local evaluation of a subscription against a message's attributes. */
export function matches(subscription: Subscription, attributes: AlertMessage['attributes']): boolean {
  if (attributes.kind !== subscription.kind) return false;
  if (!subscription.topics.some((t) => attributes.topics.includes(t))) return false;
  if (subscription.countries && subscription.countries.length > 0) {
    if (!subscription.countries.some((c) => attributes.countries.includes(c))) return false;
  }
  if (subscription.minScore !== undefined && !(attributes.score >= subscription.minScore)) return false;
  return true;
}

/**
 * Evaluates a filter policy the way SNS does for the subset we emit (string lists and `numeric >=`):
 * every key must match; an array attribute matches when any element matches any value. Used to prove
 * that the rendered policy and `matches` agree.
 */
export function evaluateFilterPolicy(policy: FilterPolicy, attributes: AlertMessage['attributes']): boolean {
  const values: Record<string, (string | number)[]> = {
    kind: [attributes.kind],
    topics: attributes.topics,
    countries: attributes.countries,
    score: [attributes.score],
  };
  return Object.entries(policy).every(([key, conditions]) => {
    const present = values[key] ?? [];
    return conditions.some((condition) =>
      typeof condition === 'string'
        ? present.includes(condition)
        : present.some((v) => typeof v === 'number' && v >= condition.numeric[1]),
    );
  });
}
