import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPublishInput } from '../../../shared/adapters/sns-publisher';
import { matches, toFilterPolicy } from '../../../shared/domain/alerts/filter-policy';
import type { AlertMessage, Subscription } from '../../../shared/domain/types';
import { type Moto, motoAvailable, motoRequired, startMoto } from '../../support/moto';

const available = motoAvailable();
if (!available) {
  const say = motoRequired ? 'is required (NEWSALERT_REQUIRE_MOTO=1) but' : 'is';
  console.warn(
    `SKIPPING SNS filter-policy tests: moto_server ${say} not installed (pip install "moto[server]")`,
  );
}

const subscriptions: Subscription[] = [
  { email: 'a@x.org', topics: ['xinjiang'], kind: 'instant' },
  { email: 'b@x.org', topics: ['central-asia'], countries: ['KZ', 'UZ'], kind: 'instant' },
  { email: 'c@x.org', topics: ['central-asia', 'xinjiang'], minScore: 5, kind: 'instant' },
  { email: 'd@x.org', topics: ['xinjiang'], countries: ['KZ'], kind: 'digest' },
];

const messages: AlertMessage['attributes'][] = [
  { topics: ['xinjiang'], countries: ['CN'], score: 3, kind: 'instant' },
  { topics: ['central-asia'], countries: ['KZ', 'RU'], score: 6, kind: 'instant' },
  { topics: ['central-asia'], countries: ['TJ'], score: 4.5, kind: 'instant' },
  { topics: ['central-asia', 'xinjiang'], countries: ['KZ', 'CN'], score: 5, kind: 'instant' },
  { topics: ['xinjiang'], countries: ['KZ'], score: 2, kind: 'digest' },
];

describe('SNS filter policies rendered from subscriptions (moto_server)', () => {
  it('moto is present where CI requires it', () => {
    expect(available || !motoRequired).toBe(true);
  });

  describe.runIf(available)('against a real SNS implementation', () => {
    let moto: Moto;
    let sns: SNSClient;
    let sqs: SQSClient;
    beforeAll(async () => {
      moto = await startMoto();
      const config = {
        endpoint: moto.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      };
      sns = new SNSClient(config);
      sqs = new SQSClient(config);
    }, 60_000);
    afterAll(async () => {
      sns?.destroy();
      sqs?.destroy();
      await moto?.stop();
    });

    it('delivers to each subscriber exactly what local matching delivers', async () => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'alerts' }));
      const queues: string[] = [];
      for (const [i, sub] of subscriptions.entries()) {
        const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `sub-${i}` }));
        const attrs = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
        );
        await sns.send(
          new SubscribeCommand({
            TopicArn,
            Protocol: 'sqs',
            Endpoint: attrs.Attributes?.QueueArn,
            Attributes: { FilterPolicy: JSON.stringify(toFilterPolicy(sub)), RawMessageDelivery: 'true' },
          }),
        );
        queues.push(QueueUrl as string);
      }
      for (const [i, attributes] of messages.entries()) {
        const message: AlertMessage = { subject: `m${i}`, body: `message ${i}`, attributes };
        await sns.send(new PublishCommand(toPublishInput(TopicArn as string, message, attributes)));
      }
      for (const [i, sub] of subscriptions.entries()) {
        const received = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queues[i], MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        const got = (received.Messages ?? []).map((m) => m.Body).sort();
        const want = messages.flatMap((m, j) => (matches(sub, m) ? [`message ${j}`] : [])).sort();
        expect(got, sub.email).toEqual(want);
      }
    });
  });
});
