import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Article } from '../../domain/types';
import type { ArticlePage, ArticleStore, FingerprintHolder, HistoryQuery, PutResult } from '../../ports';
import { batchGet, batchPut } from './batch';
import { GSI1, keys, UNALERTED } from './table';

/** Stored text is capped: enough to re-tag, far under the 400 KB item limit. */
export const MAX_STORED_TEXT = 20_000;
const MAX_PAGE = 200;

type Item = Record<string, unknown>;

/** How much of a story a fingerprint claim keeps for comparison. */
const FINGERPRINT_SAMPLE = 3000;

function toHolder(item: Item): FingerprintHolder {
  return { id: String(item.articleId), title: String(item.title ?? ''), sample: String(item.sample ?? '') };
}

function uniqueHolders(holders: FingerprintHolder[]): FingerprintHolder[] {
  return [...new Map(holders.map((h) => [h.id, h])).values()];
}

function toArticle(item: Item): Article {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _t, alertClaim: _c, ...rest } = item;
  return { text: '', ...rest } as unknown as Article;
}

function encodeCursor(key: Item | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

function decodeCursor(cursor: string | undefined): Item | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof key?.pk === 'string' && typeof key?.sk === 'string') return { pk: key.pk, sk: key.sk };
  } catch {
    // fall through to the error below
  }
  throw new CursorError('the page cursor is not valid; start again without --cursor');
}

/** A page cursor that is malformed or belongs to another query: the caller's to fix. */
export class CursorError extends Error {
  override name = 'CursorError';
}

function indexPartitions(article: Article): string[] {
  return [
    'ALL',
    `DAY#${article.published.slice(0, 10)}`,
    ...article.topics.map((t) => `TOPIC#${t}`),
    ...article.countries.map((c) => `COUNTRY#${c}`),
  ];
}

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as Error)?.name === 'ConditionalCheckFailedException'
  );
}

