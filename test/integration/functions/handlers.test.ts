import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHandler as createAlertHandler } from '../../../functions/alert/handler';
import { createHandler as createApiHandler } from '../../../functions/api/handler';
import { createHandler as createIngestHandler } from '../../../functions/ingest/handler';
import { createHandler as createScheduleHandler } from '../../../functions/schedule/handler';
import { HttpFeedFetcher } from '../../../shared/adapters/http/http-feed-fetcher';
import { SnsAlertPublisher } from '../../../shared/adapters/sns-publisher';
import { DEMO_FEEDS } from '../../../shared/cli/commands/demo';
import { type FeedServer, serveFeedFolder } from '../../../shared/demo/feed-server';
import type { Article } from '../../../shared/domain/types';
import { makeArticle } from '../../support/articles';
import { ingestDeps, manualClock, startTestStore } from '../../support/store';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:alerts';
const snsMock = mockClient(SNSClient);
const sqsMock = mockClient(SQSClient);

function sqsEvent(bodies: string[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `m${i}`,
      receiptHandle: `r${i}`,
      body,
      attributes: {} as never,
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:fetch',
      awsRegion: 'us-east-1',
    })),
  };
}

function streamEvent(articles: Article[]): DynamoDBStreamEvent {
  return {
    Records: articles.map((a, i) => ({
      eventID: `e${i}`,
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: {
        SequenceNumber: String(i + 1),
        Keys: marshall({ pk: `ARTICLE#${a.id}`, sk: 'A' }) as never,
        NewImage: marshall(
          { pk: `ARTICLE#${a.id}`, sk: 'A', ...a },
          { removeUndefinedValues: true },
        ) as never,
      },
    })),
  };
}

describe('Lambda handlers with their real services (dynalite, loopback feeds)', () => {
  let store: Awaited<ReturnType<typeof startTestStore>>;
  let server: FeedServer;
  const clock = manualClock();
  beforeAll(async () => {
    store = await startTestStore();
    server = await serveFeedFolder(DEMO_FEEDS);
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });
  beforeEach(() => {
    snsMock.reset();
    sqsMock.reset();
  });

  it('schedule: enqueues one message per due feed, configured feeds included', async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const handler = createScheduleHandler({
      feeds: store.feeds,
      sqs: new SQSClient({}),
      queueUrl: 'https://sqs.example/fetch',
      configuredFeeds: [{ id: 'steppe-wire', url: `${server.baseUrl}/steppe-wire.rss` }],
      clock,
    });
    const result = await handler();
    expect(result).toEqual({ enqueued: 1, notDue: 0 });
    const sent = sqsMock.commandCalls(SendMessageBatchCommand)[0]?.args[0].input;
    expect(sent?.QueueUrl).toBe('https://sqs.example/fetch');
    expect(sent?.Entries?.map((e) => JSON.parse(e.MessageBody as string))).toEqual([
      { feedId: 'steppe-wire' },
    ]);
  });

  it('ingest: stores a feed per message and reports only the bad message as failed', async () => {
    const handler = createIngestHandler(
      ingestDeps(store, new HttpFeedFetcher({ allowPrivateNetwork: true }), clock),
    );
    const result = await handler(sqsEvent([JSON.stringify({ feedId: 'steppe-wire' }), 'not json']));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    const state = await store.feeds.get('steppe-wire');
    expect(state?.lastSuccessAt).toBe(clock.now().toISOString());
    expect(state?.etag).toMatch(/^"/);
    expect((await store.articles.query({ limit: 100 })).articles.length).toBeGreaterThan(5);
  });

  it('alert: publishes a new article once with the attributes filter policies read, even when replayed', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: '1' });
    const article = makeArticle({
      id: 'alert-me',
      topics: ['xinjiang'],
      countries: ['CN', 'KZ'],
      scores: { xinjiang: 6.5 },
    });
    await store.articles.putIfNew(article);
    const handler = createAlertHandler({
      articles: store.articles,
      publisher: new SnsAlertPublisher(new SNSClient({}), TOPIC_ARN),
      clock,
    });
    expect(await handler(streamEvent([article]))).toEqual({ batchItemFailures: [] });
    expect(await handler(streamEvent([article]))).toEqual({ batchItemFailures: [] });
    const calls = snsMock.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toMatchObject({
      TopicArn: TOPIC_ARN,
      MessageAttributes: {
        topics: { DataType: 'String.Array', StringValue: '["xinjiang"]' },
        countries: { DataType: 'String.Array', StringValue: '["CN","KZ"]' },
        score: { DataType: 'Number', StringValue: '6.5' },
        kind: { DataType: 'String', StringValue: 'instant' },
      },
    });
  });

  it('alert: a failed publish fails only its record, and the scheduled sweep sends it later', async () => {
    const article = makeArticle({ id: 'alert-later', topics: ['central-asia'] });
    await store.articles.putIfNew(article);
    snsMock.on(PublishCommand).rejects(new Error('Throttling'));
    const handler = createAlertHandler({
      articles: store.articles,
      publisher: new SnsAlertPublisher(new SNSClient({}), TOPIC_ARN),
      clock,
      leaseMs: 0,
    });
    const result = (await handler(streamEvent([article]))) as { batchItemFailures: unknown[] };
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '1' }]);
    snsMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: '2' });
    clock.advance(1000);
    const swept = await handler({ source: 'aws.scheduler' });
    expect(swept).toMatchObject({ failed: 0 });
    const subjects = snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject);
    expect(subjects).toContain(`[newsalert: central-asia] ${article.title}`);
  });

  it('api: answers history queries and maps bad input to 400 with a message', async () => {
    const handler = createApiHandler({
      articles: store.articles,
      feeds: store.feeds,
      clock,
      sns: new SNSClient({}),
      topicArn: TOPIC_ARN,
      topics: [{ id: 'central-asia' }, { id: 'xinjiang' }],
    });
    const request = (routeKey: string, query: Record<string, string> = {}) =>
      handler({
        routeKey,
        queryStringParameters: query,
        requestContext: { requestId: 'r' },
      } as unknown as APIGatewayProxyEventV2);
    const ok = await request('GET /articles', { topic: 'xinjiang', limit: '5' });
    expect(ok.statusCode).toBe(200);
    const body = JSON.parse(ok.body as string);
    expect(body.articles.map((a: Article) => a.id)).toContain('alert-me');
    expect(body.articles[0].text).toBeUndefined();
    const bad = await request('GET /articles', { country: 'Kazakhstan' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body as string).error).toMatch(/alpha-2/);
    expect((await request('GET /nothing')).statusCode).toBe(404);
    const forged = await request('GET /articles', { cursor: 'bm90LWEtY3Vyc29y' });
    expect(forged.statusCode).toBe(400);
    expect(JSON.parse(forged.body as string).error).toMatch(/cursor is not valid/);
  });
});
