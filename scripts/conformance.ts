/**
 * Measures feed parsing against a conformance corpus (manifest.json with generic checks per file).
 * Prints, per category, the share of files parsed as expected and the share whose checks all match,
 * and writes bench/results/conformance.json with every failure.
 *
 *   npx tsx scripts/conformance.ts [--manifest <path>] [--parser ours|cli|rss-parser|rss-parser-rss2|all]
 *   (`cli` scores `newsalert feed inspect --json`, the contract's path; `all` runs every one)
 *
 * "Parsed" means the outcome the corpus expects: a feed for ordinary inputs, an error for inputs the
 * corpus marks as errors (invalid JSON, an empty file, a non-feed). Texts compare after stripping
 * tags, decoding entities and collapsing white space; URLs after WHATWG normalisation; dates as
 * instants to the second.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeHTML } from 'entities';
import RssParser from 'rss-parser';
import { decodeFeedBytes } from '../shared/domain/feed/decode';
import { parseFeed } from '../shared/domain/feed/parse-feed';
import type { ParsedFeed } from '../shared/domain/types';

interface Check {
  field: string;
  expect: string | number;
  op?: 'contains';
}
interface ManifestFile {
  path: string;
  format: string;
  categories: string[];
  expect_error: boolean | null;
  checks: Check[];
}

type ParserName = 'ours' | 'rss-parser' | 'rss-parser-rss2' | 'cli';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

// --- comparison ------------------------------------------------------------------------------

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
const normText = (s: string) => collapse(decodeHTML(s.replace(/<[^>]*>/g, '')));

function normUrl(s: string): string {
  try {
    return new URL(s.trim()).href;
  } catch {
    return s.trim();
  }
}

function normDate(s: string): string {
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(Math.floor(t / 1000) * 1000).toISOString() : s;
}

/** Flattened view of a ParsedFeed under the manifest's field names. */
function fieldValues(feed: ParsedFeed, field: string): (string | null)[] | 'count' {
  if (field === 'entries.count') return 'count';
  if (field.startsWith('feed.')) {
    const key = field.slice(5);
    const v = key === 'date' ? feed.updated : (feed as unknown as Record<string, unknown>)[key];
    return [typeof v === 'string' ? v : null];
  }
  const m = /^entry\[(\d+)\]\.(.+)$/.exec(field);
  if (!m) return [null];
  const item = feed.items[Number(m[1])];
  if (!item) return [null];
  const key = m[2] ?? '';
  switch (key) {
    case 'date':
      return [item.published];
    case 'category':
      return item.categories.length ? item.categories : [null];
    case 'enclosure.url':
      return [item.enclosures[0]?.url ?? null];
    case 'enclosure.type':
      return [item.enclosures[0]?.type ?? null];
    case 'enclosure.length': {
      const l = item.enclosures[0]?.length;
      return [l === undefined || l === null ? null : String(l)];
    }
    default: {
      const v = (item as unknown as Record<string, unknown>)[key];
      return [typeof v === 'string' ? v : null];
    }
  }
}

function checkMatches(feed: ParsedFeed, check: Check): { ok: boolean; got: unknown } {
  const values = fieldValues(feed, check.field);
  if (values === 'count') return { ok: feed.items.length === Number(check.expect), got: feed.items.length };
  const expect = String(check.expect);
  const kind = /\.(link|enclosure\.url)$/.test(check.field)
    ? 'url'
    : /\.date$/.test(check.field)
      ? 'date'
      : 'text';
  const ok = values.some((got) => {
    if (got === null) return false;
    if (kind === 'url') return normUrl(got) === normUrl(expect);
    if (kind === 'date') return normDate(got) === normDate(expect);
    // Our output is plain text already; a literal "<p>" in it is text, so also compare it un-stripped.
    const e = normText(expect);
    const candidates = [normText(got), collapse(got)];
    return check.op === 'contains' ? candidates.some((g) => g.includes(e)) : candidates.includes(e);
  });
  return { ok, got: values.length === 1 ? values[0] : values };
}

// --- rss-parser, mapped to our shape for a like-for-like baseline ------------------------------

async function viaRssParser(text: string, rss2: boolean): Promise<ParsedFeed> {
  const parser = rss2 ? new RssParser({ defaultRSS: 2 }) : new RssParser();
  const out = (await parser.parseString(text)) as RssParser.Output<Record<string, unknown>> &
    Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);
  return {
    title: s(out.title),
    link: s(out.link),
    description: s(out.description),
    language: s(out.language),
    author: s(out.itunes?.author) ?? s(out.managingEditor) ?? s(out.creator),
    updated: s(out.lastBuildDate) ?? s(out.pubDate),
    items: out.items.map((it) => ({
      id: s(it.guid) ?? s(it.id),
      title: s(it.title),
      link: s(it.link),
      summary: s(it.summary) ?? s(it.contentSnippet),
      content: s(it['content:encoded']) ?? s(it.content),
      author: s(it.creator) ?? s(it.author),
      categories: (it.categories ?? []).map((c) =>
        typeof c === 'string' ? c : String((c as { _?: string })._ ?? ''),
      ),
      published: s(it.isoDate) ?? s(it.pubDate),
      enclosures: it.enclosure
        ? [
            {
              url: it.enclosure.url,
              type: it.enclosure.type ?? null,
              length: it.enclosure.length ? Number(it.enclosure.length) : null,
            },
          ]
        : [],
    })),
  };
}

