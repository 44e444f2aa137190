import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { FeedState } from '../../domain/types';
import type { FeedStore } from '../../ports';
import { keys } from './table';

type Item = Record<string, unknown>;

function toState(item: Item): FeedState {
  const { pk: _pk, sk: _sk, type: _t, ...rest } = item;
  return rest as unknown as FeedState;
}

/** Feeds and their fetch state, in one partition: a deployment watches tens to hundreds of feeds. */
export class DynamoFeedStore implements FeedStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async list(): Promise<FeedState[]> {
    const states: FeedState[] = [];
    let startKey: Item | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'FEEDS' },
          ExclusiveStartKey: startKey,
        }),
      );
      states.push(...(result.Items ?? []).map(toState));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return states;
  }

  async get(feedId: string): Promise<FeedState | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.table, Key: keys.feed(feedId) }));
    return result.Item ? toState(result.Item) : undefined;
  }

  async put(state: FeedState): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.table, Item: { ...keys.feed(state.feedId), type: 'feed', ...state } }),
    );
  }

  async remove(feedId: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.table, Key: keys.feed(feedId) }));
  }
}
