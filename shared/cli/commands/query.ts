import type { Command } from 'commander';
import { safeJson, safeLine } from '../../domain/text/sanitize';
import type { Article } from '../../domain/types';
import { publicArticle, queryHistory } from '../../services/query-history';
import type { CliIo } from '../io';
import { addLocalOptions, withLocal } from '../local';

export function registerQuery(program: Command, io: CliIo): void {
  addLocalOptions(program.command('query').description('Search the tagged history, newest first'))
    .option('--topic <id>', 'topic id, e.g. xinjiang or central-asia')
    .option('--country <code>', 'ISO country code, e.g. KZ')
    .option('--since <when>', 'a duration back from now (30d, 12h, 2w) or a date (2026-11-01)')
    .option('--until <when>', 'same forms as --since')
    .option('--limit <n>', 'articles per page (1-200)', '50')
    .option('--cursor <token>', 'the next-page token printed by the previous page')
    .option('--json', 'one JSON object: {articles, next}')
    .option('--csv', 'CSV with a header row')
    .action(async (opts) => {
      await withLocal(opts, io, async (rt) => {
        const page = await queryHistory(rt, {
          topic: opts.topic,
          country: opts.country,
          since: opts.since,
          until: opts.until,
          limit: opts.limit,
          cursor: opts.cursor,
        });
        if (opts.json) {
          io.out(safeJson({ articles: page.articles.map(publicArticle), next: page.next ?? null }));
        } else if (opts.csv) {
          io.out(toCsv(page.articles));
          if (page.next) io.err(`more: --cursor ${page.next}`);
        } else {
          for (const a of page.articles) io.out(describe(a));
          io.err(
            `${page.articles.length} article(s)${page.next ? `; next page: --cursor ${page.next}` : ''}`,
          );
        }
      });
    });
}

function describe(a: Article): string {
  const topics = a.topics.map((t) => `${t} ${(a.scores[t] ?? 0).toFixed(1)}`).join(', ') || '-';
  return [
    `${a.published.slice(0, 16).replace('T', ' ')}  ${safeLine(a.title)}`,
    `    ${safeLine(a.source)} | ${topics} | ${a.countries.join(' ') || '-'}`,
    `    ${safeLine(a.url)}`,
  ].join('\n');
}

const CSV_COLUMNS = [
  'published',
  'title',
  'source',
  'url',
  'topics',
  'countries',
  'people',
  'score',
] as const;

/** RFC 4180 CSV; cells a spreadsheet would run as a formula are prefixed with a quote. */
export function toCsv(articles: readonly Article[]): string {
  const cell = (value: string) => {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const rows = articles.map((a) =>
    [
      a.published,
      safeLine(a.title),
      safeLine(a.source),
      a.url,
      a.topics.join(';'),
      a.countries.join(';'),
      a.people.join(';'),
      String(Math.max(0, ...a.topics.map((t) => a.scores[t] ?? 0))),
    ]
      .map(cell)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\n');
}
