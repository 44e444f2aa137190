/**
 * The HTTP API (IAM auth at the gateway): history, topics, feeds, stats, subscriptions. Errors are
 * mapped to a status and a message here; nothing raw reaches the caller.
 */
import { ListSubscriptionsByTopicCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CursorError } from '../../shared/adapters/dynamodb/article-store';
import { feedHealth } from '../../shared/domain/feed/health';
import { QueryError } from '../../shared/domain/query';
import { topicList } from '../../shared/domain/tagging/topic-list';
import { type ArticleStore, type Clock, type FeedStore, systemClock } from '../../shared/ports';
import { publicArticle, queryHistory } from '../../shared/services/query-history';
import { logger, snsClient, stores } from '../commons/clients';
import { requireEnv } from '../commons/env';

export interface ApiDeps {
  articles: ArticleStore;
  feeds: FeedStore;
  clock: Clock;
  sns: Pick<SNSClient, 'send'>;
  topicArn: string;
  topics: { id: string; name?: string }[];
}

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

export function createHandler(deps: ApiDeps) {
  const routes: Record<
    string,
    (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>
  > = {
    'GET /articles': async (event) => {
      const q = event.queryStringParameters ?? {};
      const page = await queryHistory(deps, {
        topic: q.topic,
        country: q.country,
        since: q.since,
        until: q.until,
        limit: q.limit,
        cursor: q.cursor,
      });
      return json(200, {
        articles: page.articles.map(publicArticle),
        next: page.next ?? null,
      });
    },
    'GET /articles/{id}': async (event) => {
      const id = event.pathParameters?.id ?? '';
      if (!/^[a-f0-9]{8,64}$/.test(id)) return json(400, { error: 'an article id is a hex string' });
      const article = await deps.articles.get(id);
      if (!article) return json(404, { error: `no article ${id}` });
      const { fingerprint: _f, ...rest } = article;
      return json(200, rest);
    },
    'GET /topics': async () => json(200, { topics: deps.topics }),
    'GET /feeds': async () => {
      const now = deps.clock.now();
      const feeds = await deps.feeds.list();
      return json(200, { feeds: feeds.map((f) => ({ ...f, health: feedHealth(f, now) })) });
    },
    'GET /stats': async () => {
      const now = deps.clock.now();
      const since = new Date(now.getTime() - 7 * 86_400_000).toISOString();
      const perTopic: Record<string, number> = {};
      for (const topic of deps.topics) {
        const page = await deps.articles.query({ topic: topic.id, since, limit: 200 });
        perTopic[topic.id] = page.articles.length;
      }
      const feeds = await deps.feeds.list();
      const health = feeds.map((f) => feedHealth(f, now));
      return json(200, {
        lastSevenDays: perTopic,
        countsCappedAt: 200,
        feeds: {
          total: feeds.length,
          failing: health.filter((h) => h === 'failing').length,
          silent: health.filter((h) => h === 'silent').length,
        },
      });
    },
    'GET /subscriptions': async () => {
      const subscriptions: { endpoint?: string; protocol?: string; arn?: string }[] = [];
      let next: string | undefined;
      do {
        const page = await deps.sns.send(
          new ListSubscriptionsByTopicCommand({ TopicArn: deps.topicArn, NextToken: next }),
        );
        for (const s of page.Subscriptions ?? []) {
          subscriptions.push({ endpoint: s.Endpoint, protocol: s.Protocol, arn: s.SubscriptionArn });
        }
        next = page.NextToken;
      } while (next);
      return json(200, { subscriptions });
    },
  };

  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const route = routes[event.routeKey];
    if (!route) return json(404, { error: `no route ${event.routeKey}` });
    try {
      return await route(event);
    } catch (error) {
      if (error instanceof QueryError || error instanceof CursorError)
        return json(400, { error: error.message });
      logger.error('request failed', { routeKey: event.routeKey, error: error as Error });
      return json(500, {
        error: 'internal error; see the api function logs',
        requestId: event.requestContext?.requestId,
      });
    }
  };
}

function defaultDeps(): ApiDeps {
  const env = requireEnv(['TABLE_NAME', 'ALERT_TOPIC_ARN']);
  const { articles, feeds } = stores(env.TABLE_NAME);
  return {
    articles,
    feeds,
    clock: systemClock,
    sns: snsClient(),
    topicArn: env.ALERT_TOPIC_ARN,
    topics: topicList(),
  };
}

let cached: ReturnType<typeof createHandler> | undefined;
export const handler = (event: APIGatewayProxyEventV2) => {
  cached ??= createHandler(defaultDeps());
  return cached(event);
};
