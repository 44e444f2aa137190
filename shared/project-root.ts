/**
 * The repository's root folder, found from this module wherever it runs from: the TypeScript source
 * or the CLI bundle under dist/. Data files shipped with the project (demo feeds, starter config) are
 * resolved from here.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'shared'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the newsalert folder above ${start}`);
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
