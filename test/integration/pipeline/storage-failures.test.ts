import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, FeedState } from '../../../shared/domain/types';
import type { ArticleStore, FetchOutcome } from '../../../shared/ports';
import { ingestFeed } from '../../../shared/services/ingest-feed';
import { ingestDeps, manualClock, startTestStore } from '../../support/store';

const WATER =
  'Kazakhstan and Uzbekistan agreed on Monday to share the water of the Syr Darya through the coming summer, officials in Astana and Tashkent said, after weeks of talks over the reservoirs upstream.';
const PACT =
  'Kazakhstan and Uzbekistan signed a pact on Friday to run the Chardara reservoir together, with a joint commission in Shymkent to set releases and settle claims from farmers on both banks.';
const story = (
  link: string,
  title: string,
  text = WATER,
) => `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>${title}</title><link>${link}</link><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate>
<description>${text}</description></item>
</channel></rss>`;

/** The real store, except that putIfNew fails the first `failures` times: a throttled or lost write. */
function flakyStore(store: ArticleStore, failures: number): ArticleStore {
  let left = failures;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'putIfNew') {
        return async (article: Article) => {
          if (left-- > 0) throw new Error('ProvisionedThroughputExceededException');
          return target.putIfNew(article);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('an item that could not be stored', () => {
  let store: Awaited<ReturnType<typeof startTestStore>>;
  const clock = manualClock();
  beforeAll(async () => {
    store = await startTestStore();
  });
  afterAll(async () => {
    await store.close();
  });

  const deps = (articles: ArticleStore, outcomes: FetchOutcome[]) =>
    ingestDeps(store, { fetch: async () => outcomes.shift() as FetchOutcome }, clock, articles);

  it('is fetched and stored on the next poll rather than hidden behind a 304', async () => {
    const body = story('https://a.example/water-deal', 'Kazakhstan and Uzbekistan agree water deal');
    const ok: FetchOutcome = {
      status: 'ok',
      url: 'https://a.example/rss',
      body,
      bytes: body.length,
      etag: '"v1"',
    };
    const feed: FeedState = {
      feedId: 'a',
      url: 'https://a.example/rss',
      consecutiveFailures: 0,
      itemsSeen: 0,
    };
    const first = await ingestFeed(deps(flakyStore(store.articles, 1), [ok]), feed);
    expect(first.created).toBe(0);
    expect(first.itemErrors[0]).toMatch(/ProvisionedThroughputExceeded/);
    const after = (await store.feeds.get('a')) as FeedState;
    expect(after.etag).toBeUndefined();
    expect(after.lastError).toMatch(/1 item\(s\) could not be stored/);

    const second = await ingestFeed(deps(store.articles, [ok]), after);
    expect(second.created).toBe(1);
    expect((await store.feeds.get('a'))?.etag).toBe('"v1"');
  });

  it('leaves no claim behind, so the same story from another feed is stored', async () => {
    const body = story('https://b.example/river-pact', 'Kazakhstan, Uzbekistan agree on river pact', PACT);
    const copy = story(
      'https://c.example/river-pact-copy',
      'Kazakhstan, Uzbekistan agree on river pact',
      PACT,
    );
    const ok = (b: string): FetchOutcome => ({
      status: 'ok',
      url: 'https://x.example/rss',
      body: b,
      bytes: b.length,
    });
    const b = await ingestFeed(deps(flakyStore(store.articles, 1), [ok(body)]), {
      feedId: 'b',
      url: 'https://b.example/rss',
      consecutiveFailures: 0,
      itemsSeen: 0,
    });
    expect(b.created).toBe(0);
    const c = await ingestFeed(deps(store.articles, [ok(copy)]), {
      feedId: 'c',
      url: 'https://c.example/rss',
      consecutiveFailures: 0,
      itemsSeen: 0,
    });
    expect({ created: c.created, duplicates: c.duplicates }).toEqual({ created: 1, duplicates: 0 });
  });
});