/** The one ArticleStore for AWS DynamoDB and the embedded server alike. */
export class DynamoArticleStore implements ArticleStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async putIfNew(article: Article): Promise<PutResult> {
    const item = {
      ...keys.article(article.id),
      type: 'article',
      ...article,
      text: article.text.slice(0, MAX_STORED_TEXT),
      gsi1pk: UNALERTED,
      gsi1sk: `${article.fetchedAt}#${article.id}`,
    };
    // Index entries first: if the process dies between the two writes, the article is not stored, so
    // the next run stores it (writing the same entries again). The other way round, an article could
    // exist that history never shows.
    await this.writeIndex(article);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return 'exists';
      throw error;
    }
    return 'created';
  }

  /** Index entries are idempotent puts; they are written again by addSource and updateTags. */
  private async writeIndex(article: Article, previous?: Article): Promise<void> {
    const { text: _text, ...summary } = article;
    const sk = keys.indexSortKey(article.published, article.id);
    const partitions = indexPartitions(article);
    await batchPut(
      this.client,
      this.table,
      partitions.map((pk) => ({ pk, sk, type: 'index', ...summary })),
    );
    if (previous) {
      const gone = indexPartitions(previous).filter((p) => !partitions.includes(p));
      for (const pk of gone) {
        await this.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk, sk: keys.indexSortKey(previous.published, previous.id) },
            UpdateExpression: 'SET stale = :t',
            ExpressionAttributeValues: { ':t': true },
          }),
        );
      }
    }
  }

  async get(id: string): Promise<Article | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.table, Key: keys.article(id) }));
    return result.Item ? toArticle(result.Item) : undefined;
  }

  async existing(ids: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(ids)];
    const items = await batchGet(
      this.client,
      this.table,
      unique.map((id) => keys.article(id)),
    );
    return new Set(items.map((item) => String(item.id)));
  }

  async findByFingerprints(fingerprints: readonly string[]): Promise<FingerprintHolder[]> {
    if (fingerprints.length === 0) return [];
    const items = await batchGet(
      this.client,
      this.table,
      [...new Set(fingerprints)].map((fp) => keys.fingerprint(fp)),
    );
    return uniqueHolders(items.map(toHolder));
  }

  async claimFingerprints(
    holder: FingerprintHolder,
    fingerprints: readonly string[],
  ): Promise<FingerprintHolder[]> {
    const others: FingerprintHolder[] = [];
    for (const fp of new Set(fingerprints)) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              ...keys.fingerprint(fp),
              type: 'fingerprint',
              articleId: holder.id,
              title: holder.title,
              sample: holder.sample.slice(0, FINGERPRINT_SAMPLE),
            },
            ConditionExpression: 'attribute_not_exists(pk) OR articleId = :id',
            ExpressionAttributeValues: { ':id': holder.id },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const held = (error as { Item?: Record<string, unknown> }).Item;
        const current = held
          ? toHolder(unmarshall(held as Parameters<typeof unmarshall>[0]))
          : (await this.findByFingerprints([fp]))[0];
        if (current && current.id !== holder.id) others.push(current);
      }
    }
    return uniqueHolders(others);
  }

  async releaseFingerprints(id: string, fingerprints: readonly string[]): Promise<void> {
    for (const fp of new Set(fingerprints)) {
      try {
        await this.client.send(
          new DeleteCommand({
            TableName: this.table,
            Key: keys.fingerprint(fp),
            ConditionExpression: 'articleId = :id',
            ExpressionAttributeValues: { ':id': id },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
  }

  async addSource(id: string, feedId: string): Promise<boolean> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.article(id),
          UpdateExpression: 'SET feedIds = list_append(feedIds, :f)',
          ConditionExpression: 'attribute_exists(pk) AND NOT contains(feedIds, :id)',
          ExpressionAttributeValues: { ':f': [feedId], ':id': feedId },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      // History answers from the index entries, so they carry the new source too.
      if (result.Attributes) await this.writeIndex(toArticle(result.Attributes));
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Either the source is recorded already (the article exists) or there is no such article.
      return Boolean((error as { Item?: unknown }).Item);
    }
  }

  async query(query: HistoryQuery): Promise<ArticlePage> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), MAX_PAGE);
    const partition = query.topic
      ? `TOPIC#${query.topic}`
      : query.country
        ? `COUNTRY#${query.country}`
        : 'ALL';
    const filterCountry = Boolean(query.topic && query.country);
    return this.queryPartition(partition, {
      limit,
      since: query.since,
      until: query.until,
      cursor: query.cursor,
      ...(filterCountry ? { country: query.country } : {}),
    });
  }

  private async queryPartition(
    partition: string,
    options: { limit: number; since?: string; until?: string; cursor?: string; country?: string },
  ): Promise<ArticlePage> {
    const names: Record<string, string> = { '#pk': 'pk', '#sk': 'sk' };
    const values: Record<string, unknown> = {
      ':pk': partition,
      ':lo': options.since ?? '0000',
      ':hi': `${options.until ?? '9999'}\uffff`,
    };
    const filters = ['attribute_not_exists(stale)'];
    if (options.country) {
      filters.push('contains(countries, :c)');
      values[':c'] = options.country;
    }
    const articles: Article[] = [];
    let startKey = decodeCursor(options.cursor);
    if (
      startKey &&
      (startKey.pk !== partition ||
        (startKey.sk as string) < (values[':lo'] as string) ||
        (startKey.sk as string) > (values[':hi'] as string))
    ) {
      throw new CursorError(
        'this page cursor belongs to another query; repeat the same query with it, or start without it',
      );
    }
    let lastKey: Item | undefined;
    let more = true;
    let leftInResult = false;
    // A filter applies after DynamoDB's own Limit, so keep reading until the page is full.
    while (more && articles.length < options.limit) {
      const input: QueryCommandInput = {
        TableName: this.table,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
        FilterExpression: filters.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: Math.max(options.limit - articles.length, 10),
        ExclusiveStartKey: startKey,
      };
      const result = await this.client.send(new QueryCommand(input));
      const items = result.Items ?? [];
      for (const [index, item] of items.entries()) {
        if (articles.length >= options.limit) {
          leftInResult = index < items.length;
          break;
        }
        articles.push(toArticle(item));
        lastKey = { pk: item.pk, sk: item.sk };
      }
      startKey = result.LastEvaluatedKey;
      more = Boolean(startKey);
    }
    const hasNext = articles.length >= options.limit && (more || leftInResult);
    return { articles, ...(hasNext && lastKey ? { next: encodeCursor(lastKey) } : {}) };
  }

  async scanRange(since: string, until: string, cursor?: string): Promise<ArticlePage> {
    const page = await this.queryPartition('ALL', { limit: 100, since, until, cursor });
    const full = await batchGet(
      this.client,
      this.table,
      page.articles.map((a) => keys.article(a.id)),
    );
    const byId = new Map(full.map((item) => [String(item.id), toArticle(item)]));
    return {
      articles: page.articles.map((a) => byId.get(a.id)).filter((a): a is Article => a !== undefined),
      ...(page.next ? { next: page.next } : {}),
    };
  }

  async listUnalerted(limit: number): Promise<Article[]> {
    // Keys only: whole articles would fill DynamoDB's 1 MB page long before `limit`.
    const ids: string[] = [];
    let startKey: Item | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :u',
          ExpressionAttributeValues: { ':u': UNALERTED },
          ProjectionExpression: 'id',
          Limit: limit - ids.length,
          ExclusiveStartKey: startKey,
        }),
      );
      ids.push(...(result.Items ?? []).map((item) => String(item.id)));
      startKey = result.LastEvaluatedKey;
    } while (startKey && ids.length < limit);
    const items = await batchGet(
      this.client,
      this.table,
      ids.map((id) => keys.article(id)),
    );
    const byId = new Map(items.map((item) => [String(item.id), toArticle(item)]));
    // Oldest first, as the index gave them; one marked meanwhile has left the list.
    return ids.map((id) => byId.get(id)).filter((a): a is Article => a !== undefined && !a.alertedAt);
  }

  async claimAlert(id: string, now: Date, leaseMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.article(id),
          UpdateExpression: 'SET alertClaim = :now',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(alertedAt) AND (attribute_not_exists(alertClaim) OR alertClaim < :expired)',
          ExpressionAttributeValues: {
            ':now': now.toISOString(),
            ':expired': new Date(now.getTime() - leaseMs).toISOString(),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markAlerted(id: string, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.article(id),
        UpdateExpression: 'SET alertedAt = :at REMOVE gsi1pk, gsi1sk, alertClaim',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async claimOnce(key: string, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.marker(key), type: 'marker', at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async releaseClaim(key: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.table, Key: keys.marker(key) }));
  }

  async updateTags(article: Article): Promise<void> {
    const previous = await this.get(article.id);
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.article(article.id),
        UpdateExpression:
          'SET topics = :topics, countries = :countries, people = :people, scores = :scores, evidence = :evidence, taxonomyVersion = :v',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':topics': article.topics,
          ':countries': article.countries,
          ':people': article.people,
          ':scores': article.scores,
          ':evidence': article.evidence,
          ':v': article.taxonomyVersion,
        },
      }),
    );
    await this.writeIndex(article, previous);
  }
}
