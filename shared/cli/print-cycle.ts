import { safeLine } from '../domain/text/sanitize';
import type { CycleReport } from '../services/run-cycle';
import type { CliIo } from './io';

/** Prints one line per feed and a summary; returns how many feeds failed. */
export function printCycle(io: CliIo, report: CycleReport): number {
  let failed = 0;
  for (const feed of report.feeds) {
    if (feed.status === 'error') {
      failed++;
      io.err(`✗ ${feed.feedId}: ${safeLine(feed.error ?? 'failed')} (${feed.url})`);
      continue;
    }
    const what =
      feed.status === 'not-modified'
        ? 'not modified'
        : `${feed.items} items: ${feed.created} new, ${feed.known} known, ${feed.duplicates} duplicate`;
    io.err(`✓ ${feed.feedId}: ${what}`);
    for (const problem of feed.itemErrors.slice(0, 5)) io.err(`    ! ${safeLine(problem)}`);
  }
  const d = report.delivery;
  io.err(
    `${report.feeds.length} feed(s) fetched (${failed} failed, ${report.notDue} not due); ` +
      `${d.published.length} alert(s) published, ${d.untagged} article(s) matched no topic` +
      (d.failed.length ? `, ${d.failed.length} alert(s) failed and will be retried` : ''),
  );
  for (const f of d.failed) io.err(`    ! alert for ${f.id}: ${safeLine(f.error)}`);
  return failed;
}
