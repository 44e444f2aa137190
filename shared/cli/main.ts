/**
 * The `newsalert` command: one file per command under ./commands, one error handler here. Commands
 * load what they need when they run, so `tag` does not pay for the AWS SDK and the embedded store.
 */
import { Command, CommanderError } from 'commander';
import { type CliIo, CommandFailed, processIo, UsageError } from './io';

type Register = (program: Command, io: CliIo) => void;

/** Each command's module, loaded only when that command runs (or for --help, all of them). */
const COMMANDS: Record<string, () => Promise<Register>> = {
  demo: async () => (await import('./commands/demo')).registerDemo,
  run: async () => (await import('./commands/run')).registerRun,
  tag: async () => (await import('./commands/tag')).registerTag,
  retag: async () => (await import('./commands/retag')).registerRetag,
  feed: async () => (await import('./commands/feed')).registerFeed,
  feeds: async () => (await import('./commands/feeds')).registerFeeds,
  query: async () => (await import('./commands/query')).registerQuery,
  subscribe: async () => (await import('./commands/subscriptions')).registerSubscriptions,
  unsubscribe: async () => (await import('./commands/subscriptions')).registerSubscriptions,
  subscriptions: async () => (await import('./commands/subscriptions')).registerSubscriptions,
};

export async function buildProgram(io: CliIo, argv: string[] = []): Promise<Command> {
  const program = new Command('newsalert')
    .description('Watch news feeds, tag articles about Central Asia and Xinjiang, and alert subscribers.')
    .exitOverride()
    // `feeds add URL --config F`: an option after a subcommand belongs to that subcommand.
    .enablePositionalOptions()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run newsalert --help for usage)');
  const named = argv.slice(2).find((a) => !a.startsWith('-'));
  const loaders = named && COMMANDS[named] ? [COMMANDS[named]] : Object.values(COMMANDS);
  const registers = new Set(await Promise.all(loaders.map((load) => load())));
  for (const register of registers) register(program, io);
  return program;
}

/** Runs the CLI and returns the exit code: 0 ok, 1 the work failed, 2 wrong usage. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    const program = await buildProgram(io, argv);
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    return reportError(error, io);
  }
}

/**
 * Errors that are the user's to fix: shown as they are. Matched by name so that this file does not
 * load every module that defines one.
 */
const USER_ERRORS = new Set([
  'UsageError',
  'QueryError',
  'SubscriptionError',
  'ConfigError',
  'DataDirBusyError',
  'TaxonomyError',
  'OpmlError',
  'CursorError',
]);

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help text).
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' ? 0 : 2;
  }
  if (error instanceof CommandFailed) {
    if (error.message) io.err(`newsalert: ${error.message}`);
    return 1;
  }
  if (error instanceof Error && USER_ERRORS.has(error.name)) {
    io.err(`newsalert: ${(error as Error).message}`);
    return error instanceof UsageError ? 2 : 1;
  }
  const err = error as Error;
  io.err(`newsalert: unexpected error: ${err?.message ?? String(error)}`);
  if (process.env.NEWSALERT_DEBUG) io.err(String(err?.stack));
  else io.err('(set NEWSALERT_DEBUG=1 to see where it happened, and please report it)');
  return 1;
}
