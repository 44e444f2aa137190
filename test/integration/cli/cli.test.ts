import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FEEDS } from '../../../shared/cli/commands/demo';
import { type FeedServer, serveFeedFolder } from '../../../shared/demo/feed-server';
import { runBin, runCli } from '../../support/cli';

describe('newsalert tag --jsonl (DESIGN §4 contract)', () => {
  it('answers every input line in order, and a bad line with an error on its line', async () => {
    const input = [
      JSON.stringify({
        id: 'xj',
        title: 'Urumqi camps',
        text: 'Uyghur detainees in Xinjiang camps near Kashgar were moved.',
      }),
      '{not json',
      JSON.stringify({ id: 'no-text', title: 'missing text' }),
      JSON.stringify({
        id: 'kz',
        text: 'President Tokayev spoke in Astana about Kazakhstan’s oil exports.',
        lang: 'en',
      }),
      JSON.stringify({ id: 'none', text: 'The city council of Lyon approved a new tram line.' }),
    ].join('\n');
    const { lines, code } = await runCli(['tag', '--jsonl'], { stdin: input });
    expect(code).toBe(0);
    const out = lines.map((l) => JSON.parse(l));
    expect(out).toHaveLength(5);
    expect(out[0]).toMatchObject({ id: 'xj', topics: ['xinjiang'] });
    expect(out[0].countries).toContain('CN');
    expect(out[1]).toEqual({ error: expect.stringMatching(/line 2: not JSON/) });
    expect(out[2]).toEqual({ id: 'no-text', error: 'line 3: "text" must be a string' });
    expect(out[3]).toMatchObject({ id: 'kz', topics: ['central-asia'], countries: ['KZ'] });
    expect(out[4]).toMatchObject({ id: 'none', topics: [], countries: ['FR'] });
  });

  it('says so when the input file does not exist', async () => {
    const { code, stderr } = await runCli(['tag', '--jsonl', '/nonexistent/input.jsonl']);
    expect(code).toBe(2);
    expect(stderr).toBe('newsalert: cannot read /nonexistent/input.jsonl: no such file');
  });

  it('works through the installed executable, as npx newsalert runs it', async () => {
    const result = await runBin(['tag', '--jsonl'], {
      stdin: `${JSON.stringify({ id: 1, text: 'Almaty and Bishkek signed a water deal with Tashkent.' })}\n`,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const line = JSON.parse(result.stdout.trim());
    expect(line.id).toBe(1);
    expect(line.countries).toEqual(['KG', 'KZ', 'UZ']);
  });
});

describe('newsalert feed inspect --json (DESIGN §4 contract)', () => {
  let server: FeedServer;
  beforeAll(async () => {
    server = await serveFeedFolder(DEMO_FEEDS);
  });
  afterAll(async () => {
    await server.close();
  });

  it('reads files and reports a missing one on its own line', async () => {
    const { lines, code } = await runCli([
      'feed',
      'inspect',
      join(DEMO_FEEDS, 'steppe-wire.rss'),
      '/nonexistent/feed.xml',
      '--json',
    ]);
    expect(code).toBe(1);
    const [ok, missing] = lines.map((l) => JSON.parse(l));
    expect(ok.ok).toBe(true);
    expect(ok.source).toMatch(/steppe-wire\.rss$/);
    expect(ok.feed.items.length).toBeGreaterThan(5);
    expect(Object.keys(ok.feed).sort()).toEqual(
      expect.arrayContaining(['title', 'link', 'description', 'language', 'author', 'updated', 'items']),
    );
    expect(Object.keys(ok.feed.items[0]).sort()).toEqual(
      ['author', 'categories', 'content', 'enclosures', 'id', 'link', 'published', 'summary', 'title'].sort(),
    );
    expect(missing).toMatchObject({ source: '/nonexistent/feed.xml', ok: false });
    expect(missing.error).toMatch(/no such file/i);
  });

  it('refuses a loopback URL unless --allow-private-network is given', async () => {
    const url = `${server.baseUrl}/caspian-digest.rdf`;
    const refused = await runCli(['feed', 'inspect', url, '--json']);
    expect(JSON.parse(refused.lines[0] as string)).toMatchObject({ source: url, ok: false });
    expect(JSON.parse(refused.lines[0] as string).error).toMatch(/loopback|private|refus/i);
    const allowed = await runCli(['feed', 'inspect', url, '--json', '--allow-private-network']);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.lines[0] as string).feed.items.length).toBeGreaterThan(3);
  });
});

