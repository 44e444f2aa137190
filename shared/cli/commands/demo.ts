/**
 * `npm run demo`: the whole pipeline offline. The project's sample feeds are served on loopback,
 * ingested into an in-memory embedded store, tagged, stored and alerted to three sample subscribers,
 * then a second cycle shows nothing is fetched, stored or alerted twice, and history is queried.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { serveFeedFolder } from '../../demo/feed-server';
import { safeLine } from '../../domain/text/sanitize';
import type { Subscription } from '../../domain/types';
import { openLocalRuntime } from '../../local/runtime';
import { PROJECT_ROOT } from '../../project-root';
import { sendDigests } from '../../services/build-digest';
import { queryHistory } from '../../services/query-history';
import { runCycle, syncConfiguredFeeds } from '../../services/run-cycle';
import { type CliIo, CommandFailed } from '../io';
import { printCycle } from '../print-cycle';

export const DEMO_FEEDS = join(PROJECT_ROOT, 'shared', 'demo', 'feeds');

export const DEMO_SUBSCRIPTIONS: Subscription[] = [
  { email: 'analyst@example.org', topics: ['xinjiang'], kind: 'instant' },
  { email: 'researcher@example.org', topics: ['central-asia'], countries: ['KZ', 'UZ'], kind: 'instant' },
  { email: 'editor@example.org', topics: ['central-asia', 'xinjiang'], kind: 'digest' },
];

const rule = (title: string) => `\n=== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}`;

export function registerDemo(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('Run the whole pipeline offline on sample feeds served on loopback')
    .option('--quiet', 'print only the summary')
    .action(async (opts: { quiet?: boolean }) => {
      await runDemo(io, { quiet: Boolean(opts.quiet) });
    });
}

export async function runDemo(io: CliIo, options: { quiet?: boolean } = {}): Promise<void> {
  const server = await serveFeedFolder(DEMO_FEEDS);
  const outboxDir = await mkdtemp(join(tmpdir(), 'newsalert-demo-outbox-'));
  const show = (text: string) => {
    if (!options.quiet) io.out(text);
  };
  const runtime = await openLocalRuntime({ allowPrivateNetwork: true, outboxDir });
  try {
    io.out(`newsalert demo: ${server.files.length} sample feeds served at ${server.baseUrl}`);
    for (const sub of DEMO_SUBSCRIPTIONS) await runtime.subscriptions.add(sub);
    io.out(
      `subscribers: ${DEMO_SUBSCRIPTIONS.map((s) => `${s.email} (${s.kind}: ${s.topics.join('+')}${s.countries ? ` in ${s.countries.join(',')}` : ''})`).join('; ')}`,
    );
    await syncConfiguredFeeds(runtime.feeds, server.feeds);

    io.out(rule('cycle 1: fetch, parse, tag, store, alert'));
    // The demo tells one story in order: progress lines go to the same stream as the emails.
    const progress: CliIo = { ...io, err: io.out };
    const first = await runCycle(runtime, { force: true });
    const failed = printCycle(progress, first);
    show(rule(`alerts delivered (${runtime.outbox.delivered.length} emails, also written to ${outboxDir})`));
    for (const d of runtime.outbox.delivered) {
      show(`\n--- To: ${d.to}\n--- Subject: ${d.message.subject}\n${d.message.body}`);
    }
    const firstDeliveries = runtime.outbox.delivered.length;

    io.out(rule('cycle 2: the same feeds again'));
    const second = await runCycle(runtime, { force: true });
    printCycle(progress, second);
    const created = second.feeds.reduce((n, f) => n + f.created, 0);
    io.out(
      `second cycle: ${created} new article(s), ${runtime.outbox.delivered.length - firstDeliveries} new email(s)`,
    );

    io.out(rule('history: xinjiang articles that mention Kazakhstan'));
    const page = await queryHistory(runtime, { topic: 'xinjiang', country: 'KZ', limit: 20 });
    for (const a of page.articles) {
      io.out(
        `${a.published.slice(0, 10)}  [${a.topics.join(', ')}] [${a.countries.join(' ')}]  ${safeLine(a.title)}`,
      );
    }
    const all = await queryHistory(runtime, { limit: 200 });
    io.out(`(${all.articles.length} articles stored in all; ${page.articles.length} match)`);

    // The digest covers the busiest day of the samples, as a morning digest would cover yesterday.
    const perDay = new Map<string, number>();
    for (const a of all.articles.filter((x) => x.topics.length > 0)) {
      const d = a.published.slice(0, 10);
      perDay.set(d, (perDay.get(d) ?? 0) + 1);
    }
    const day = [...perDay.entries()].sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0]))[0]?.[0];
    if (day) {
      const before = runtime.outbox.delivered.length;
      io.out(rule(`daily digest for ${day}`));
      const digest = await sendDigests(
        { articles: runtime.articles, publisher: runtime.publisher },
        ['central-asia', 'xinjiang'],
        day,
      );
      for (const d of runtime.outbox.delivered.slice(before))
        show(`\n--- To: ${d.to}\n--- Subject: ${d.message.subject}\n${d.message.body}`);
      io.out(`digests sent: ${digest.sent.map((s) => `${s.topic} (${s.articles})`).join(', ') || 'none'}`);
    }
    if (failed > 0) throw new CommandFailed(`${failed} sample feed(s) failed to ingest`);
    io.out(`\ndemo done: ${firstDeliveries} alert email(s) in ${outboxDir}`);
  } finally {
    await runtime.close();
    await server.close();
  }
}
