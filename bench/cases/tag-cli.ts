/**
 * `newsalert tag --jsonl` end to end on one core: a real process reading JSON lines on stdin and
 * writing the contract's lines, as a corpus scorer drives it. Includes start-up (tsx, taxonomy load).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type BenchRow, median } from '../median';

const RUNS = 3;
const SNIPPETS = [
  'President Tokayev met the Uzbek leader in Tashkent to discuss water from the Syr Darya and a new rail corridor.',
  'Uyghur families in Almaty say relatives were sent to camps near Kashgar; Beijing calls them training centres.',
  'The city council of Lyon approved a tram line; critics in Paris called the budget too small.',
  'В Бишкеке прошла встреча президентов Кыргызстана и Таджикистана по вопросам границы.',
  '乌鲁木齐和喀什的棉花收获季节开始，新疆官员表示产量增加。',
  'Pakistan and Afghanistan traded accusations after clashes near the Torkham crossing.',
];

function corpus(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const text = Array.from({ length: 12 }, (_, j) => SNIPPETS[(i + j) % SNIPPETS.length]).join(' ');
    const line = JSON.stringify({ id: `b${i}`, title: `Item ${i}`, text });
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return `${lines.join('\n')}\n`;
}

export async function run(): Promise<BenchRow[]> {
  const input = corpus(8 * 1024 * 1024);
  const bin = join(import.meta.dirname, '..', '..', 'bin', 'newsalert.mjs');
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [bin, 'tag', '--jsonl'], {
      input,
      maxBuffer: 1 << 30,
      encoding: 'utf8',
    });
    const seconds = (performance.now() - start) / 1000;
    if (result.status !== 0) throw new Error(`tag --jsonl failed: ${result.stderr}`);
    rates.push(Buffer.byteLength(input) / 1024 / 1024 / seconds);
  }
  return [
    {
      name: 'tag --jsonl, one process (incl. start-up)',
      value: Math.round(median(rates) * 10) / 10,
      unit: 'MB/s',
      note: `8 MB of JSON lines, median of ${RUNS}`,
    },
  ];
}