describe('local run, query and subscriptions on a persisted embedded store', () => {
  let server: FeedServer;
  let dir: string;
  let config: string;
  beforeAll(async () => {
    server = await serveFeedFolder(DEMO_FEEDS);
    dir = await mkdtemp(join(tmpdir(), 'newsalert-cli-'));
    config = join(dir, 'newsalert.config.json');
    await writeFile(
      config,
      JSON.stringify({
        dataDir: join(dir, 'data'),
        allowPrivateNetwork: true,
        feeds: server.feeds,
      }),
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('subscribes, runs, delivers to the outbox, and answers history as CSV and JSON', async () => {
    const sub = await runCli([
      'subscribe',
      '--config',
      config,
      '--email',
      'Me@Example.org',
      '--topics',
      'xinjiang',
      '--countries',
      'kz',
    ]);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toBe('subscribed me@example.org to instant alerts for xinjiang mentioning KZ');

    const run = await runCli(['run', '--config', config]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/4 feed\(s\) fetched \(0 failed, 0 not due\); \d+ alert\(s\) published/);
    const emails = run.lines.filter((l) => l.startsWith('✉ me@example.org: [newsalert: '));
    expect(emails.length).toBeGreaterThan(0);
    expect(emails[0]).toMatch(/\.eml\)$/);

    const csv = await runCli([
      'query',
      '--config',
      config,
      '--topic',
      'xinjiang',
      '--country',
      'KZ',
      '--csv',
    ]);
    expect(csv.lines[0]).toBe('published,title,source,url,topics,countries,people,score');
    expect(csv.lines.length).toBeGreaterThan(1);
    for (const row of csv.lines.slice(1)) expect(row).toContain('KZ');

    const json = await runCli([
      'query',
      '--config',
      config,
      '--topic',
      'central-asia',
      '--limit',
      '3',
      '--json',
    ]);
    const page = JSON.parse(json.stdout);
    expect(page.articles).toHaveLength(3);
    const dates = page.articles.map((a: { published: string }) => a.published);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(page.next).toBeTypeOf('string');

    const list = await runCli(['subscriptions', '--config', config, '--json']);
    expect(JSON.parse(list.lines[0] as string).filterPolicy).toEqual({
      kind: ['instant'],
      topics: ['xinjiang'],
      countries: ['KZ'],
    });
    const unsub = await runCli(['unsubscribe', '--config', config, '--email', 'me@example.org']);
    expect(unsub.code).toBe(0);
    expect((await runCli(['subscriptions', '--config', config])).stdout).toBe('0 subscription(s)');
  });

  it('reports each unreachable feed on one line and exits 1 without crashing', async () => {
    const offline = join(dir, 'offline.json');
    await writeFile(
      offline,
      JSON.stringify({
        dataDir: join(dir, 'offline-data'),
        feeds: [
          { id: 'nowhere', url: 'https://feeds.newsalert.invalid/rss' },
          { id: 'inside', url: 'http://127.0.0.1:9/feed' },
        ],
      }),
    );
    const run = await runCli(['run', '--config', offline]);
    expect(run.code).toBe(1);
    const failures = run.stderr.split('\n').filter((l) => l.startsWith('✗'));
    expect(failures).toHaveLength(2);
    expect(failures.find((l) => l.includes('inside'))).toMatch(/loopback|private|refus/i);
    expect(run.stderr).toMatch(/2 feed\(s\) failed/);
  });

  it('gives a clear error for a bad query and a bad subscription', async () => {
    const q = await runCli(['query', '--config', config, '--since', 'yesterday']);
    expect(q.code).toBe(1);
    expect(q.stderr).toMatch(/since "yesterday" is neither a duration/);
    const s = await runCli(['subscribe', '--config', config, '--email', 'x@y.org', '--topics', 'pakistan']);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/unknown topic "pakistan"; known topics: central-asia, xinjiang/);
  });
});

describe('npm run demo', () => {
  it('runs the whole pipeline offline and exits 0', async () => {
    const result = await runBin(['demo', '--quiet']);
    expect(result.stderr).not.toMatch(/unexpected error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/second cycle: 0 new article\(s\), 0 new email\(s\)/);
    expect(result.stdout).toMatch(/demo done: \d+ alert email\(s\)/);
  }, 120_000);
});
