import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_FEEDS } from '../../../shared/cli/commands/demo';
import { canonicalUrl } from '../../../shared/domain/feed/normalise';
import { deliverPendingAlerts } from '../../../shared/services/deliver-alerts';
import { ingestFeeds } from '../../../shared/services/ingest-feed';
import { runCycle } from '../../../shared/services/run-cycle';
import { startDemoRuntime } from '../../support/demo-runtime';
import { manualClock } from '../../support/store';

interface Expected {
  feed: string;
  title: string;
  topics: string[];
  countries: string[];
  duplicateOf?: string;
}
const expected = JSON.parse(readFileSync(join(DEMO_FEEDS, 'expected.json'), 'utf8')) as Record<
  string,
  Expected
>;
const duplicates = Object.values(expected).filter((e) => e.duplicateOf).length / 2;
const storiesInFeeds = Object.keys(expected).length;

describe('the whole pipeline on the demo feeds (loopback HTTP, dynalite, local outbox)', () => {
  let demo: Awaited<ReturnType<typeof startDemoRuntime>> | undefined;
  afterEach(async () => {
    await demo?.close();
    demo = undefined;
  });

  it('stores every story once, alerts each once, and a second run fetches 304s and sends nothing', async () => {
    demo = await startDemoRuntime();
    const { runtime, server } = demo;

    const first = await runCycle(runtime, { force: true });
    expect(first.feeds.every((f) => f.status === 'ok')).toBe(true);
    const created = first.feeds.reduce((n, f) => n + f.created, 0);
    expect(created).toBe(storiesInFeeds - duplicates);
    expect(first.feeds.reduce((n, f) => n + f.duplicates, 0)).toBe(duplicates);
    const deliveredFirst = runtime.outbox.delivered.map((d) => `${d.to} ${d.message.articleId}`);
    expect(deliveredFirst.length).toBeGreaterThan(10);
    expect(new Set(deliveredFirst).size).toBe(deliveredFirst.length);

    const second = await runCycle(runtime, { force: true });
    expect(second.feeds.map((f) => f.status)).toEqual(second.feeds.map(() => 'not-modified'));
    expect(second.delivery.published).toEqual([]);
    expect(runtime.outbox.delivered.length).toBe(deliveredFirst.length);
    const notModified = [...server.hits.values()].reduce((n, h) => n + h.notModified, 0);
    expect(notModified).toBe(server.files.length);
  });

  it('stores the story carried by two feeds once, with both sources, and alerts it once', async () => {
    demo = await startDemoRuntime();
    const { runtime } = demo;
    await runCycle(runtime, { force: true });
    const [link] = Object.entries(expected).find(([, e]) => e.duplicateOf) ?? [];
    const pairTitle = expected[link as string]?.title.split(' ').slice(0, 4).join(' ') as string;
    const all = await runtime.articles.query({ limit: 200 });
    const copies = all.articles.filter((a) => a.title.startsWith(pairTitle));
    expect(copies).toHaveLength(1);
    expect(copies[0]?.feedIds).toHaveLength(2);
    const alerts = runtime.outbox.delivered.filter((d) => d.message.articleId === copies[0]?.id);
    expect(new Set(alerts.map((d) => d.to)).size).toBe(alerts.length);
  });

  it('tags the sample stories as an analyst would: no confuser is alerted', async () => {
    demo = await startDemoRuntime();
    const { runtime } = demo;
    await runCycle(runtime, { force: true });
    const stored = (await runtime.articles.query({ limit: 200 })).articles;
    const byUrl = new Map(stored.map((a) => [a.canonicalUrl, a]));
    let agree = 0;
    const disagreements: string[] = [];
    for (const [link, e] of Object.entries(expected)) {
      if (e.duplicateOf) continue;
      const article = byUrl.get(canonicalUrl(link) as string);
      if (!article) continue;
      if ([...article.topics].sort().join() === [...e.topics].sort().join()) agree++;
      else disagreements.push(`${e.title}: got [${article.topics}] want [${e.topics}]`);
      if (e.topics.length === 0) expect(article.topics, e.title).toEqual([]);
    }
    expect(disagreements).toEqual([]);
    expect(agree).toBeGreaterThan(30);
  });

  it('alerts on the next run what a process stored but died before alerting', async () => {
    demo = await startDemoRuntime();
    const { runtime } = demo;
    const feeds = await runtime.feeds.list();
    // The process "dies" after storing: ingest runs, alert delivery never does.
    const reports = await ingestFeeds(runtime, feeds);
    const stored = reports.flatMap((r) => r.createdIds);
    expect(stored.length).toBe(storiesInFeeds - duplicates);
    expect(runtime.outbox.delivered).toHaveLength(0);

    const next = await runCycle(runtime);
    const tagged = (await runtime.articles.query({ limit: 200 })).articles.filter((a) => a.topics.length > 0);
    expect([...next.delivery.published].sort()).toEqual(tagged.map((a) => a.id).sort());
    expect(runtime.outbox.delivered.length).toBeGreaterThan(10);
    for (const d of runtime.outbox.delivered) expect(next.delivery.published).toContain(d.message.articleId);
    expect(await runtime.articles.listUnalerted(1000)).toEqual([]);
  });

  it('alerts once a claim left by a dead process lapses, and never twice', async () => {
    const clock = manualClock();
    demo = await startDemoRuntime({ clock });
    const { runtime } = demo;
    await ingestFeeds(runtime, await runtime.feeds.list());
    const [victim] = (await runtime.articles.listUnalerted(1000)).filter((a) => a.topics.length > 0);
    // A process claims the alert and dies before publishing.
    expect(await runtime.articles.claimAlert(victim?.id as string, clock.now(), 5 * 60_000)).toBe(true);

    const during = await deliverPendingAlerts(runtime);
    expect(during.published).not.toContain(victim?.id);
    clock.advance(6 * 60_000);
    const after = await deliverPendingAlerts(runtime);
    expect(after.published).toEqual([victim?.id]);
    const again = await deliverPendingAlerts(runtime);
    expect(again.published).toEqual([]);
  });
});
