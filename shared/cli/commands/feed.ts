import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { HttpFeedFetcher } from '../../adapters/http/http-feed-fetcher';
import { decodeFeedBytes } from '../../domain/feed/decode';
import { parseFeed } from '../../domain/feed/parse-feed';
import { safeJson, safeLine } from '../../domain/text/sanitize';
import type { ParsedFeed } from '../../domain/types';
import type { FeedFetcher } from '../../ports';
import { type CliIo, CommandFailed } from '../io';

/** Files are read with the same cap as fetched bodies. */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;

export interface InspectResult {
  source: string;
  ok: boolean;
  error?: string;
  feed?: ParsedFeed;
}

export function registerFeed(program: Command, io: CliIo): void {
  const feed = program.command('feed').description('Work with one feed');
  feed
    .command('inspect')
    .description('Fetch (as ingest does) or read feeds and show what newsalert parses from them')
    .argument('<sources...>', 'feed files or http(s) URLs')
    .option('--json', 'one JSON line per input: {source, ok, error?, feed?}')
    .option(
      '--allow-private-network',
      'allow URLs on private, loopback or link-local addresses (testing only)',
    )
    .action(async (sources: string[], opts: { json?: boolean; allowPrivateNetwork?: boolean }) => {
      const fetcher = new HttpFeedFetcher({ allowPrivateNetwork: Boolean(opts.allowPrivateNetwork) });
      let failures = 0;
      for (const source of sources) {
        const result = await inspectSource(source, fetcher);
        if (!result.ok) failures++;
        io.out(opts.json ? safeJson(result) : describe(result));
      }
      if (failures > 0)
        throw new CommandFailed(opts.json ? '' : `${failures} of ${sources.length} feed(s) failed`);
    });
}

export async function inspectSource(source: string, fetcher: FeedFetcher): Promise<InspectResult> {
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) && !source.toLowerCase().startsWith('file://')) {
      const outcome = await fetcher.fetch({ url: source });
      if (outcome.status === 'error') return { source, ok: false, error: outcome.message };
      if (outcome.status === 'not-modified')
        return { source, ok: false, error: 'the server answered 304 Not Modified' };
      return { source, ok: true, feed: await parseFeed(outcome.body, { baseUrl: outcome.url }) };
    }
    const path = source.toLowerCase().startsWith('file://') ? fileURLToPath(source) : source;
    const text = decodeFeedBytes(await readCapped(path));
    return { source, ok: true, feed: await parseFeed(text) };
  } catch (error) {
    return { source, ok: false, error: (error as Error).message };
  }
}

async function readCapped(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > MAX_FEED_BYTES) {
      throw new Error(`${path} is ${size} bytes; feeds over ${MAX_FEED_BYTES} bytes are refused`);
    }
    const buffer = Buffer.alloc(size);
    await handle.read(buffer, 0, size, 0);
    return buffer;
  } finally {
    await handle.close();
  }
}

function describe(result: InspectResult): string {
  if (!result.ok || !result.feed) return `✗ ${result.source}: ${safeLine(result.error ?? 'failed')}`;
  const f = result.feed;
  const lines = [
    `✓ ${result.source}`,
    `  title:    ${safeLine(f.title ?? '-')}`,
    `  link:     ${safeLine(f.link ?? '-')}`,
    `  language: ${f.language ?? '-'}   updated: ${f.updated ?? '-'}   items: ${f.items.length}`,
  ];
  for (const item of f.items.slice(0, 20)) {
    lines.push(
      `  - ${item.published ?? '(no date)          '}  ${safeLine(item.title ?? '(untitled)').slice(0, 90)}`,
    );
  }
  if (f.items.length > 20) lines.push(`  … ${f.items.length - 20} more`);
  for (const s of f.skipped ?? []) lines.push(`  ! item ${s.index + 1} skipped: ${safeLine(s.reason)}`);
  return lines.join('\n');
}
