import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class StorageError extends Error {
  override name = 'StorageError';
}

/**
 * BatchWrite in chunks of 25; leftovers (UnprocessedItems) are retried with exponential backoff and
 * jitter, and if they still will not go, the call fails loudly rather than losing them.
 */
export async function batchPut(
  client: DynamoDBDocumentClient,
  table: string,
  items: Record<string, unknown>[],
  maxAttempts = 8,
): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= maxAttempts) {
        throw new StorageError(
          `${pending.length} item(s) were still unprocessed after ${maxAttempts} attempts`,
        );
      }
      if (attempt > 0) await sleep(Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2));
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  }
}

/** BatchGet in chunks of 100 with the same retry of leftovers. */
export async function batchGet(
  client: DynamoDBDocumentClient,
  table: string,
  keyList: Record<string, string>[],
  maxAttempts = 8,
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keyList.length; i += 100) {
    let pending: Record<string, unknown>[] = keyList.slice(i, i + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= maxAttempts) throw new StorageError(`${pending.length} key(s) were still unprocessed`);
      if (attempt > 0) await sleep(Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2));
      const result = await client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }));
      found.push(...((result.Responses?.[table] ?? []) as Record<string, unknown>[]));
      pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}
