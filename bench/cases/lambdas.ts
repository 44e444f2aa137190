/**
 * Each Lambda bundled as the stack bundles it (esbuild, minified, ESM for Node 22, SDK included),
 * its size, and the time a fresh Node process takes to import it (module load at cold start).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type BenchRow, median } from '../median';

const FUNCTIONS = ['schedule', 'ingest', 'alert', 'digest', 'api'];
const LOADS = 5;

export async function run(): Promise<BenchRow[]> {
  const out = await mkdtemp(join(tmpdir(), 'newsalert-bundles-'));
  const rows: BenchRow[] = [];
  for (const name of FUNCTIONS) {
    const outfile = join(out, `${name}.mjs`);
    await build({
      entryPoints: [join(import.meta.dirname, '..', '..', 'functions', name, 'handler.ts')],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      outfile,
      banner: {
        js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
      },
      logLevel: 'error',
    });
    const size = (await stat(outfile)).size;
    const loads: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const probe = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now() - t);`,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      );
      if (probe.status !== 0) throw new Error(`${name} bundle failed to load: ${probe.stderr}`);
      loads.push(Number(probe.stdout.trim()));
    }
    rows.push({ name: `lambda ${name}: bundle size`, value: Math.round(size / 1024), unit: 'KiB' });
    rows.push({
      name: `lambda ${name}: module load`,
      value: Math.round(median(loads) * 10) / 10,
      unit: 'ms',
      note: `median of ${LOADS} fresh processes`,
    });
  }
  return rows;
}
