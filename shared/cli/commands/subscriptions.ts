import type { Command } from 'commander';
import { normaliseSubscription, toFilterPolicy } from '../../domain/alerts/filter-policy';
import { topicList } from '../../domain/tagging/topic-list';
import { safeJson } from '../../domain/text/sanitize';
import { type CliIo, splitList, UsageError } from '../io';
import { addLocalOptions, withLocal } from '../local';

export function registerSubscriptions(program: Command, io: CliIo): void {
  addLocalOptions(
    program.command('subscribe').description('Subscribe an email address to topic alerts (local outbox)'),
  )
    .requiredOption('--email <address>', 'where alerts go')
    .requiredOption('--topics <ids>', 'comma-separated topic ids, e.g. xinjiang,central-asia')
    .option('--countries <codes>', 'only articles that mention one of these countries, e.g. KZ,UZ')
    .option('--min-score <n>', 'only strong matches: the topic score at least this')
    .option('--digest', 'one daily digest instead of an email per article')
    .action(async (opts) => {
      const minScore = opts.minScore === undefined ? undefined : Number(opts.minScore);
      if (minScore !== undefined && !Number.isFinite(minScore))
        throw new UsageError('--min-score takes a number');
      const countries = splitList(opts.countries);
      const sub = normaliseSubscription(
        {
          email: opts.email,
          topics: splitList(opts.topics) ?? [],
          ...(countries ? { countries } : {}),
          ...(minScore !== undefined ? { minScore } : {}),
          kind: opts.digest ? 'digest' : 'instant',
        },
        topicList().map((t) => t.id),
      );
      await withLocal(opts, io, async (rt) => {
        await rt.subscriptions.add(sub);
        io.out(
          `subscribed ${sub.email} to ${sub.kind} alerts for ${sub.topics.join(', ')}` +
            (sub.countries ? ` mentioning ${sub.countries.join(', ')}` : '') +
            (sub.minScore !== undefined ? ` with score ≥ ${sub.minScore}` : ''),
        );
      });
    });

  addLocalOptions(program.command('unsubscribe').description('Stop alerts to an email address'))
    .requiredOption('--email <address>', 'the subscribed address')
    .option('--topics <ids>', 'only these topics (default: all)')
    .action(async (opts) => {
      await withLocal(opts, io, async (rt) => {
        const changed = await rt.subscriptions.remove(
          String(opts.email).trim().toLowerCase(),
          splitList(opts.topics),
        );
        if (changed === 0) throw new UsageError(`${opts.email} has no matching subscription`);
        io.out(`unsubscribed ${opts.email}${opts.topics ? ` from ${opts.topics}` : ''}`);
      });
    });

  addLocalOptions(program.command('subscriptions').description('List subscriptions'))
    .option('--json', 'one JSON line per subscription, with its SNS filter policy')
    .action(async (opts) => {
      await withLocal(opts, io, async (rt) => {
        const subs = await rt.subscriptions.list();
        for (const s of subs) {
          if (opts.json) io.out(safeJson({ ...s, filterPolicy: toFilterPolicy(s) }));
          else
            io.out(
              `${s.email}  ${s.kind}  topics: ${s.topics.join(', ')}` +
                (s.countries ? `  countries: ${s.countries.join(', ')}` : '') +
                (s.minScore !== undefined ? `  min score: ${s.minScore}` : ''),
            );
        }
        if (!opts.json) io.out(`${subs.length} subscription(s)`);
      });
    });
}
