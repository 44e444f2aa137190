// Bundles the `newsalert` command into dist/newsalert.mjs (run by `npm ci` through "prepare"), so the
// command starts without compiling TypeScript. bin/newsalert.mjs falls back to compiling on the fly
// whenever a source file is newer than the bundle, so an edited checkout never runs stale code.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// An outdir argument builds elsewhere (the bundle test builds into node_modules/.cache).
const outdir = process.argv[2] ?? 'dist';
// Chunk names carry content hashes: old ones would pile up.
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: { newsalert: 'shared/cli/main.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  // One chunk per command: `tag` must not load the AWS SDK and the embedded store at start.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Dependencies load from node_modules as usual (dynalite has a native part).
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
