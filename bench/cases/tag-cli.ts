/**
 * `newsalert tag --jsonl` end to end on one core: a real process reading JSON lines on stdin and
 * writing the contract's lines, as a corpus scorer drives it. Includes start-up (taxonomy load). Uses the
 * bundle `npm ci` builds (dist/), as a user's `npx newsalert` does.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type BenchRow, median } from '../median';
import { syntheticArticles } from './tagger';

const RUNS = 3;
/** The same synthetic articles as the in-process tagger case, as the contract's JSON lines. */
function corpus(bytes: number): string {
  return `${syntheticArticles(bytes)
    .map((a, i) => JSON.stringify({ id: `b${i}`, title: a.title, text: a.text }))
    .join('\n')}\n`;
}

export async function run(): Promise<BenchRow[]> {
  // Measure what users run: the bundle, rebuilt from the current sources.
  const built = spawnSync(
    process.execPath,
    [join(import.meta.dirname, '..', '..', 'scripts', 'build-cli.mjs')],
    {
      cwd: join(import.meta.dirname, '..', '..'),
      encoding: 'utf8',
    },
  );
  if (built.status !== 0) throw new Error(`building the CLI bundle failed: ${built.stderr}`);
  const bin = join(import.meta.dirname, '..', '..', 'bin', 'newsalert.mjs');
  const timeRun = (input: string) => {
    const start = performance.now();
    const result = spawnSync(process.execPath, [bin, 'tag', '--jsonl'], {
      input,
      maxBuffer: 1 << 30,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`tag --jsonl failed: ${result.stderr}`);
    return (performance.now() - start) / 1000;
  };
  const startups: number[] = [];
  for (let i = 0; i < RUNS; i++) startups.push(timeRun('\n'));
  const rows: BenchRow[] = [
    {
      name: 'tag --jsonl start-up (empty input)',
      value: Math.round(median(startups) * 1000),
      unit: 'ms',
      note: `node, bundle and taxonomy load; median of ${RUNS}`,
    },
  ];
  for (const mb of [8, 32]) {
    const input = corpus(mb * 1024 * 1024);
    const bytes = Buffer.byteLength(input) / 1024 / 1024;
    const seconds: number[] = [];
    for (let i = 0; i < RUNS; i++) seconds.push(timeRun(input));
    rows.push({
      name: `tag --jsonl, ${mb} MB in one process`,
      value: Math.round((bytes / median(seconds)) * 10) / 10,
      unit: 'MB/s',
      note: `incl. start-up; median of ${RUNS}`,
    });
  }
  return rows;
}
