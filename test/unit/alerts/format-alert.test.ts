import { describe, expect, it } from 'vitest';
import { alertSubject, formatDigest, formatInstantAlert } from '../../../shared/domain/alerts/format-alert';
import { makeArticle } from '../../support/articles';

describe('instant alert', () => {
  const article = makeArticle({
    title: 'Mirziyoyev meets Tokayev in Tashkent\u202E to sign water deal',
    url: 'https://news.example/story',
    excerpt: 'Leaders of Uzbekistan and Kazakhstan\u200B agreed on the Syr Darya.',
    topics: ['central-asia'],
    countries: ['KZ', 'UZ'],
    scores: { 'central-asia': 7.456 },
    evidence: [
      {
        id: 'central-asia',
        score: 7.456,
        evidence: [
          { surface: 'Mirziyoyev', term: 'Shavkat Mirziyoyev', field: 'title', offset: 0, match: 'exact' },
          { surface: 'Tashkent', term: 'Tashkent', field: 'title', offset: 28, match: 'exact' },
        ],
      },
    ],
  });

  it('has a subject SNS accepts: printable ASCII, one line, under 100 characters', () => {
    const { subject } = formatInstantAlert(article);
    expect(subject).toMatch(/^[\x20-\x7E]+$/);
    expect(subject.length).toBeLessThan(100);
    expect(subject).toContain('Mirziyoyev meets Tokayev');
  });

  it('carries title, source, date, link, excerpt, why it matched and how to stop', () => {
    const { body } = formatInstantAlert(article);
    expect(body).toContain('Mirziyoyev meets Tokayev in Tashkent to sign water deal');
    expect(body).toContain('Source: News Example');
    expect(body).toContain('Published: 2026-11-20T10:00:00.000Z');
    expect(body).toContain('Link: https://news.example/story');
    expect(body).toContain('Syr Darya');
    expect(body).toContain('central-asia (score 7.46): Mirziyoyev (Shavkat Mirziyoyev), Tashkent');
    expect(body).toMatch(/To stop: newsalert unsubscribe/);
  });

  it('never carries bidi overrides, zero-width characters or non-http links', () => {
    const hostile = formatInstantAlert(makeArticle({ url: 'javascript:alert(1)', title: 'a\u202Eb\u0007c' }));
    for (const c of ['\u202E', '\u200B', '\u0007']) expect(hostile.body).not.toContain(c);
    expect(hostile.body).toContain('Link: (no safe link)');
    expect(hostile.body).not.toContain('javascript:');
  });

  it('sets the attributes filter policies read, score as the strongest topic', () => {
    expect(formatInstantAlert(article).attributes).toEqual({
      topics: ['central-asia'],
      countries: ['KZ', 'UZ'],
      score: 7.46,
      kind: 'instant',
    });
  });
});

describe('subject line', () => {
  it.each([
    ['Ürümqi court jails Uyghur scholar', '[newsalert: xinjiang] Urumqi court jails Uyghur scholar'],
    ['Президент Казахстана посетил Ташкент', '[newsalert: xinjiang] New article from RFE/RL'],
    ['乌鲁木齐新闻', '[newsalert: xinjiang] New article from RFE/RL'],
    ['Line one\nline two', '[newsalert: xinjiang] Line one line two'],
  ])('%s → %s', (title, expected) => {
    expect(alertSubject('[newsalert: xinjiang]', title, 'New article from RFE/RL')).toBe(expected);
  });

  it('cuts long titles to 99 characters', () => {
    const subject = alertSubject('[newsalert: central-asia]', 'word '.repeat(60), 'x');
    expect(subject.length).toBeLessThanOrEqual(99);
    expect(subject.length).toBeGreaterThan(90);
    expect(subject.endsWith('...')).toBe(true);
  });
});

describe('digest', () => {
  it('lists the day’s articles with links and is marked kind=digest', () => {
    const a = makeArticle({
      title: 'First',
      topics: ['xinjiang'],
      scores: { xinjiang: 3 },
      countries: ['CN'],
    });
    const b = makeArticle({
      title: 'Second',
      topics: ['xinjiang'],
      scores: { xinjiang: 6 },
      countries: ['KZ'],
    });
    const digest = formatDigest('xinjiang', '2026-11-20', [a, b]);
    expect(digest.subject).toBe('[newsalert digest: xinjiang] 2026-11-20, 2 article(s)');
    expect(digest.body).toContain('1. First');
    expect(digest.body).toContain('2. Second');
    expect(digest.attributes).toEqual({
      topics: ['xinjiang'],
      countries: ['CN', 'KZ'],
      score: 6,
      kind: 'digest',
    });
  });
});
