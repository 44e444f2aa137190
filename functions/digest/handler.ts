/** Daily: one digest per topic for the previous UTC day, published with kind=digest. */
import { topicList } from '../../shared/domain/tagging/topic-list';
import { type AlertPublisher, type ArticleStore, type Clock, systemClock } from '../../shared/ports';
import { previousDay, sendDigests } from '../../shared/services/build-digest';
import { alertPublisher, logger, stores } from '../commons/clients';
import { requireEnv } from '../commons/env';

export interface DigestDeps {
  articles: ArticleStore;
  publisher: AlertPublisher;
  clock: Clock;
  topics: string[];
}

export function createHandler(deps: DigestDeps) {
  return async () => {
    const report = await sendDigests(deps, deps.topics, previousDay(deps.clock.now()));
    logger.info('digests sent', { ...report });
    return report;
  };
}

function defaultDeps(): DigestDeps {
  const env = requireEnv(['TABLE_NAME', 'ALERT_TOPIC_ARN']);
  return {
    articles: stores(env.TABLE_NAME).articles,
    publisher: alertPublisher(env.ALERT_TOPIC_ARN),
    clock: systemClock,
    topics: topicList().map((t) => t.id),
  };
}

let cached: ReturnType<typeof createHandler> | undefined;
export const handler = () => {
  cached ??= createHandler(defaultDeps());
  return cached();
};
