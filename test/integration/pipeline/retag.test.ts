import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTagger } from '../../../shared/domain/tagging';
import { deliverPendingAlerts } from '../../../shared/services/deliver-alerts';
import { retagHistory } from '../../../shared/services/retag-history';
import { makeArticle } from '../../support/articles';
import { startTestStore } from '../../support/store';

describe('retag: backtesting a taxonomy change on stored history', () => {
  let store: Awaited<ReturnType<typeof startTestStore>>;
  const range = { since: '2026-10-01T00:00:00.000Z', until: '2026-10-31T23:59:59.999Z' };
  beforeAll(async () => {
    store = await startTestStore();
    // Stored by an older taxonomy that missed the first and wrongly tagged the second.
    await store.articles.putIfNew(
      makeArticle({
        id: 'missed',
        title: 'Tokayev names new prime minister',
        text: 'President Kassym-Jomart Tokayev named a new prime minister in Astana, Kazakhstan.',
        topics: [],
        countries: [],
        scores: {},
        published: '2026-10-10T08:00:00.000Z',
        taxonomyVersion: 'old',
      }),
    );
    await store.articles.putIfNew(
      makeArticle({
        id: 'wrong',
        title: 'Lyon approves a new tram line',
        text: 'The city council of Lyon approved a new tram line on Monday.',
        topics: ['central-asia'],
        countries: ['KZ'],
        published: '2026-10-11T08:00:00.000Z',
        taxonomyVersion: 'old',
      }),
    );
    for (const id of ['missed', 'wrong']) await store.articles.markAlerted(id, '2026-10-12T00:00:00.000Z');
  });
  afterAll(async () => {
    await store.close();
  });

  it('shows what would change and changes nothing on a dry run', async () => {
    const report = await retagHistory({ articles: store.articles, tagger: createTagger() }, range, {
      apply: false,
    });
    expect(report.examined).toBe(2);
    const byId = Object.fromEntries(report.changes.map((c) => [c.id, c]));
    expect(byId.missed).toMatchObject({ added: ['central-asia'], removed: [], countriesAdded: ['KZ'] });
    expect(byId.wrong).toMatchObject({ added: [], removed: ['central-asia'], countriesRemoved: ['KZ'] });
    expect((await store.articles.get('wrong'))?.topics).toEqual(['central-asia']);
  });

  it('applies the change to the history indexes and alerts nobody', async () => {
    const tagger = createTagger();
    await retagHistory({ articles: store.articles, tagger }, range, { apply: true });
    const topic = await store.articles.query({ topic: 'central-asia', ...range });
    expect(topic.articles.map((a) => a.id)).toEqual(['missed']);
    expect((await store.articles.get('missed'))?.taxonomyVersion).toBe(tagger.version);
    const sent: string[] = [];
    const delivery = await deliverPendingAlerts({
      articles: store.articles,
      publisher: { publish: async (m) => void sent.push(m.subject) },
      clock: { now: () => new Date('2026-11-01T00:00:00.000Z') },
    });
    expect(delivery.published).toEqual([]);
    expect(sent).toEqual([]);
  });
});
