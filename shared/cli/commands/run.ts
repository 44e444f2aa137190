import type { Command } from 'commander';
import { durationMs } from '../../config/config';
import { runCycle } from '../../services/run-cycle';
import { type CliIo, CommandFailed } from '../io';
import { addLocalOptions, withLocal } from '../local';
import { printCycle } from '../print-cycle';

export function registerRun(program: Command, io: CliIo): void {
  addLocalOptions(
    program
      .command('run')
      .description(
        'Poll the configured feeds into the embedded store and deliver alerts to the local outbox',
      ),
  )
    .option('--every <duration>', 'keep polling, a cycle every such interval (e.g. 15m); Ctrl-C stops')
    .option('--force', 'fetch every feed now, even those not yet due (backoff, Retry-After)')
    .option(
      '--allow-private-network',
      'allow feeds on private, loopback or link-local addresses (testing only)',
    )
    .action(async (opts) => {
      const every = opts.every ? durationMs(opts.every) : undefined;
      await withLocal(
        opts,
        io,
        async (runtime, config) => {
          if ((await runtime.feeds.list()).length === 0) {
            io.err(`no feeds configured in ${config.file}; add one with: newsalert feeds add <url>`);
          }
          let failedFeeds = 0;
          for (let cycle = 1; ; cycle++) {
            const report = await runCycle(runtime, { force: Boolean(opts.force) });
            failedFeeds = printCycle(io, report);
            if (!every) break;
            // Each cycle fetches only the feeds that are due, so a fixed pace is enough here.
            const wait = every;
            io.err(`cycle ${cycle} done; next in ${Math.round(wait / 60_000)} min (Ctrl-C to stop)`);
            await new Promise((r) => setTimeout(r, wait));
          }
          if (failedFeeds > 0) throw new CommandFailed(`${failedFeeds} feed(s) failed; see the lines above`);
        },
        // Each email also shows on the console, with the file that holds it.
        { onDeliver: (d) => io.out(`✉ ${d.to}: ${d.message.subject}  (${d.file})`) },
      );
    });
}
