import zlib from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_USER_AGENT, HttpFeedFetcher } from '../../../shared/adapters/http/http-feed-fetcher';
import { serve, type TestServer } from './serve';

const FEED = (title: string, encoding = 'UTF-8') =>
  `<?xml version="1.0" encoding="${encoding}"?><rss version="2.0"><channel><title>${title}</title>` +
  `<item><title>${title}</title><link>https://news.example/1</link></item></channel></rss>`;
const RU = 'Токаев и Мирзиёев обсудили Ташкент и Алматы';

const servers: TestServer[] = [];
async function start(...args: Parameters<typeof serve>): Promise<TestServer> {
  const server = await serve(...args);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const fetcher = new HttpFeedFetcher({ allowPrivateNetwork: true, timeoutMs: 3000 });
const titleOf = (xml: string) => new XMLParser().parse(xml).rss.channel.title as string;

describe('HttpFeedFetcher: a good feed', () => {
  it('returns the text, validators and what it sent says who we are', async () => {
    const server = await start((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/rss+xml',
        etag: '"v1"',
        'last-modified': 'Sat, 01 Mar 2025 10:00:00 GMT',
      });
      res.end(FEED('Hello'));
    });
    const outcome = await fetcher.fetch({ url: `${server.base}/rss` });
    expect(outcome).toMatchObject({
      status: 'ok',
      url: `${server.base}/rss`,
      etag: '"v1"',
      lastModified: 'Sat, 01 Mar 2025 10:00:00 GMT',
      contentType: 'application/rss+xml',
      bytes: Buffer.byteLength(FEED('Hello')),
    });
    expect(outcome.status === 'ok' && titleOf(outcome.body)).toBe('Hello');
    expect(server.seen[0]?.['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(DEFAULT_USER_AGENT).toMatch(/^newsalert\/\S+ \(\+https:\/\/\S+\)$/);
    expect(server.seen[0]?.['accept-encoding']).toBe('gzip, deflate, br');
    expect(server.seen[0]?.['if-none-match']).toBeUndefined();
  });

  it('sends validators verbatim and reports 304 as not-modified', async () => {
    const etag = 'W/"5e-1a2b3c"';
    const lastModified = 'Wed, 21 Oct 2015 07:28:00 GMT';
    const server = await start((req, res) => {
      const fresh =
        req.headers['if-none-match'] === etag && req.headers['if-modified-since'] === lastModified;
      res.writeHead(fresh ? 304 : 200, { etag });
      res.end(fresh ? undefined : FEED('changed'));
    });
    const outcome = await fetcher.fetch({ url: `${server.base}/rss`, etag, lastModified });
    expect(outcome).toEqual({ status: 'not-modified', url: `${server.base}/rss`, etag, lastModified });
    expect(server.seen[0]?.['if-none-match']).toBe(etag);
    expect(server.seen[0]?.['if-modified-since']).toBe(lastModified);
  });
  it('drops a stored validator that would inject a header, and still fetches', async () => {
    const server = await start((_req, res) => res.end(FEED('fine')));
    const outcome = await fetcher.fetch({ url: server.base, etag: '"v1"\r\nX-Injected: yes' });
    expect(outcome.status).toBe('ok');
    expect(server.seen[0]?.['if-none-match']).toBeUndefined();
    expect(server.seen[0]?.['x-injected']).toBeUndefined();
  });

  it('resolves names with the system resolver when no lookup is given', async () => {
    const server = await start((_req, res) => res.end(FEED('local')));
    const outcome = await fetcher.fetch({ url: `http://localhost:${server.port}/` });
    expect(outcome.status === 'ok' && titleOf(outcome.body)).toBe('local');
  });
});

describe('HttpFeedFetcher: compression', () => {
  const body = Buffer.from(FEED(RU));
  it.each([
    ['gzip', { 'content-encoding': 'gzip' }, zlib.gzipSync(body)],
    ['zlib deflate', { 'content-encoding': 'deflate' }, zlib.deflateSync(body)],
    ['raw deflate under "deflate"', { 'content-encoding': 'deflate' }, zlib.deflateRawSync(body)],
    ['brotli', { 'content-encoding': 'br' }, zlib.brotliCompressSync(body)],
    ['gzip the server did not announce', {}, zlib.gzipSync(body)],
    ['gzip then brotli', { 'content-encoding': 'gzip, br' }, zlib.brotliCompressSync(zlib.gzipSync(body))],
  ])('decodes %s', async (_case, headers, payload) => {
    const server = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml', ...headers });
      res.end(payload);
    });
    const outcome = await fetcher.fetch({ url: server.base });
    expect(outcome.status === 'ok' && titleOf(outcome.body)).toBe(RU);
    expect(outcome.status === 'ok' && outcome.bytes).toBe(body.length);
  });

  it.each([
    [
      'a truncated gzip body',
      { 'content-encoding': 'gzip' },
      zlib.gzipSync(body).subarray(0, 40),
      'bad-encoding',
    ],
    ['an unknown coding', { 'content-encoding': 'zstd-custom' }, body, 'unsupported-encoding'],
  ])('reports %s clearly', async (_case, headers, payload, code) => {
    const server = await start((_req, res) => {
      res.writeHead(200, headers);
      res.end(payload);
    });
    const outcome = await fetcher.fetch({ url: server.base });
    expect(outcome).toMatchObject({ status: 'error', code });
  });
});

