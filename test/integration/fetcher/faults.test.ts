/**
 * Hostile and broken servers: each must end quickly in a clear error, with memory bounded and the
 * socket really closed (a fetcher that merely stops listening would leak one socket per bad feed).
 */
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpFeedFetcher } from '../../../shared/adapters/http/http-feed-fetcher';
import type { FetchOutcome } from '../../../shared/ports';
import { serve, stream, type TestServer } from './serve';

const MB = 1024 * 1024;
const servers: TestServer[] = [];
async function start(handler: Parameters<typeof serve>[0]): Promise<TestServer> {
  const server = await serve(handler);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Runs a fetch, timing it and sampling RSS so a body buffered whole would show. */
async function measure(run: () => Promise<FetchOutcome>) {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  const outcome = await run();
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const growthMb = (peak - before) / MB;
  if (process.env.FETCH_FIGURES) {
    const what = outcome.status === 'error' ? outcome.code : outcome.status;
    console.log(`${what} in ${Math.round(ms)} ms, RSS +${growthMb.toFixed(1)} MB`);
  }
  return { outcome, ms, growthMb };
}

/** Resolves true when the server's sockets close within `ms`. */
const closesWithin = (server: TestServer, ms: number) =>
  Promise.race([
    server.socketsClosed().then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), ms)),
  ]);

describe('time limits', () => {
  const quick = new HttpFeedFetcher({ allowPrivateNetwork: true, timeoutMs: 1000 });

  it('cuts off a server that drips one byte at a time', async () => {
    const server = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write('<')), 50);
    });
    const { outcome, ms } = await measure(() => quick.fetch({ url: server.base }));
    expect(outcome).toMatchObject({ status: 'error', code: 'timeout' });
    expect(outcome.status === 'error' && outcome.message).toContain('within 1 s');
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(1500);
    expect(await closesWithin(server, 500)).toBe(true);
  });

  it('cuts off a server that never sends headers', async () => {
    const server = await start(() => {});
    const { outcome, ms } = await measure(() => quick.fetch({ url: server.base }));
    expect(outcome).toMatchObject({ status: 'error', code: 'timeout' });
    expect(ms).toBeLessThan(1500);
    expect(await closesWithin(server, 500)).toBe(true);
  });

  it('cuts off a name lookup that never answers', async () => {
    const stuck = new HttpFeedFetcher({ timeoutMs: 300, lookup: () => new Promise(() => {}) });
    const { outcome, ms } = await measure(() => stuck.fetch({ url: 'https://slow-dns.example/rss' }));
    expect(outcome).toMatchObject({ status: 'error', code: 'timeout' });
    expect(ms).toBeLessThan(800);
  });

  it('counts redirects against the same deadline', async () => {
    const server = await start((req, res) => {
      setTimeout(() => res.writeHead(302, { location: `${req.url}x` }).end(), 400);
    });
    const { outcome, ms } = await measure(() =>
      new HttpFeedFetcher({ allowPrivateNetwork: true, timeoutMs: 1000, maxRedirects: 10 }).fetch({
        url: `${server.base}/`,
      }),
    );
    expect(outcome).toMatchObject({ status: 'error', code: 'timeout' });
    expect(ms).toBeLessThan(1500);
  });
});

describe('size limits (5 MiB after decompression)', () => {
  const fetcher = new HttpFeedFetcher({ allowPrivateNetwork: true, timeoutMs: 5000 });

  it('stops reading a 60 MB body and keeps memory bounded', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const server = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      stream(res, chunk, 60 * MB);
    });
    const { outcome, ms, growthMb } = await measure(() => fetcher.fetch({ url: server.base }));
    expect(outcome).toMatchObject({ status: 'error', code: 'too-large' });
    expect(outcome.status === 'error' && outcome.message).toContain('5 MiB');
    expect(growthMb).toBeLessThan(50);
    expect(ms).toBeLessThan(2000);
    expect(await closesWithin(server, 500)).toBe(true);
  });

  it('refuses at once a body whose Content-Length is over the cap', async () => {
    const server = await start((_req, res) => {
      res.writeHead(200, { 'content-length': String(60 * MB) });
      res.write('<rss>');
    });
    const { outcome, ms } = await measure(() => fetcher.fetch({ url: server.base }));
    expect(outcome).toMatchObject({ status: 'error', code: 'too-large' });
    expect(ms).toBeLessThan(500);
  });

  it('defuses a gzip bomb (100 KB inflating to 100 MB)', async () => {
    // Concatenated gzip members are one valid gzip stream: 100 × (1 MiB of zeros, ~1 KB compressed).
    const member = zlib.gzipSync(Buffer.alloc(MB), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 100 }, () => member));
    expect(bomb.length).toBeLessThan(200 * 1024);
    const server = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const { outcome, ms, growthMb } = await measure(() => fetcher.fetch({ url: server.base }));
    expect(outcome).toMatchObject({ status: 'error', code: 'too-large' });
    expect(growthMb).toBeLessThan(50);
    expect(ms).toBeLessThan(2000);
  });

  it('defuses a brotli bomb', async () => {
    const bomb = zlib.brotliCompressSync(Buffer.alloc(20 * MB), {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 },
    });
    const server = await start((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'br' });
      res.end(bomb);
    });
    const { outcome, growthMb } = await measure(() => fetcher.fetch({ url: server.base }));
    expect(outcome).toMatchObject({ status: 'error', code: 'too-large' });
    expect(growthMb).toBeLessThan(50);
  });

  it('still accepts a feed just under the cap', async () => {
    const small = new HttpFeedFetcher({ allowPrivateNetwork: true, maxBytes: 1000 });
    const body = `<rss>${'x'.repeat(989)}</rss>`;
    const server = await start((_req, res) => res.end(zlib.gzipSync(body)));
    const outcome = await small.fetch({ url: server.base });
    expect(outcome).toMatchObject({ status: 'ok', bytes: 1000 });
  });
});