// --- run -------------------------------------------------------------------------------------

interface Outcome {
  path: string;
  categories: string[];
  parsed: boolean;
  exact: boolean;
  error?: string;
  failures?: { field: string; expect: unknown; got: unknown }[];
}

/**
 * The acceptance path: one `newsalert feed inspect --json` process over every file, its JSON lines
 * read back as a scorer would.
 */
function viaCli(files: string[]): Map<string, { ok: boolean; feed?: ParsedFeed; error?: string }> {
  const bin = join(projectRoot, 'bin', 'newsalert.mjs');
  const run = spawnSync(process.execPath, [bin, 'feed', 'inspect', '--json', ...files], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const results = new Map<string, { ok: boolean; feed?: ParsedFeed; error?: string }>();
  for (const line of run.stdout.split('\n').filter(Boolean)) {
    const r = JSON.parse(line) as { source: string; ok: boolean; feed?: ParsedFeed; error?: string };
    results.set(r.source, r);
  }
  return results;
}

async function runOne(
  file: ManifestFile,
  baseDir: string,
  parser: ParserName,
  cli?: Map<string, { ok: boolean; feed?: ParsedFeed; error?: string }>,
): Promise<Outcome> {
  let feed: ParsedFeed | null = null;
  let error: string | undefined;
  try {
    if (parser === 'cli') {
      const r = cli?.get(join(baseDir, file.path));
      if (!r) throw new Error('no output line for this file');
      if (!r.ok || !r.feed) throw new Error(r.error ?? 'failed');
      feed = r.feed;
    } else {
      const text = decodeFeedBytes(new Uint8Array(readFileSync(join(baseDir, file.path))));
      feed =
        parser === 'ours' ? await parseFeed(text) : await viaRssParser(text, parser === 'rss-parser-rss2');
    }
  } catch (err) {
    error = `${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}`.slice(0, 200);
  }
  const base = { path: file.path, categories: file.categories };
  if (file.expect_error === true) {
    return {
      ...base,
      parsed: feed === null,
      exact: feed === null,
      error: feed ? 'expected an error, got a feed' : undefined,
    };
  }
  if (!feed) return { ...base, parsed: false, exact: false, error };
  const failures: Outcome['failures'] = [];
  for (const check of file.checks) {
    const { ok, got } = checkMatches(feed, check);
    if (!ok) failures.push({ field: check.field, expect: check.expect, got });
  }
  return { ...base, parsed: true, exact: failures.length === 0, ...(failures.length ? { failures } : {}) };
}

interface Summary {
  files: number;
  parsedPct: number;
  exactPct: number;
}

function summarise(outcomes: Outcome[]): Record<string, Summary> {
  const groups = new Map<string, Outcome[]>([['all', outcomes]]);
  for (const o of outcomes) {
    for (const c of o.categories) groups.set(c, [...(groups.get(c) ?? []), o]);
  }
  const pct = (n: number, d: number) => Math.round((1000 * n) / d) / 10;
  const out: Record<string, Summary> = {};
  for (const [k, list] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    out[k] = {
      files: list.length,
      parsedPct: pct(list.filter((o) => o.parsed).length, list.length),
      exactPct: pct(list.filter((o) => o.exact).length, list.length),
    };
  }
  return out;
}

async function main() {
  const manifestPath = resolve(
    arg('manifest') ?? join(projectRoot, '..', 'shared/conformance/feeds/manifest.json'),
  );
  const which = arg('parser') ?? 'ours';
  const parsers: ParserName[] =
    which === 'all' ? ['ours', 'cli', 'rss-parser', 'rss-parser-rss2'] : [which as ParserName];
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: ManifestFile[] };
  const baseDir = dirname(manifestPath);
  const report: Record<string, unknown> = { manifest: manifestPath, at: new Date().toISOString() };
  for (const parser of parsers) {
    const outcomes: Outcome[] = [];
    const cli = parser === 'cli' ? viaCli(manifest.files.map((f) => join(baseDir, f.path))) : undefined;
    for (const file of manifest.files) outcomes.push(await runOne(file, baseDir, parser, cli));
    const summary = summarise(outcomes);
    console.log(`\n${parser}: ${manifest.files.length} files`);
    console.log('category        files  parsed%  exact%');
    for (const [k, s] of Object.entries(summary)) {
      console.log(
        `${k.padEnd(15)} ${String(s.files).padStart(5)}  ${String(s.parsedPct).padStart(6)}  ${String(s.exactPct).padStart(6)}`,
      );
    }
    report[parser] = { summary, failures: outcomes.filter((o) => !o.exact) };
  }
  const outDir = join(projectRoot, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'conformance.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${join(outDir, 'conformance.json')}`);
}

await main();
