import type { Article } from '../../shared/domain/types';

let counter = 0;

/** A stored-article value with sensible defaults; tests override what they are about. */
export function makeArticle(overrides: Partial<Article> = {}): Article {
  counter++;
  const id = overrides.id ?? `a${String(counter).padStart(31, '0')}`;
  return {
    id,
    url: `https://news.example/${id}`,
    canonicalUrl: `https://news.example/${id}`,
    title: `Story ${counter}`,
    excerpt: 'An excerpt.',
    text: 'Body text.',
    source: 'News Example',
    feedIds: ['feed-1'],
    published: '2026-11-20T10:00:00.000Z',
    fetchedAt: '2026-11-20T10:05:00.000Z',
    fingerprint: `fp${counter}`,
    topics: ['central-asia'],
    countries: ['KZ'],
    people: [],
    scores: { 'central-asia': 5 },
    evidence: [],
    taxonomyVersion: 'test',
    ...overrides,
  };
}
