import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_FEEDS, DEMO_SUBSCRIPTIONS } from '../../shared/cli/commands/demo';
import { serveFeedFolder } from '../../shared/demo/feed-server';
import { openLocalRuntime } from '../../shared/local/runtime';
import type { Clock } from '../../shared/ports';
import { syncConfiguredFeeds } from '../../shared/services/run-cycle';

/** The demo's feeds on loopback and an in-memory runtime subscribed as the demo is. */
export async function startDemoRuntime(options: { clock?: Clock } = {}) {
  const server = await serveFeedFolder(DEMO_FEEDS);
  const runtime = await openLocalRuntime({
    allowPrivateNetwork: true,
    outboxDir: await mkdtemp(join(tmpdir(), 'newsalert-test-outbox-')),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  for (const sub of DEMO_SUBSCRIPTIONS) await runtime.subscriptions.add(sub);
  await syncConfiguredFeeds(runtime.feeds, server.feeds);
  return {
    server,
    runtime,
    async close() {
      await runtime.close();
      await server.close();
    },
  };
}
