import { parseHistoryQuery, type RawHistoryQuery } from '../domain/query';
import type { ArticlePage, ArticleStore, Clock } from '../ports';

/** Validated history query, newest first, one page at a time. */
export async function queryHistory(
  deps: { articles: ArticleStore; clock: Clock },
  input: RawHistoryQuery,
): Promise<ArticlePage> {
  return deps.articles.query(parseHistoryQuery(input, deps.clock.now()));
}
