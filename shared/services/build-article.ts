import { articleId, canonicalUrl, contentFingerprints, excerpt } from '../domain/feed/normalise';
import type { Tagger } from '../domain/tagging';
import type { Article, FeedItem, FeedState, TopicTag } from '../domain/types';

export const EXCERPT_CHARS = 400;
/** A feed can put anything in a title; what we store and email stays readable and small. */
export const TITLE_CHARS = 500;
/** Evidence kept per topic on the stored article: enough to say why it matched. */
const EVIDENCE_PER_TOPIC = 8;

export interface BuildContext {
  feed: FeedState;
  feedTitle: string | null;
  fetchedAt: Date;
  tagger: Tagger;
}

/** A feed item as a tagged article ready to store; null when it has nothing to identify it by. */
export function buildArticle(item: FeedItem, context: BuildContext): Article | null {
  const link = item.link ? canonicalUrl(item.link) : null;
  const title = excerpt((item.title ?? '').trim(), TITLE_CHARS);
  const text =
    (item.content && item.content.length > (item.summary?.length ?? 0) ? item.content : item.summary) ?? '';
  if (!link && !item.id && !title) return null;
  const id = articleId({ link, guid: item.id ?? (link ? null : `${context.feed.feedId}#${title}`) });
  const fetchedAt = context.fetchedAt.toISOString();
  // An undated item gets the time we first saw it; a date in the future is clamped to now.
  const published = item.published && item.published <= fetchedAt ? item.published : fetchedAt;
  const tags = context.tagger.tag({ id, title, text, ...(link ? { url: link } : {}) });
  return {
    id,
    url: item.link ?? link ?? '',
    canonicalUrl: link ?? '',
    title,
    excerpt: excerpt(text, EXCERPT_CHARS),
    text,
    source: context.feed.name ?? context.feedTitle ?? hostOf(link) ?? context.feed.feedId,
    feedIds: [context.feed.feedId],
    published,
    fetchedAt,
    fingerprint: contentFingerprints(title, text).join(' '),
    topics: tags.topics,
    countries: tags.countries,
    people: tags.people,
    scores: tags.scores,
    evidence: trimEvidence(tags.topicTags),
    taxonomyVersion: tags.taxonomyVersion,
  };
}

export function trimEvidence(tags: readonly TopicTag[]): TopicTag[] {
  return tags.map((t) => ({ ...t, evidence: t.evidence.slice(0, EVIDENCE_PER_TOPIC) }));
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/** How often a feed publishes, from its items' dates: drives adaptive polling. */
export function estimateItemsPerDay(dates: readonly (string | null)[]): number | undefined {
  const times = dates
    .filter((d): d is string => Boolean(d))
    .map((d) => Date.parse(d))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (times.length < 2) return undefined;
  const spanDays = ((times.at(-1) as number) - (times[0] as number)) / 86_400_000;
  if (spanDays <= 0) return undefined;
  return Math.round(((times.length - 1) / spanDays) * 100) / 100;
}
