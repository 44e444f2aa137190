import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirBusyError } from '../../../shared/local/errors';
import { openLocalRuntime } from '../../../shared/local/runtime';

describe('one newsalert process per data folder', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill();
  });

  it('refuses a folder another live process holds, with a message that says what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsalert-lock-'));
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    children.push(other);
    writeFileSync(join(dir, 'newsalert.lock'), String(other.pid));
    await expect(openLocalRuntime({ dataDir: dir })).rejects.toThrow(DataDirBusyError);
    await expect(openLocalRuntime({ dataDir: dir })).rejects.toThrow(
      /in use by another newsalert process .* use another --data-dir/,
    );
  });

  it('takes over a lock left by a process that died, and releases it on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsalert-lock-'));
    writeFileSync(join(dir, 'newsalert.lock'), '2147483646');
    const runtime = await openLocalRuntime({ dataDir: dir });
    await runtime.feeds.put({
      feedId: 'f',
      url: 'https://a.example/rss',
      consecutiveFailures: 0,
      itemsSeen: 0,
    });
    await runtime.close();
    expect(existsSync(join(dir, 'newsalert.lock'))).toBe(false);
  });
});
