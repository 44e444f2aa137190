/**
 * The `newsalert` command: one file per command under ./commands, one error handler here.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config';
import { SubscriptionError } from '../domain/alerts/filter-policy';
import { QueryError } from '../domain/query';
import { DataDirBusyError } from '../local/runtime';
import { registerDemo } from './commands/demo';
import { registerFeed } from './commands/feed';
import { registerFeeds } from './commands/feeds';
import { registerQuery } from './commands/query';
import { registerRetag } from './commands/retag';
import { registerRun } from './commands/run';
import { registerSubscriptions } from './commands/subscriptions';
import { registerTag } from './commands/tag';
import { type CliIo, CommandFailed, processIo, UsageError } from './io';

export function buildProgram(io: CliIo): Command {
  const program = new Command('newsalert')
    .description('Watch news feeds, tag articles about Central Asia and Xinjiang, and alert subscribers.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run newsalert --help for usage)');
  for (const register of [
    registerDemo,
    registerRun,
    registerTag,
    registerRetag,
    registerFeed,
    registerFeeds,
    registerQuery,
    registerSubscriptions,
  ]) {
    register(program, io);
  }
  return program;
}

/** Runs the CLI and returns the exit code: 0 ok, 1 the work failed, 2 wrong usage. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    return reportError(error, io);
  }
}

const USER_ERRORS = [UsageError, QueryError, SubscriptionError, ConfigError, DataDirBusyError];

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help text).
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' ? 0 : 2;
  }
  if (error instanceof CommandFailed) {
    if (error.message) io.err(`newsalert: ${error.message}`);
    return 1;
  }
  if (USER_ERRORS.some((type) => error instanceof type)) {
    io.err(`newsalert: ${(error as Error).message}`);
    return error instanceof UsageError ? 2 : 1;
  }
  const err = error as Error;
  io.err(`newsalert: unexpected error: ${err?.message ?? String(error)}`);
  if (process.env.NEWSALERT_DEBUG) io.err(String(err?.stack));
  else io.err('(set NEWSALERT_DEBUG=1 to see where it happened, and please report it)');
  return 1;
}
