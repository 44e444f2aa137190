/**
 * The single-table layout. The CDK stack (infra/) declares the same keys; the embedded store creates
 * the table from `tableDefinition` on first start.
 *
 *   pk                     sk                   what
 *   ARTICLE#<id>           A                    the article (gsi1pk=UNALERTED until alerted)
 *   TOPIC#<topic>          <published>#<id>     index entry (article without its text)
 *   COUNTRY#<code>         <published>#<id>     index entry
 *   ALL                    <published>#<id>     index entry, every article
 *   DAY#<yyyy-mm-dd>       <published>#<id>     index entry, for digests and reports
 *   FP#<fingerprint>       FP                   near-duplicate claim → articleId
 *   FEEDS                  <feedId>             feed config and fetch state
 *   SUBS                   <email>#<kind>       local subscriptions
 *   MARK#<key>             M                    one-time markers (DIGEST#<day>#<topic>)
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const ARTICLE_SK = 'A';
export const UNALERTED = 'UNALERTED';
export const GSI1 = 'gsi1';

export const keys = {
  article: (id: string) => ({ pk: `ARTICLE#${id}`, sk: ARTICLE_SK }),
  fingerprint: (fp: string) => ({ pk: `FP#${fp}`, sk: 'FP' }),
  feed: (feedId: string) => ({ pk: 'FEEDS', sk: feedId }),
  subscription: (email: string, kind: string) => ({ pk: 'SUBS', sk: `${email}#${kind}` }),
  marker: (key: string) => ({ pk: `MARK#${key}`, sk: 'M' }),
  indexSortKey: (published: string, id: string) => `${published}#${id}`,
};

export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'gsi1pk', AttributeType: 'S' },
      { AttributeName: 'gsi1sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: GSI1,
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
