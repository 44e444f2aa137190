import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../shared/cli/main';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** Runs the CLI in-process with captured output. */
export async function runCli(args: string[], options: { stdin?: string; cwd?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'newsalert', ...args], {
    stdin: Readable.from([options.stdin ?? '']),
    out: (s) => out.push(s),
    outSafe: (s) => out.push(s),
    err: (s) => err.push(s),
    cwd: options.cwd ?? REPO_ROOT,
  });
  return {
    code,
    stdout: out.join('\n'),
    stderr: err.join('\n'),
    lines: out.join('\n').split('\n').filter(Boolean),
  };
}

/** Runs the real `newsalert` executable as a user would (through bin/newsalert.mjs). */
export function runBin(args: string[], options: { stdin?: string; cwd?: string } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'newsalert.mjs'), ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
