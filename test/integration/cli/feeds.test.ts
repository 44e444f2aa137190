import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { feedHealth } from '../../../shared/domain/feed/health';
import { parseOpml, toOpml } from '../../../shared/domain/feed/opml';
import { runCli } from '../../support/cli';

describe('newsalert feeds: add, list, export, import, remove', () => {
  let config: string;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'newsalert-feeds-'));
    config = join(dir, 'newsalert.config.json');
    await writeFile(
      config,
      JSON.stringify({
        dataDir: join(dir, 'data'),
        feeds: [{ id: 'configured', url: 'https://a.example/rss' }],
        subscriptions: [
          { email: 'Desk@Example.org', topics: ['central-asia'], countries: ['kz'], kind: 'digest' },
        ],
      }),
    );
  });

  it('adds a feed, lists it with its health, exports OPML that imports back, and removes it', async () => {
    const added = await runCli([
      'feeds',
      'add',
      'https://news.example.org/central-asia/rss.xml',
      '--name',
      'Example',
      '--config',
      config,
    ]);
    expect(added.code).toBe(0);
    expect(added.stdout).toBe(
      'added news-example-org-central-asia-rss: https://news.example.org/central-asia/rss.xml',
    );

    const again = await runCli([
      'feeds',
      'add',
      'https://news.example.org/central-asia/rss.xml',
      '--config',
      config,
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/is watched already as "news-example-org-central-asia-rss"/);
    const clash = await runCli([
      'feeds',
      'add',
      'https://b.example/rss',
      '--id',
      'configured',
      '--config',
      config,
    ]);
    expect(clash.stderr).toMatch(/a feed with id "configured" exists already; pick --id/);

    const list = await runCli(['feeds', '--json', '--config', config]);
    const feeds = list.lines.map((l) => JSON.parse(l));
    expect(feeds.map((f) => [f.feedId, f.health])).toEqual([
      ['configured', 'new'],
      ['news-example-org-central-asia-rss', 'new'],
    ]);

    const exported = await runCli(['feeds', 'export', '--config', config]);
    const opml = join(dir, 'feeds.opml');
    await writeFile(opml, exported.stdout);
    expect(parseOpml(exported.stdout).map((f) => f.url)).toEqual([
      'https://a.example/rss',
      'https://news.example.org/central-asia/rss.xml',
    ]);

    const removed = await runCli([
      'feeds',
      'remove',
      'news-example-org-central-asia-rss',
      '--config',
      config,
    ]);
    expect(removed.stdout).toBe('removed news-example-org-central-asia-rss');
    const imported = await runCli(['feeds', 'import', opml, '--config', config]);
    expect(imported.stdout).toMatch(/2 feed\(s\) in .*: 1 added, 1 already watched/);
  });

  it('takes subscriptions from the config file as well', async () => {
    const list = await runCli(['subscriptions', '--config', config]);
    expect(list.stdout).toContain('desk@example.org  digest  topics: central-asia  countries: KZ');
  });

  it('refuses an OPML file with entity declarations, and a non-http URL', async () => {
    const hostile = join(dir, 'hostile.opml');
    await writeFile(hostile, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><opml><body/></opml>');
    const r = await runCli(['feeds', 'import', hostile, '--config', config]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/entity declarations is refused/);
    const bad = await runCli(['feeds', 'add', 'file:///etc/passwd', '--config', config]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not an http\(s\) URL/);
  });
});

describe('feed health', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  it.each([
    [{ consecutiveFailures: 3, lastSuccessAt: '2026-11-28T00:00:00Z' }, 'failing'],
    [{ consecutiveFailures: 0 }, 'new'],
    [{ consecutiveFailures: 1, lastError: 'x' }, 'failing'],
    // Publishes 10 a day, nothing new for 3 days: silent.
    [
      {
        consecutiveFailures: 0,
        lastSuccessAt: '2026-11-28T11:00:00Z',
        itemsPerDay: 10,
        lastNewItemAt: '2026-11-25T12:00:00Z',
      },
      'silent',
    ],
    // Publishes weekly, quiet for 3 days: normal.
    [
      {
        consecutiveFailures: 0,
        lastSuccessAt: '2026-11-28T11:00:00Z',
        itemsPerDay: 0.14,
        lastNewItemAt: '2026-11-25T12:00:00Z',
      },
      'ok',
    ],
  ])('%j is %s', (state, health) => {
    expect(feedHealth({ feedId: 'f', url: 'https://x', itemsSeen: 0, ...state }, now)).toBe(health);
  });

  it('writes OPML that escapes names', () => {
    expect(toOpml([{ id: 'a', url: 'https://a.example/?x=1&y=2', name: 'A & "B"' }])).toContain(
      'text="A &amp; &quot;B&quot;" title="A &amp; &quot;B&quot;" xmlUrl="https://a.example/?x=1&amp;y=2"',
    );
  });
});
