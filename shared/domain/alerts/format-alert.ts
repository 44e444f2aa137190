/**
 * Turns a stored article into the alert message subscribers receive. SNS email allows a subject of
 * printable ASCII under 100 characters with no line breaks; titles in other scripts go in the body.
 */
import { safeLine, safeLink, stripUnsafe, toAscii } from '../text/sanitize';
import type { AlertMessage, Article, TopicTag } from '../types';

export const SUBJECT_MAX = 99;

const HOW_TO_CHANGE = [
  'You receive this because you subscribed to newsalert alerts for these topics.',
  'To change topics, countries or the minimum score: newsalert subscribe --email <you> --topics ... (or ask your operator).',
  'To stop: newsalert unsubscribe --email <you>, or the unsubscribe link below when this came by email.',
].join('\n');

/** The highest score among the article's topics: what `minScore` is compared with. */
export function alertScore(article: Pick<Article, 'topics' | 'scores'>): number {
  const scores = article.topics.map((t) => article.scores[t] ?? 0);
  return scores.length > 0 ? Math.round(Math.max(...scores) * 100) / 100 : 0;
}

/** A subject line SNS accepts: printable ASCII, no line breaks, at most 99 characters. */
export function alertSubject(prefix: string, title: string, fallback: string): string {
  const ascii = toAscii(title);
  // When most of the title is another script, the ASCII left over is noise: name the source instead.
  const letters = title.replace(/[\s\p{P}\p{S}\d]/gu, '').length;
  const asciiLetters = ascii.replace(/[^A-Za-z]/g, '').length;
  const usable = letters > 0 && asciiLetters / letters >= 0.6 ? ascii : toAscii(fallback);
  const subject = `${toAscii(prefix)} ${usable}`.trim();
  return subject.length <= SUBJECT_MAX ? subject : `${subject.slice(0, SUBJECT_MAX - 3).trimEnd()}...`;
}

/** "why it matched": each topic with its score and the words that made it. */
export function explainMatch(evidence: readonly TopicTag[], topics: readonly string[]): string[] {
  return evidence
    .filter((tag) => topics.includes(tag.id))
    .map((tag) => {
      const terms = [
        ...new Set(tag.evidence.map((e) => (e.surface === e.term ? e.term : `${e.surface} (${e.term})`))),
      ];
      const shown = terms.slice(0, 6).map((t) => safeLine(t));
      const more = terms.length > shown.length ? `, +${terms.length - shown.length} more` : '';
      return `${tag.id} (score ${tag.score.toFixed(2)}): ${shown.join(', ')}${more}`;
    });
}

/** One article as an instant alert. */
export function formatInstantAlert(article: Article): AlertMessage {
  const topicList = article.topics.join(', ');
  const link = safeLink(article.url);
  const lines = [
    safeLine(article.title) || '(untitled)',
    '',
    `Source: ${safeLine(article.source)}`,
    `Published: ${article.published}`,
    `Link: ${link ?? '(no safe link)'}`,
    `Countries: ${article.countries.join(', ') || '-'}`,
    '',
    stripUnsafe(article.excerpt).trim(),
    '',
    'Why it matched:',
    ...explainMatch(article.evidence, article.topics).map((l) => `  - ${l}`),
    '',
    '--',
    HOW_TO_CHANGE,
  ];
  return {
    articleId: article.id,
    subject: alertSubject(`[newsalert: ${topicList}]`, article.title, `New article from ${article.source}`),
    body: lines.join('\n'),
    attributes: {
      topics: [...article.topics],
      countries: [...article.countries],
      score: alertScore(article),
      kind: 'instant',
    },
  };
}

/** One topic's articles of a day as a digest. */
export function formatDigest(topic: string, day: string, articles: readonly Article[]): AlertMessage {
  const countries = [...new Set(articles.flatMap((a) => a.countries))].sort();
  const lines = [`newsalert digest: ${topic}, ${day}: ${articles.length} article(s)`, ''];
  articles.forEach((a, i) => {
    lines.push(`${i + 1}. ${safeLine(a.title) || '(untitled)'}`);
    lines.push(`   ${safeLine(a.source)}, ${a.published}`);
    lines.push(`   ${safeLink(a.url) ?? '(no safe link)'}`);
    const why = explainMatch(a.evidence, [topic])[0];
    if (why) lines.push(`   why: ${why}`);
    lines.push('');
  });
  lines.push('--', HOW_TO_CHANGE);
  return {
    subject: alertSubject(`[newsalert digest: ${topic}]`, `${day}, ${articles.length} article(s)`, day),
    body: lines.join('\n'),
    attributes: {
      topics: [topic],
      countries,
      score: articles.reduce((max, a) => Math.max(max, a.scores[topic] ?? 0), 0),
      kind: 'digest',
    },
  };
}
