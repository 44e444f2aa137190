import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { feedHealth } from '../../domain/feed/health';
import { feedIdFromUrl, parseOpml, toOpml } from '../../domain/feed/opml';
import { safeJson, safeLine } from '../../domain/text/sanitize';
import type { FeedState } from '../../domain/types';
import type { FeedStore } from '../../ports';
import { type CliIo, UsageError } from '../io';
import { addLocalOptions, type LocalFlags, withLocal } from '../local';

export function registerFeeds(program: Command, io: CliIo): void {
  const list = async (opts: LocalFlags & { json?: boolean }) => {
    await withLocal(opts, io, async (rt) => {
      await listFeeds(rt.feeds, io, Boolean(opts.json), rt.clock.now());
    });
  };
  const feeds = addLocalOptions(
    program
      .command('feeds')
      .description('List the watched feeds with their health; add, remove, import, export'),
  )
    .option('--json', 'one JSON line per feed')
    .action(list);

  // `feeds` and `feeds list` are the same command.
  addLocalOptions(feeds.command('list').description('List the watched feeds with their health'))
    .option('--json', 'one JSON line per feed')
    .action(list);

  addLocalOptions(
    feeds.command('add').description('Watch a feed').argument('<url>', 'feed URL (http or https)'),
  )
    .option('--id <id>', 'feed id (default: from the URL)')
    .option('--name <name>', 'display name')
    .action(async (url: string, opts) => {
      if (!/^https?:\/\//i.test(url)) throw new UsageError(`"${url}" is not an http(s) URL`);
      const id = opts.id ?? feedIdFromUrl(url);
      await withLocal(opts, io, async (rt) => {
        const same = (await rt.feeds.list()).find((f) => f.url === url || f.permanentUrl === url);
        if (same) throw new UsageError(`${url} is watched already as "${same.feedId}"`);
        if (await rt.feeds.get(id)) throw new UsageError(`a feed with id "${id}" exists already; pick --id`);
        await rt.feeds.put({
          feedId: id,
          url,
          ...(opts.name ? { name: opts.name } : {}),
          consecutiveFailures: 0,
          itemsSeen: 0,
        });
        io.out(`added ${id}: ${url}`);
      });
    });

  addLocalOptions(
    feeds.command('remove').description('Stop watching a feed').argument('<id>', 'feed id'),
  ).action(async (id: string, opts) => {
    await withLocal(opts, io, async (rt, config) => {
      if (!(await rt.feeds.get(id))) throw new UsageError(`no feed with id "${id}" (see: newsalert feeds)`);
      await rt.feeds.remove(id);
      const inConfig = config.feeds.some((f) => f.id === id);
      io.out(
        `removed ${id}${inConfig ? ` (it is also in ${config.file}: remove it there or it comes back)` : ''}`,
      );
    });
  });

  addLocalOptions(
    feeds.command('import').description('Watch every feed of an OPML file').argument('<file>', 'OPML file'),
  ).action(async (file: string, opts) => {
    const found = parseOpml(await readFile(file, 'utf8'));
    await withLocal(opts, io, async (rt) => {
      let added = 0;
      // A feed is already watched when its id or its address is.
      const watched = await rt.feeds.list();
      const urls = new Set(watched.flatMap((w) => [w.url, w.permanentUrl ?? w.url]));
      const ids = new Set(watched.map((w) => w.feedId));
      for (const f of found) {
        if (ids.has(f.id) || urls.has(f.url)) continue;
        ids.add(f.id);
        urls.add(f.url);
        await rt.feeds.put({
          feedId: f.id,
          url: f.url,
          ...(f.name ? { name: f.name } : {}),
          consecutiveFailures: 0,
          itemsSeen: 0,
        });
        added++;
      }
      io.out(`${found.length} feed(s) in ${file}: ${added} added, ${found.length - added} already watched`);
    });
  });

  addLocalOptions(feeds.command('export').description('Print the watched feeds as OPML')).action(
    async (opts) => {
      await withLocal(opts, io, async (rt, _config) => {
        const list = await rt.feeds.list();
        io.out(
          toOpml(
            list.map((f) => ({ id: f.feedId, url: f.url, ...(f.name ? { name: f.name } : {}) })),
          ).trimEnd(),
        );
      });
    },
  );
}

async function listFeeds(store: FeedStore, io: CliIo, json: boolean, now: Date): Promise<void> {
  const list = (await store.list()).sort((a, b) => a.feedId.localeCompare(b.feedId));
  for (const feed of list) {
    const health = feedHealth(feed, now);
    if (json) {
      io.out(safeJson({ ...feed, health }));
      continue;
    }
    io.out(describeFeed(feed, health));
  }
  if (!json) io.out(`${list.length} feed(s)`);
}

function describeFeed(feed: FeedState, health: string): string {
  const mark = { ok: '✓', failing: '✗', silent: '…', new: '·' }[health] ?? '?';
  const parts = [
    `${mark} ${feed.feedId} [${health}] ${safeLine(feed.name ?? '')} ${feed.url}`,
    `    last success: ${feed.lastSuccessAt ?? 'never'}; failures in a row: ${feed.consecutiveFailures ?? 0}; ` +
      `items/day: ${feed.itemsPerDay ?? '-'}; next due: ${feed.nextDueAt ?? 'now'}`,
  ];
  if (feed.lastError) parts.push(`    last error: ${safeLine(feed.lastError)}`);
  return parts.join('\n');
}
