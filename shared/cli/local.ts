import { loadConfig, type NewsalertConfig } from '../config/config';
import type { LocalOptions, LocalRuntime } from '../local/runtime';
import type { CliIo } from './io';

export interface LocalFlags {
  config?: string;
  dataDir?: string;
  allowPrivateNetwork?: boolean;
}

/** Opens the embedded runtime named by the flags and config, runs `work`, and always closes it. */
export async function withLocal<T>(
  flags: LocalFlags,
  io: CliIo,
  work: (runtime: LocalRuntime, config: NewsalertConfig) => Promise<T>,
  extra: Partial<LocalOptions> = {},
): Promise<T> {
  const config = loadConfig(flags.config, io.cwd);
  const { openLocalRuntime } = await import('../local/runtime');
  const runtime = await openLocalRuntime({
    dataDir: flags.dataDir ?? config.dataDir,
    allowPrivateNetwork: flags.allowPrivateNetwork ?? config.allowPrivateNetwork ?? false,
    ...extra,
  });
  try {
    // Every command sees the configured feeds, with the fetch state the store keeps for them, and
    // the configured subscriptions (the store keeps those added with `subscribe` too).
    const { syncConfiguredFeeds } = await import('../services/run-cycle');
    await syncConfiguredFeeds(runtime.feeds, config.feeds);
    if (config.subscriptions?.length) {
      const { normaliseSubscription } = await import('../domain/alerts/filter-policy');
      for (const sub of config.subscriptions) await runtime.subscriptions.add(normaliseSubscription(sub));
    }
    return await work(runtime, config);
  } finally {
    await runtime.close();
  }
}

export function addLocalOptions<T extends { option: (flags: string, description: string) => T }>(
  command: T,
): T {
  return command
    .option('--config <file>', 'config file (default: ./newsalert.config.json, else the starter config)')
    .option(
      '--data-dir <dir>',
      'data folder for the embedded store and the outbox (default from config: .newsalert)',
    );
}
