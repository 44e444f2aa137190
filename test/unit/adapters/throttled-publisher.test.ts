import { describe, expect, it } from 'vitest';
import { ThrottledPublisher } from '../../../shared/adapters/throttled-publisher';
import type { AlertMessage } from '../../../shared/domain/types';

const message: AlertMessage = {
  subject: 's',
  body: 'b',
  attributes: { topics: ['xinjiang'], countries: [], score: 1, kind: 'instant' },
};

describe('ThrottledPublisher', () => {
  it('never lets more than the set number of messages a second through', async () => {
    // Prepare: a clock that only moves when the publisher sleeps.
    let now = 0;
    const sentAt: number[] = [];
    const publisher = new ThrottledPublisher(
      { publish: async () => void sentAt.push(now) },
      3,
      async (ms) => {
        now += ms;
      },
      () => now,
    );
    // Act: ten alerts at once.
    for (let i = 0; i < 10; i++) await publisher.publish(message);
    // Assess: any one-second window holds at most three.
    expect(sentAt).toHaveLength(10);
    for (const t of sentAt)
      expect(sentAt.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(3);
    expect(sentAt.at(-1)).toBe(3006);
  });
});
