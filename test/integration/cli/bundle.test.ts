import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/cli';

/**
 * `npm ci` builds dist/newsalert.mjs and `npx newsalert` runs it: the bundle must find the project's
 * files (demo feeds, starter config) from where it lives, as the sources do.
 */
describe('the prebuilt CLI bundle', () => {
  const outdir = join(REPO_ROOT, 'node_modules', '.cache', 'newsalert-bundle-test');
  // What bin/newsalert.mjs does with a fresh bundle: import it and hand it the arguments.
  const entry = `const { main } = await import(${JSON.stringify(join(outdir, 'newsalert.mjs'))});
    process.exitCode = await main(['node', 'newsalert', ...process.argv.slice(1)]);`;
  const run = (args: string[], input = '') =>
    spawnSync(process.execPath, ['--input-type=module', '-e', entry, ...args], {
      cwd: REPO_ROOT,
      input,
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });

  beforeAll(() => {
    const built = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build-cli.mjs'), outdir], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(built.status, built.stderr).toBe(0);
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('tags JSON lines', () => {
    const result = run(
      ['tag', '--jsonl'],
      `${JSON.stringify({ id: 'a', text: 'Tokayev spoke in Almaty.' })}\n`,
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: 'a', topics: ['central-asia'], countries: ['KZ'] });
  });

  it('runs the demo on the project’s sample feeds', () => {
    const result = run(['demo', '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/4 sample feeds served/);
  });
});
