import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedState } from '../../../shared/domain/types';
import type { FetchOutcome, FetchRequest } from '../../../shared/ports';
import { type IngestDeps, ingestFeed } from '../../../shared/services/ingest-feed';
import { runCycle, syncConfiguredFeeds } from '../../../shared/services/run-cycle';
import { ingestDeps, manualClock, startTestStore } from '../../support/store';

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>Tokayev visits Tashkent</title><link>https://a.example/1</link><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate><description>Kazakhstan and Uzbekistan sign a deal.</description></item>
</channel></rss>`;

/** A scripted fetcher: the port, not the network, so each outcome is exactly what the test needs. */
function scripted(outcomes: FetchOutcome[]) {
  const requests: FetchRequest[] = [];
  return {
    requests,
    fetch: async (request: FetchRequest) => {
      requests.push(request);
      return outcomes.shift() as FetchOutcome;
    },
  };
}

describe('feed fetch state', () => {
  let store: Awaited<ReturnType<typeof startTestStore>>;
  const clock = manualClock();
  beforeAll(async () => {
    store = await startTestStore();
  });
  afterAll(async () => {
    await store.close();
  });
  const deps = (fetcher: IngestDeps['fetcher']) => ingestDeps(store, fetcher, clock);
  const start: FeedState = {
    feedId: 'f',
    url: 'https://old.example/rss',
    consecutiveFailures: 0,
    itemsSeen: 0,
  };

  it('adopts a permanent move only when the next fetch confirms it, then fetches the new address', async () => {
    const ok = (permanentUrl?: string): FetchOutcome => ({
      status: 'ok',
      url: permanentUrl ?? start.url,
      body: RSS,
      bytes: RSS.length,
      ...(permanentUrl ? { permanentUrl } : {}),
    });
    const fetcher = scripted([ok('https://new.example/rss'), ok('https://new.example/rss'), ok()]);
    await ingestFeed(deps(fetcher), start);
    expect((await store.feeds.get('f'))?.permanentUrl).toBeUndefined();
    await ingestFeed(deps(fetcher), (await store.feeds.get('f')) as FeedState);
    expect((await store.feeds.get('f'))?.permanentUrl).toBe('https://new.example/rss');
    await ingestFeed(deps(fetcher), (await store.feeds.get('f')) as FeedState);
    expect(fetcher.requests.map((r) => r.url)).toEqual([start.url, start.url, 'https://new.example/rss']);
  });

  it('starts a feed afresh when the config gives it a new address, and skips a disabled one', async () => {
    await store.feeds.put({
      ...start,
      feedId: 'moved',
      etag: '"old"',
      consecutiveFailures: 4,
      permanentUrl: 'https://old.example/new',
    });
    await syncConfiguredFeeds(store.feeds, [
      { id: 'moved', url: 'https://fresh.example/rss' },
      { id: 'off', url: 'https://off.example/rss', enabled: false },
    ]);
    const moved = (await store.feeds.get('moved')) as FeedState;
    expect(moved).toMatchObject({ url: 'https://fresh.example/rss', consecutiveFailures: 0 });
    expect(moved.etag).toBeUndefined();
    expect(moved.permanentUrl).toBeUndefined();
    const fetched: string[] = [];
    const fetcher = {
      fetch: async (r: FetchRequest): Promise<FetchOutcome> => {
        fetched.push(r.url);
        return { status: 'not-modified', url: r.url };
      },
    };
    await runCycle({ ...deps(fetcher), publisher: { publish: async () => {} } }, { force: true });
    expect(fetched).toContain('https://fresh.example/rss');
    expect(fetched).not.toContain('https://off.example/rss');
  });

  it('sends validators back verbatim and backs off after failures, honouring Retry-After', async () => {
    const fetcher = scripted([
      {
        status: 'ok',
        url: start.url,
        body: RSS,
        bytes: 1,
        etag: 'W/"abc"',
        lastModified: 'Mon, 23 Nov 2026 10:00:00 GMT',
      },
      {
        status: 'error',
        url: start.url,
        code: 'rate-limited',
        message: 'HTTP 429',
        httpStatus: 429,
        retryAfterSeconds: 3600,
      },
      { status: 'error', url: start.url, code: 'http-status', message: 'HTTP 500', httpStatus: 500 },
    ]);
    const feed = { ...start, feedId: 'g' };
    await ingestFeed(deps(fetcher), feed);
    await ingestFeed(deps(fetcher), (await store.feeds.get('g')) as FeedState);
    expect(fetcher.requests[1]).toEqual({
      url: start.url,
      etag: 'W/"abc"',
      lastModified: 'Mon, 23 Nov 2026 10:00:00 GMT',
    });
    const limited = (await store.feeds.get('g')) as FeedState;
    expect(limited.consecutiveFailures).toBe(1);
    expect(Date.parse(limited.nextDueAt as string) - clock.now().getTime()).toBeGreaterThanOrEqual(3600_000);
    await ingestFeed(deps(fetcher), limited);
    const failing = (await store.feeds.get('g')) as FeedState;
    expect(failing.consecutiveFailures).toBe(2);
    expect(failing.lastError).toContain('HTTP 500');
    expect(failing.etag).toBe('W/"abc"');
  });
});
