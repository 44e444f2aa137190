import { describe, expect, it } from 'vitest';
import {
  evaluateFilterPolicy,
  matches,
  normaliseSubscription,
  SubscriptionError,
  toFilterPolicy,
} from '../../../shared/domain/alerts/filter-policy';
import type { AlertMessage, Subscription } from '../../../shared/domain/types';

type Attrs = AlertMessage['attributes'];

const subscriptions: Subscription[] = [
  { email: 'a@x.org', topics: ['xinjiang'], kind: 'instant' },
  { email: 'b@x.org', topics: ['central-asia', 'xinjiang'], kind: 'instant' },
  { email: 'c@x.org', topics: ['central-asia'], countries: ['KZ', 'UZ'], kind: 'instant' },
  { email: 'd@x.org', topics: ['central-asia'], minScore: 4, kind: 'instant' },
  { email: 'e@x.org', topics: ['xinjiang'], countries: ['KZ'], minScore: 2.5, kind: 'digest' },
];

const messages: Attrs[] = [
  { topics: ['xinjiang'], countries: ['CN'], score: 3, kind: 'instant' },
  { topics: ['central-asia'], countries: ['KZ', 'RU'], score: 4, kind: 'instant' },
  { topics: ['central-asia'], countries: ['TJ'], score: 3.99, kind: 'instant' },
  { topics: ['central-asia', 'xinjiang'], countries: ['KZ', 'CN'], score: 9, kind: 'instant' },
  { topics: ['xinjiang'], countries: ['KZ'], score: 2.5, kind: 'digest' },
  { topics: ['xinjiang'], countries: [], score: 7, kind: 'digest' },
  { topics: [], countries: ['UZ'], score: 0, kind: 'instant' },
];

describe('a subscription as an SNS filter policy', () => {
  it.each(subscriptions.flatMap((s) => messages.map((m) => [s, m] as const)))(
    'the policy and local matching agree: %j on %j',
    (subscription, attributes) => {
      // Assess: whatever SNS would deliver, the local outbox delivers, and the reverse.
      expect(evaluateFilterPolicy(toFilterPolicy(subscription), attributes)).toBe(
        matches(subscription, attributes),
      );
    },
  );

  it('delivers what a reader expects', () => {
    const kzOnly = subscriptions[2] as Subscription;
    expect(matches(kzOnly, messages[1] as Attrs)).toBe(true);
    expect(matches(kzOnly, messages[2] as Attrs)).toBe(false);
    const strong = subscriptions[3] as Subscription;
    expect(matches(strong, messages[1] as Attrs)).toBe(true);
    expect(matches(strong, messages[2] as Attrs)).toBe(false);
  });

  it('renders the attribute keys SNS reads, with a numeric condition for minScore', () => {
    expect(
      toFilterPolicy({
        email: 'E@X.org',
        topics: ['xinjiang'],
        countries: ['kz'],
        minScore: 2,
        kind: 'digest',
      }),
    ).toEqual({
      kind: ['digest'],
      topics: ['xinjiang'],
      countries: ['KZ'],
      score: [{ numeric: ['>=', 2] }],
    });
  });

  it.each([
    [{ email: 'not-an-email', topics: ['xinjiang'], kind: 'instant' }, /not an email/],
    [{ email: 'a@x.org', topics: [], kind: 'instant' }, /at least one topic/],
    [{ email: 'a@x.org', topics: ['xinjiang'], countries: ['Kazakhstan'], kind: 'instant' }, /alpha-2/],
    [{ email: 'a@x.org', topics: ['xinjiang'], minScore: -1, kind: 'instant' }, /minScore/],
    [{ email: 'a@x.org', topics: ['nope'], kind: 'instant' }, /unknown topic "nope"/],
  ])('refuses %j with a message that says what to fix', (input, message) => {
    expect(() => normaliseSubscription(input as Subscription, ['central-asia', 'xinjiang'])).toThrow(message);
  });

  it('refuses a subscription SNS could not express (over 150 combinations)', () => {
    const countries = Array.from({ length: 80 }, (_, i) =>
      String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26)),
    );
    const sub: Subscription = {
      email: 'a@x.org',
      topics: ['xinjiang', 'central-asia'],
      countries,
      kind: 'instant',
    };
    expect(() => normaliseSubscription(sub)).toThrow(SubscriptionError);
    expect(() => normaliseSubscription(sub)).toThrow(/160 filter combinations; SNS allows 150/);
  });
});
