import { parseHistoryQuery, type RawHistoryQuery } from '../domain/query';
import type { Article } from '../domain/types';
import type { ArticlePage, ArticleStore, Clock } from '../ports';

/** Validated history query, newest first, one page at a time. */
export async function queryHistory(
  deps: { articles: ArticleStore; clock: Clock },
  input: RawHistoryQuery,
): Promise<ArticlePage> {
  return deps.articles.query(parseHistoryQuery(input, deps.clock.now()));
}

/** What a reader sees of a stored article: no stored full text, no dedupe bookkeeping. */
export function publicArticle(article: Article): Omit<Article, 'text' | 'fingerprint'> {
  const { text: _text, fingerprint: _fp, ...rest } = article;
  return rest;
}