describe('HttpFeedFetcher: legacy encodings', () => {
  it.each([
    [
      'windows-1251 named by Content-Type',
      'win1251',
      'application/rss+xml; charset=windows-1251',
      'windows-1251',
    ],
    ['KOI8-R named only by the declaration', 'koi8-r', 'text/xml', 'KOI8-R'],
  ])('%s comes out as readable Cyrillic', async (_case, encoding, contentType, declared) => {
    const server = await start((_req, res) => {
      res.writeHead(200, { 'content-type': contentType });
      res.end(iconv.encode(FEED(RU, declared), encoding));
    });
    const outcome = await fetcher.fetch({ url: server.base });
    if (outcome.status !== 'ok') throw new Error(outcome.status);
    expect(titleOf(outcome.body)).toBe(RU);
    expect(outcome.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  });
});

describe('HttpFeedFetcher: redirects', () => {
  it('follows a permanent move and reports the new address', async () => {
    const server = await start((req, res) => {
      if (req.url === '/old') res.writeHead(301, { location: '/new' }).end();
      else res.writeHead(200).end(FEED('moved'));
    });
    const outcome = await fetcher.fetch({ url: `${server.base}/old` });
    expect(outcome).toMatchObject({
      status: 'ok',
      url: `${server.base}/new`,
      permanentUrl: `${server.base}/new`,
    });
  });

  it('does not call a move permanent when a temporary hop comes first', async () => {
    const server = await start((req, res) => {
      if (req.url === '/a') res.writeHead(302, { location: '/b' }).end();
      else if (req.url === '/b') res.writeHead(308, { location: '/c' }).end();
      else res.writeHead(200).end(FEED('c'));
    });
    const outcome = await fetcher.fetch({ url: `${server.base}/a` });
    expect(outcome.status).toBe('ok');
    expect(outcome.status === 'ok' && outcome.permanentUrl).toBeUndefined();
  });

  it('stops a redirect loop', async () => {
    const server = await start((req, res) => {
      res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end();
    });
    const outcome = await fetcher.fetch({ url: `${server.base}/a` });
    expect(outcome).toMatchObject({ status: 'error', code: 'redirects' });
    expect(outcome.status === 'error' && outcome.message).toContain('loop');
    expect(server.seen.length).toBe(2);
  });

  it('gives up after three redirects', async () => {
    const server = await start((req, res) => {
      const n = Number(req.url?.slice(1));
      res.writeHead(307, { location: `/${n + 1}` }).end();
    });
    const outcome = await fetcher.fetch({ url: `${server.base}/0` });
    expect(outcome).toMatchObject({ status: 'error', code: 'redirects' });
    expect(server.seen.length).toBe(4);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const server = await start((_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    const outcome = await fetcher.fetch({ url: server.base });
    expect(outcome).toMatchObject({ status: 'error', code: 'unsupported-scheme' });
  });
});

describe('HttpFeedFetcher: status codes', () => {
  it.each([
    [500, {}, { code: 'http-status', httpStatus: 500 }],
    [404, {}, { code: 'http-status', httpStatus: 404 }],
    [429, { 'retry-after': '120' }, { code: 'rate-limited', httpStatus: 429, retryAfterSeconds: 120 }],
    [503, { 'retry-after': 'garbage' }, { code: 'unavailable', httpStatus: 503 }],
  ])('%i → error', async (status, headers, expected) => {
    const server = await start((_req, res) => res.writeHead(status, headers).end('nope'));
    const outcome = await fetcher.fetch({ url: server.base });
    expect(outcome).toMatchObject({ status: 'error', ...expected });
    expect(outcome.status === 'error' && outcome.message).toMatch(new RegExp(`${status}`));
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const at = new Date(Date.now() + 600_000).toUTCString();
    const server = await start((_req, res) => res.writeHead(503, { 'retry-after': at }).end());
    const outcome = await fetcher.fetch({ url: server.base });
    expect(outcome.status === 'error' && outcome.retryAfterSeconds).toBeGreaterThan(590);
    expect(outcome.status === 'error' && outcome.retryAfterSeconds).toBeLessThanOrEqual(600);
  });
});

describe('HttpFeedFetcher: bad addresses and names', () => {
  it.each([
    ['file:///etc/passwd', 'unsupported-scheme'],
    ['ftp://news.example/rss', 'unsupported-scheme'],
    ['gopher://news.example/', 'unsupported-scheme'],
    ['not a url', 'bad-url'],
  ])('%s → %s', async (url, code) => {
    const outcome = await new HttpFeedFetcher().fetch({ url });
    expect(outcome).toMatchObject({ status: 'error', code });
  });

  it('reports a name that does not resolve', async () => {
    const lookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    const outcome = await new HttpFeedFetcher({ lookup }).fetch({ url: 'https://no-such-host.example/rss' });
    expect(outcome).toMatchObject({ status: 'error', code: 'dns' });
    expect(outcome.status === 'error' && outcome.message).toContain('no-such-host.example');
  });

  it('reports a refused connection', async () => {
    const server = await start((_req, res) => res.end());
    const url = server.base;
    await server.close();
    const outcome = await fetcher.fetch({ url });
    expect(outcome).toMatchObject({ status: 'error', code: 'network' });
    expect(outcome.status === 'error' && outcome.message).toContain('refused');
  });

  it('reports a body cut off before its Content-Length', async () => {
    const server = await start((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('<rss>');
      setTimeout(() => res.destroy(), 20);
    });
    const outcome = await fetcher.fetch({ url: server.base });
    expect(outcome).toMatchObject({ status: 'error', code: 'network' });
  });
});
