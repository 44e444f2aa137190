import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertMessage } from '../../../shared/domain/types';
import { sendDigests } from '../../../shared/services/build-digest';
import { makeArticle } from '../../support/articles';
import { startTestStore } from '../../support/store';

describe('daily digest', () => {
  let store: Awaited<ReturnType<typeof startTestStore>>;
  beforeAll(async () => {
    store = await startTestStore();
    for (let i = 0; i < 120; i++) {
      await store.articles.putIfNew(
        makeArticle({
          id: `d${String(i).padStart(3, '0')}`,
          topics: ['xinjiang'],
          scores: { xinjiang: i === 3 ? 99 : 5 },
          published: `2026-11-20T${String(Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}:00.000Z`,
        }),
      );
    }
  });
  afterAll(async () => {
    await store.close();
  });

  it('ranks the whole day, sends once per topic and day, and sends again after a failed publish', async () => {
    const sent: AlertMessage[] = [];
    let fail = true;
    const publisher = {
      publish: async (m: AlertMessage) => {
        if (fail) {
          fail = false;
          throw new Error('SNS throttled');
        }
        sent.push(m);
      },
    };
    const deps = { articles: store.articles, publisher };
    await expect(sendDigests(deps, ['xinjiang'], '2026-11-20', 10)).rejects.toThrow(/throttled/);
    const retried = await sendDigests(deps, ['xinjiang'], '2026-11-20', 10);
    expect(retried.sent).toEqual([{ topic: 'xinjiang', articles: 10 }]);
    // The strongest article of the day is an early one, beyond the newest page: it still leads.
    expect(sent[0]?.body).toMatch(/^1\. Story/m);
    expect(sent[0]?.attributes.score).toBe(99);
    const again = await sendDigests(deps, ['xinjiang'], '2026-11-20', 10);
    expect(again).toMatchObject({ sent: [], skipped: ['xinjiang'] });
    expect(sent).toHaveLength(1);
  });
});
