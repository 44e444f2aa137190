/**
 * Ingest throughput on the embedded store: one generated feed of news-like items served on loopback,
 * fetched, parsed, tagged, deduplicated and stored through the real adapters (dynalite in memory).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveFeedFolder } from '../../shared/demo/feed-server';
import { openLocalRuntime } from '../../shared/local/runtime';
import { ingestFeed } from '../../shared/services/ingest-feed';
import { type BenchRow, median } from '../median';

const ITEMS = 300;
const RUNS = 3;

const PLACES = [
  'Almaty',
  'Tashkent',
  'Bishkek',
  'Dushanbe',
  'Ashgabat',
  'Urumqi',
  'Kashgar',
  'Lyon',
  'Ottawa',
  'Lima',
];

function feed(items: number): string {
  const body = Array.from({ length: items }, (_, i) => {
    const place = PLACES[i % PLACES.length];
    const text = `Officials in ${place} met on day ${i} to discuss trade, water and transport. `.repeat(12);
    return `<item><title>Story ${i} from ${place}: talks on corridor ${i * 7}</title>
<link>https://bench.example/story/${i}</link><guid>bench-${i}</guid>
<pubDate>Tue, 24 Nov 2026 ${String(i % 24).padStart(2, '0')}:15:00 GMT</pubDate>
<description>${text} Item ${i} says ${i * 13} distinct words ${i * 17}.</description></item>`;
  }).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title><link>https://bench.example/</link>${body}</channel></rss>`;
}

export async function run(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'newsalert-bench-'));
  await writeFile(join(dir, 'bench.rss'), feed(ITEMS));
  const server = await serveFeedFolder(dir);
  const rates: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const runtime = await openLocalRuntime({ allowPrivateNetwork: true, outboxDir: join(dir, 'outbox') });
      try {
        const start = performance.now();
        const report = await ingestFeed(runtime, {
          feedId: 'bench',
          url: `${server.baseUrl}/bench.rss`,
          consecutiveFailures: 0,
          itemsSeen: 0,
        });
        const seconds = (performance.now() - start) / 1000;
        if (report.created !== ITEMS)
          throw new Error(`bench stored ${report.created} of ${ITEMS}: ${report.error ?? ''}`);
        rates.push(ITEMS / seconds);
      } finally {
        await runtime.close();
      }
    }
  } finally {
    await server.close();
  }
  return [
    {
      name: 'ingest, embedded store (fetch→parse→tag→dedupe→store)',
      value: Math.round(median(rates)),
      unit: 'articles/s',
      note: `${ITEMS} new items in one feed, median of ${RUNS}`,
    },
  ];
}
