/**
 * Serves a folder of feed files on loopback, with ETag and Last-Modified so conditional GETs get a 304:
 * the demo, the tests and the benchmarks use it in place of the internet.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import type { FeedConfig } from '../domain/types';

const TYPES: Record<string, string> = {
  '.rss': 'application/rss+xml; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.rdf': 'application/rdf+xml; charset=utf-8',
  '.json': 'application/feed+json; charset=utf-8',
};

export interface FeedServer {
  baseUrl: string;
  files: string[];
  /** One feed config per served file, the file name without its extension as the id. */
  feeds: FeedConfig[];
  /** Requests served, by path, and how many of them were answered 304. */
  hits: Map<string, { total: number; notModified: number }>;
  close(): Promise<void>;
}

export async function serveFeedFolder(
  folder: string,
  lastModified = new Date('2026-11-27T12:00:00Z'),
): Promise<FeedServer> {
  const files = (await readdir(folder)).filter((f) => TYPES[extname(f)] && f !== 'expected.json');
  const bodies = new Map<string, { body: Buffer; etag: string; type: string }>();
  for (const file of files) {
    const body = await readFile(join(folder, file));
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    bodies.set(`/${file}`, { body, etag, type: TYPES[extname(file)] as string });
  }
  const hits = new Map<string, { total: number; notModified: number }>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const entry = bodies.get(path);
    const hit = hits.get(path) ?? { total: 0, notModified: 0 };
    hits.set(path, hit);
    hit.total++;
    if (!entry) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (req.headers['if-none-match'] === entry.etag) {
      hit.notModified++;
      res.writeHead(304, { etag: entry.etag }).end();
      return;
    }
    res
      .writeHead(200, {
        'content-type': entry.type,
        etag: entry.etag,
        'last-modified': lastModified.toUTCString(),
        'content-length': entry.body.length,
      })
      .end(entry.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    files,
    feeds: files.map((file) => ({ id: file.replace(/\.[^.]+$/, ''), url: `${baseUrl}/${file}` })),
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
