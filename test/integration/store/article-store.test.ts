import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArticle } from '../../support/articles';
import { startTestStore } from '../../support/store';

describe('DynamoArticleStore on a real DynamoDB-compatible server (dynalite)', () => {
  let store: Awaited<ReturnType<typeof startTestStore>>;
  beforeAll(async () => {
    store = await startTestStore();
  });
  afterAll(async () => {
    await store.close();
  });

  it('inserts an article once: a second put of the same id is refused', async () => {
    const article = makeArticle({ id: 'put-once' });
    expect(await store.articles.putIfNew(article)).toBe('created');
    expect(await store.articles.putIfNew({ ...article, title: 'changed' })).toBe('exists');
    expect((await store.articles.get('put-once'))?.title).toBe(article.title);
  });

  it('tells which ids it holds in one batched read', async () => {
    await store.articles.putIfNew(makeArticle({ id: 'known-1' }));
    const known = await store.articles.existing(['known-1', 'unknown-1', 'known-1']);
    expect([...known]).toEqual(['known-1']);
  });

  it('answers history by topic and by country, newest first, page by page', async () => {
    for (let day = 1; day <= 7; day++) {
      await store.articles.putIfNew(
        makeArticle({
          id: `hist-${day}`,
          topics: day % 2 ? ['xinjiang'] : ['central-asia'],
          countries: day % 3 === 0 ? ['KZ', 'CN'] : ['CN'],
          published: `2026-10-0${day}T09:00:00.000Z`,
        }),
      );
    }
    const first = await store.articles.query({
      topic: 'xinjiang',
      since: '2026-10-01',
      until: '2026-10-31',
      limit: 2,
    });
    expect(first.articles.map((a) => a.id)).toEqual(['hist-7', 'hist-5']);
    expect(first.next).toBeTypeOf('string');
    const second = await store.articles.query({
      topic: 'xinjiang',
      since: '2026-10-01',
      until: '2026-10-31',
      limit: 2,
      cursor: first.next as string,
    });
    expect(second.articles.map((a) => a.id)).toEqual(['hist-3', 'hist-1']);
    expect(second.next).toBeUndefined();

    const kz = await store.articles.query({ country: 'KZ', since: '2026-10-01', until: '2026-10-31' });
    expect(kz.articles.map((a) => a.id)).toEqual(['hist-6', 'hist-3']);
    const xjKz = await store.articles.query({
      topic: 'xinjiang',
      country: 'KZ',
      since: '2026-10-01',
      until: '2026-10-31',
    });
    expect(xjKz.articles.map((a) => a.id)).toEqual(['hist-3']);
  });

  it('refuses a forged cursor, or one from another query, with a message', async () => {
    await expect(store.articles.query({ cursor: 'not-a-cursor' })).rejects.toThrow(/cursor is not valid/);
    const page = await store.articles.query({
      topic: 'xinjiang',
      since: '2026-10-01',
      until: '2026-10-31',
      limit: 1,
    });
    await expect(
      store.articles.query({
        topic: 'central-asia',
        since: '2026-10-01',
        until: '2026-10-31',
        cursor: page.next as string,
      }),
    ).rejects.toThrow(/belongs to another query/);
  });

  it('lets the first claimant of a fingerprint keep it, and tells a racing second one who holds it', async () => {
    const first = {
      id: 'dup-a',
      title: 'Aral Sea wetlands plan',
      sample: 'Kazakhstan and Uzbekistan agree.',
    };
    const second = {
      id: 'dup-b',
      title: 'Aral Sea wetlands plan',
      sample: 'Kazakhstan and Uzbekistan agreed.',
    };
    expect(await store.articles.claimFingerprints(first, ['b0:1', 'b1:2'])).toEqual([]);
    expect(await store.articles.claimFingerprints(second, ['b1:2', 'b2:3'])).toEqual([first]);
    expect(await store.articles.findByFingerprints(['b9:9', 'b1:2'])).toEqual([first]);
    await store.articles.releaseFingerprints('dup-b', ['b1:2', 'b2:3']);
    expect(await store.articles.findByFingerprints(['b1:2'])).toEqual([first]);
    expect(await store.articles.findByFingerprints(['b2:3'])).toEqual([]);
  });

  it('records a second source of a stored story once', async () => {
    await store.articles.putIfNew(makeArticle({ id: 'two-sources', feedIds: ['rss'] }));
    await store.articles.addSource('two-sources', 'atom');
    await store.articles.addSource('two-sources', 'atom');
    expect((await store.articles.get('two-sources'))?.feedIds).toEqual(['rss', 'atom']);
  });

  it('lets one process claim an alert; a dead claim lapses; a marked article leaves the pending list', async () => {
    const now = new Date('2026-11-28T08:00:00.000Z');
    await store.articles.putIfNew(makeArticle({ id: 'claim-1', fetchedAt: '2000-01-01T00:00:00.000Z' }));
    expect((await store.articles.listUnalerted(1000)).map((a) => a.id)).toContain('claim-1');
    expect(await store.articles.claimAlert('claim-1', now, 60_000)).toBe(true);
    expect(await store.articles.claimAlert('claim-1', new Date(now.getTime() + 30_000), 60_000)).toBe(false);
    // The first claimant died: after the lease another may take it.
    expect(await store.articles.claimAlert('claim-1', new Date(now.getTime() + 61_000), 60_000)).toBe(true);
    await store.articles.markAlerted('claim-1', now.toISOString());
    expect(await store.articles.claimAlert('claim-1', new Date(now.getTime() + 999_000), 60_000)).toBe(false);
    expect((await store.articles.listUnalerted(1000)).map((a) => a.id)).not.toContain('claim-1');
  });

  it('moves an article between topic indexes when it is re-tagged', async () => {
    const article = makeArticle({
      id: 'retag-1',
      topics: ['central-asia'],
      published: '2026-09-15T00:00:00.000Z',
    });
    await store.articles.putIfNew(article);
    await store.articles.updateTags({ ...article, topics: ['xinjiang'], scores: { xinjiang: 4 } });
    const range = { since: '2026-09-15', until: '2026-09-16' };
    expect((await store.articles.query({ topic: 'xinjiang', ...range })).articles.map((a) => a.id)).toEqual([
      'retag-1',
    ]);
    expect((await store.articles.query({ topic: 'central-asia', ...range })).articles).toEqual([]);
  });
});
