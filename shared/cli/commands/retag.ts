import type { Command } from 'commander';
import { parseInstant } from '../../domain/query';
import { safeJson, safeLine } from '../../domain/text/sanitize';
import { retagHistory } from '../../services/retag-history';
import type { CliIo } from '../io';
import { addLocalOptions, withLocal } from '../local';

export function registerRetag(program: Command, io: CliIo): void {
  addLocalOptions(
    program
      .command('retag')
      .description('Re-tag stored articles with the current taxonomy (backtest a topic change)'),
  )
    .option('--since <when>', 'only articles published since (30d, 2026-11-01)', '30d')
    .option('--until <when>', 'only articles published until')
    .option('--dry-run', 'show what would change, change nothing')
    .option('--json', 'one JSON line per changed article')
    .action(async (opts) => {
      await withLocal(opts, io, async (rt) => {
        const now = rt.clock.now();
        const report = await retagHistory(
          rt,
          {
            since: parseInstant(opts.since, now, 'since'),
            until: opts.until ? parseInstant(opts.until, now, 'until') : now.toISOString(),
          },
          { apply: !opts.dryRun },
        );
        for (const c of report.changes) {
          if (opts.json) {
            io.out(safeJson(c));
            continue;
          }
          const parts = [
            ...c.added.map((t) => `+${t}`),
            ...c.removed.map((t) => `-${t}`),
            ...c.countriesAdded.map((t) => `+${t}`),
            ...c.countriesRemoved.map((t) => `-${t}`),
          ];
          io.out(`${c.published.slice(0, 10)}  ${parts.join(' ')}  ${safeLine(c.title).slice(0, 80)}`);
        }
        io.err(
          report.applied
            ? `${report.examined} article(s) examined, ${report.changes.length} re-tagged (no alerts sent)`
            : `${report.examined} article(s) examined, ${report.changes.length} would change (dry run: nothing changed)`,
        );
      });
    });
}
