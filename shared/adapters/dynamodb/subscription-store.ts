import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Subscription } from '../../domain/types';
import type { Subscriptions } from '../../ports';
import { keys } from './table';

/**
 * Subscriptions of the embedded runner (in AWS they live in SNS, with filter policies). One per
 * email and kind: subscribing again replaces the earlier choice.
 */
export class DynamoSubscriptions implements Subscriptions {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async list(): Promise<Subscription[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'SUBS' },
      }),
    );
    return (result.Items ?? []).map((item) => {
      const { pk: _pk, sk: _sk, type: _t, ...rest } = item;
      return rest as Subscription;
    });
  }

  async add(subscription: Subscription): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.subscription(subscription.email, subscription.kind),
          type: 'subscription',
          ...subscription,
        },
      }),
    );
  }

  async remove(email: string, topics?: string[]): Promise<number> {
    const mine = (await this.list()).filter((s) => s.email === email);
    let changed = 0;
    for (const sub of mine) {
      const key = keys.subscription(sub.email, sub.kind);
      const remaining = topics ? sub.topics.filter((t) => !topics.includes(t)) : [];
      if (remaining.length === sub.topics.length) continue;
      changed++;
      if (remaining.length === 0) {
        await this.client.send(new DeleteCommand({ TableName: this.table, Key: key }));
      } else {
        await this.add({ ...sub, topics: remaining });
      }
    }
    return changed;
  }
}
