/**
 * Backtest a taxonomy change on stored history: which articles the current taxonomy would tag or
 * untag. Applying it updates the tags and indexes; it sends no alerts (every stored article is marked
 * alerted or pending already, so nobody is alerted twice).
 */
import type { Tagger } from '../domain/tagging';
import type { Article } from '../domain/types';
import type { ArticleStore } from '../ports';
import { trimEvidence } from './build-article';

export interface RetagChange {
  id: string;
  title: string;
  published: string;
  added: string[];
  removed: string[];
  countriesAdded: string[];
  countriesRemoved: string[];
}

export interface RetagReport {
  examined: number;
  changes: RetagChange[];
  applied: boolean;
}

const minus = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));

export async function retagHistory(
  deps: { articles: ArticleStore; tagger: Tagger },
  range: { since: string; until: string },
  options: { apply: boolean },
): Promise<RetagReport> {
  const report: RetagReport = { examined: 0, changes: [], applied: options.apply };
  let cursor: string | undefined;
  do {
    const page = await deps.articles.scanRange(range.since, range.until, cursor);
    for (const article of page.articles) {
      report.examined++;
      const result = deps.tagger.tag({
        id: article.id,
        title: article.title,
        text: article.text || article.excerpt,
      });
      const change: RetagChange = {
        id: article.id,
        title: article.title,
        published: article.published,
        added: minus(result.topics, article.topics),
        removed: minus(article.topics, result.topics),
        countriesAdded: minus(result.countries, article.countries),
        countriesRemoved: minus(article.countries, result.countries),
      };
      const changed =
        change.added.length +
          change.removed.length +
          change.countriesAdded.length +
          change.countriesRemoved.length >
        0;
      if (changed) report.changes.push(change);
      if (options.apply && (changed || article.taxonomyVersion !== result.taxonomyVersion)) {
        const updated: Article = {
          ...article,
          topics: result.topics,
          countries: result.countries,
          people: result.people,
          scores: result.scores,
          evidence: trimEvidence(result.topicTags),
          taxonomyVersion: result.taxonomyVersion,
        };
        await deps.articles.updateTags(updated);
      }
    }
    cursor = page.next;
  } while (cursor);
  return report;
}
