/**
 * Feed URLs are user input: none may make us talk to this machine, the private network or cloud
 * metadata, however the address is spelled or reached. "Refused" here means no connection at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAddress } from '../../../shared/adapters/http/address-guard';
import { HttpFeedFetcher } from '../../../shared/adapters/http/http-feed-fetcher';
import { serve, type TestServer } from './serve';

let server: TestServer;
let other: TestServer;
beforeAll(async () => {
  server = await serve((req, res) => {
    if (req.url === '/to-metadata')
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    else if (req.url === '/to-other-loopback')
      res.writeHead(301, { location: `http://127.0.0.2:${other.port}/` }).end();
    else if (req.url === '/to-rebound-name')
      res.writeHead(302, { location: `http://rebound.example:${other.port}/` }).end();
    else if (req.url === '/hop') res.writeHead(302, { location: '/' }).end();
    else res.writeHead(200).end('<rss/>');
  });
  other = await serve((_req, res) => res.end('<rss/>'), '127.0.0.2');
});
afterAll(async () => {
  await server.close();
  await other.close();
});

const publicLookup = async (host: string) => {
  if (host === 'rebound.example') return [{ address: '127.0.0.2', family: 4 as const }];
  if (host === 'mixed.example')
    return [
      { address: '93.184.216.34', family: 4 as const },
      { address: '127.0.0.1', family: 4 as const },
    ];
  if (host === 'sneaky.example') return [{ address: '::ffff:127.0.0.1', family: 6 as const }];
  return [{ address: '127.0.0.1', family: 4 as const }];
};

describe('loopback, however it is spelled', () => {
  const guarded = new HttpFeedFetcher({ timeoutMs: 2000, lookup: publicLookup });
  it.each([
    ['dotted', (p: number) => `http://127.0.0.1:${p}/`],
    ['decimal', (p: number) => `http://2130706433:${p}/`],
    ['octal', (p: number) => `http://0177.0.0.1:${p}/`],
    ['hex', (p: number) => `http://0x7f.1:${p}/`],
    ['short', (p: number) => `http://127.1:${p}/`],
    ['IPv6', (p: number) => `http://[::1]:${p}/`],
    ['IPv4-mapped IPv6', (p: number) => `http://[::ffff:127.0.0.1]:${p}/`],
    ['localhost', (p: number) => `http://localhost:${p}/`],
    ['localhost with a trailing dot', (p: number) => `http://LocalHost.:${p}/`],
    ['a name whose DNS answer is loopback', (p: number) => `http://feeds.example:${p}/`],
    ['a name with one public and one loopback answer', (p: number) => `http://mixed.example:${p}/`],
    ['a name answering with a mapped loopback', (p: number) => `http://sneaky.example:${p}/`],
  ])('refuses %s with no connection made', async (_case, url) => {
    const before = server.connections;
    const outcome = await guarded.fetch({ url: url(server.port) });
    expect(outcome).toMatchObject({ status: 'error', code: 'blocked-address' });
    expect(outcome.status === 'error' && outcome.message).toMatch(/refused .*only public internet/);
    expect(server.connections).toBe(before);
  });

  it('fetches the same server once private networks are allowed', async () => {
    const open = new HttpFeedFetcher({ allowPrivateNetwork: true });
    expect(await open.fetch({ url: `http://127.1:${server.port}/` })).toMatchObject({
      status: 'ok',
      body: '<rss/>',
    });
  });
});

describe('redirects are re-checked', () => {
  // Pretend 127.0.0.1 is the public internet; everything else keeps the real policy.
  const fetcher = new HttpFeedFetcher({
    timeoutMs: 2000,
    lookup: publicLookup,
    addressPolicy: (address) => (address === '127.0.0.1' ? { ok: true } : checkAddress(address)),
  });

  it.each([
    ['the metadata endpoint', '/to-metadata', 'metadata'],
    ['another loopback address', '/to-other-loopback', '127.0.0.2'],
    ['a name that resolves to loopback', '/to-rebound-name', '127.0.0.2'],
  ])('refuses a redirect to %s', async (_case, path, reason) => {
    const before = other.connections;
    const outcome = await fetcher.fetch({ url: `http://127.0.0.1:${server.port}${path}` });
    expect(outcome).toMatchObject({ status: 'error', code: 'blocked-address' });
    expect(outcome.status === 'error' && outcome.message).toContain(reason);
    expect(other.connections).toBe(before);
  });

  it('still follows a redirect that stays public', async () => {
    const outcome = await fetcher.fetch({ url: `http://127.0.0.1:${server.port}/hop` });
    expect(outcome).toMatchObject({ status: 'ok', url: `http://127.0.0.1:${server.port}/`, body: '<rss/>' });
  });
});
