/**
 * `npm run bench`: every case under ./cases, a table on screen and bench/results/latest.json.
 * Figures are medians: this machine is shared and noisy.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from './median';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const CASES = ['tagger', 'tag-cli', 'feed-parse', 'ingest', 'lambdas'];

const only = process.argv.slice(2);
const rows: (BenchRow & { case: string })[] = [];
const errors: { case: string; error: string }[] = [];
for (const name of CASES.filter((c) => only.length === 0 || only.includes(c))) {
  process.stderr.write(`bench: ${name}…\n`);
  try {
    const mod = (await import(`./cases/${name}.ts`)) as { run: () => Promise<BenchRow[]> };
    for (const row of await mod.run()) rows.push({ case: name, ...row });
  } catch (error) {
    errors.push({ case: name, error: (error as Error).message });
  }
}

const width = Math.max(...rows.map((r) => r.name.length), 10);
console.log(`${'benchmark'.padEnd(width)}  ${'value'.padStart(10)}  unit        note`);
console.log(`${'-'.repeat(width)}  ${'-'.repeat(10)}  ----------  ----`);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(width)}  ${String(r.value).padStart(10)}  ${r.unit.padEnd(10)}  ${r.note ?? ''}`,
  );
}
for (const e of errors) console.log(`! ${e.case} failed: ${e.error}`);

const resultsDir = join(import.meta.dirname, 'results');
await mkdir(resultsDir, { recursive: true });
await writeFile(
  join(resultsDir, 'latest.json'),
  `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, rows, errors }, null, 2)}\n`,
);
console.log(`\nwritten: bench/results/latest.json`);
if (errors.length > 0) process.exitCode = 1;
