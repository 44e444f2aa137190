import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpFeedFetcher } from '../../../shared/adapters/http/http-feed-fetcher';
import { DEMO_FEEDS } from '../../../shared/cli/commands/demo';
import { parseFeed } from '../../../shared/domain/feed/parse-feed';
import type { FeedState } from '../../../shared/domain/types';
import { openLocalRuntime } from '../../../shared/local/runtime';
import type { ArticleStore } from '../../../shared/ports';
import { ingestFeed } from '../../../shared/services/ingest-feed';
import { runCycle } from '../../../shared/services/run-cycle';
import { serve, type TestServer } from '../fetcher/serve';

const LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rss version="2.0"><channel><title>&lol4;</title><item><title>&lol4;</title></item></channel></rss>`;

describe('one run with hostile feeds among good ones', () => {
  let server: TestServer;
  let good: Buffer;
  beforeAll(async () => {
    good = await readFile(join(DEMO_FEEDS, 'steppe-wire.rss'));
    server = await serve((req, res) => {
      switch (req.url) {
        case '/good.rss':
          res
            .writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' })
            .end(gzipSync(good));
          return;
        case '/drip.rss': {
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('<')), 50);
          res.on('close', () => clearInterval(timer));
          return;
        }
        case '/silent.rss':
          return; // never answers
        case '/laughs.rss':
          res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(LAUGHS);
          return;
        case '/broken.rss':
          res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss><channel><item><title>cut');
          return;
        default:
          res.writeHead(500).end('boom');
      }
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('stores the good feed and reports each bad one with its own error, within the timeout', async () => {
    const runtime = await openLocalRuntime({
      fetcher: new HttpFeedFetcher({ allowPrivateNetwork: true, timeoutMs: 1500 }),
      outboxDir: await mkdtemp(join(tmpdir(), 'newsalert-hostile-')),
    });
    try {
      for (const name of ['good', 'drip', 'silent', 'laughs', 'broken', 'error']) {
        await runtime.feeds.put({
          feedId: name,
          url: `${server.base}/${name}.rss`,
          consecutiveFailures: 0,
          itemsSeen: 0,
        });
      }
      const started = Date.now();
      const report = await runCycle(runtime);
      expect(Date.now() - started).toBeLessThan(10_000);
      const byId = Object.fromEntries(report.feeds.map((f) => [f.feedId, f]));
      expect(byId.good?.status).toBe('ok');
      expect(byId.good?.created).toBeGreaterThan(5);
      expect(byId.drip?.error).toMatch(/no complete response .* within 1.5 s/);
      expect(byId.silent?.error).toMatch(/no complete response .* within 1.5 s/);
      expect(byId.laughs?.error).toMatch(/entit/i);
      expect(byId.error?.error).toMatch(/500/);
      // A truncated feed is read as far as it goes: the one item before the cut.
      expect(byId.broken).toMatchObject({ status: 'ok', items: 1 });
      const drip = await runtime.feeds.get('drip');
      expect(drip?.consecutiveFailures).toBe(1);
      expect(drip?.lastError).toMatch(/no complete response .* within 1.5 s/);
      expect(Date.parse(drip?.nextDueAt as string)).toBeGreaterThan(Date.now());
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    } finally {
      await runtime.close();
    }
  });
});

describe('politeness', () => {
  it('polling an unchanged feed 100 times costs no parse and no write', async () => {
    const body = await readFile(join(DEMO_FEEDS, 'caspian-digest.rdf'));
    const server = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(body);
    });
    const runtime = await openLocalRuntime({ allowPrivateNetwork: true });
    try {
      let parses = 0;
      let writes = 0;
      const counting = new Proxy(runtime.articles as ArticleStore, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            if (
              ['putIfNew', 'claimFingerprints', 'addSource', 'updateTags', 'markAlerted'].includes(
                String(prop),
              )
            )
              writes++;
            return value.apply(target, args);
          };
        },
      });
      const deps = {
        ...runtime,
        articles: counting,
        parse: (text: string, o: { baseUrl: string }) => {
          parses++;
          return parseFeed(text, o);
        },
      };
      let state: FeedState = {
        feedId: 'rdf',
        url: `${server.base}/feed.rdf`,
        consecutiveFailures: 0,
        itemsSeen: 0,
      };
      const first = await ingestFeed(deps, state);
      expect(first.created).toBeGreaterThan(3);
      parses = 0;
      writes = 0;
      for (let i = 0; i < 100; i++) {
        state = (await runtime.feeds.get('rdf')) as FeedState;
        const report = await ingestFeed(deps, state);
        expect(report.status).toBe('not-modified');
      }
      expect({ parses, writes }).toEqual({ parses: 0, writes: 0 });
      expect(server.seen.filter((h) => h['if-none-match'] === '"v1"')).toHaveLength(100);
    } finally {
      await runtime.close();
      await server.close();
    }
  });
});
