import { describe, expect, it } from 'vitest';
import {
  articleId,
  canonicalUrl,
  contentFingerprints,
  excerpt,
  htmlToText,
  similarity,
} from '../../../shared/domain/feed/normalise';

describe('canonicalUrl', () => {
  it.each([
    ['https://News.Example.COM/a/b?id=7#comments', 'https://news.example.com/a/b?id=7'],
    ['https://news.example.com/a?utm_source=rss&utm_medium=feed&id=7', 'https://news.example.com/a?id=7'],
    ['https://news.example.com/a?fbclid=abc&gclid=def&mc_cid=x&mc_eid=y', 'https://news.example.com/a'],
    ['http://news.example.com:80/a', 'http://news.example.com/a'],
    ['https://news.example.com:443/a', 'https://news.example.com/a'],
    ['https://news.example.com:8443/a', 'https://news.example.com:8443/a'],
    ['https://user:secret@news.example.com/a', 'https://news.example.com/a'],
    ['  https://news.example.com/a  ', 'https://news.example.com/a'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it.each([['javascript:alert(1)'], ['ftp://news.example.com/a'], ['mailto:a@b.c'], ['not a url'], ['']])(
    'refuses %s',
    (input) => {
      expect(canonicalUrl(input)).toBeNull();
    },
  );

  it('resolves a relative URL against a base', () => {
    expect(canonicalUrl('../b?utm_campaign=x', 'https://news.example.com/a/c/')).toBe(
      'https://news.example.com/a/b',
    );
  });
});

describe('articleId', () => {
  it('is a 32-character hex hash, the same for URLs that differ only by tracking noise', () => {
    const a = articleId({ link: 'https://News.example.com/story?utm_source=x#top' });
    const b = articleId({ link: 'https://news.example.com/story', guid: 'other' });
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).toBe(b);
  });

  it('differs for different articles', () => {
    expect(articleId({ link: 'https://news.example.com/1' })).not.toBe(
      articleId({ link: 'https://news.example.com/2' }),
    );
  });

  it('falls back to the GUID when there is no usable link', () => {
    const byGuid = articleId({ link: null, guid: 'tag:news.example.com,2024:1' });
    expect(byGuid).toBe(articleId({ link: 'javascript:void(0)', guid: 'tag:news.example.com,2024:1' }));
    expect(byGuid).not.toBe(articleId({ guid: 'tag:news.example.com,2024:2' }));
    expect(articleId({ guid: 'https://news.example.com/p?utm_medium=x' })).toBe(
      articleId({ link: 'https://news.example.com/p' }),
    );
  });
});

describe('htmlToText', () => {
  it.each([
    ['<p>One</p><p>Two</p>', 'One\nTwo'],
    ['Line<br>break', 'Line\nbreak'],
    ['<script>alert(1)</script><style>p{}</style>Visible', 'Visible'],
    ['Fish &amp; chips &eacute;t&eacute; &#8212; &#x4E2D;', 'Fish & chips été — 中'],
    ['  lots   of\n\n   space\t here ', 'lots of space here'],
    ['<ul><li>a</li><li>b</li></ul>', 'a\nb'],
    ['&lt;b&gt;escaped&lt;/b&gt;', '<b>escaped</b>'],
    ['<a href="x" onclick="evil()">link</a> text', 'link text'],
    ['zero\u200Bwidth and \u202Ebidi', 'zerowidth and bidi'],
    ['', ''],
  ])('%j → %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it('leaves no markup from real markup', () => {
    expect(htmlToText('<div><img src=x onerror=alert(1)><iframe src="https://evil"></iframe>ok</div>')).toBe(
      'ok',
    );
  });
});

describe('excerpt', () => {
  it.each([
    ['Short text', 50, 'Short text'],
    ['The quick brown fox jumps over the lazy dog', 20, 'The quick brown fox…'],
    ['The quick brown fox jumps', 10, 'The quick…'],
    ['Supercalifragilisticexpialidocious', 10, 'Supercali…'],
    ['中文新闻标题很长很长很长', 6, '中文新闻标…'],
  ])('%j cut to %i', (text, max, expected) => {
    const out = excerpt(text, max);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(max);
  });
});

const story = {
  title: 'Kazakhstan and Uzbekistan agree to share water from the Syr Darya',
  text: `Officials from Kazakhstan and Uzbekistan signed an agreement in Tashkent on Tuesday to share
  water from the Syr Darya river during the summer irrigation season. The deal sets quotas for each
  country, creates a joint commission to monitor flows and commits both sides to repair canals that
  lose a third of their water before it reaches the fields. Farmers in the south of Kazakhstan have
  complained for years that upstream withdrawals leave their cotton and rice without enough water.`,
};
const unrelated = {
  title: 'New metro line opens in Almaty after five years of construction',
  text: `The city's second metro line opened to passengers on Monday, linking the western districts to
  the centre. The mayor said trains would run every seven minutes at peak hours and that fares would
  stay the same for the first year. Construction was delayed by funding problems and a change of
  contractor, and the final cost was nearly twice the original estimate, according to the audit office.`,
};

describe('contentFingerprints and similarity', () => {
  it('gives four band keys', () => {
    const keys = contentFingerprints(story.title, story.text);
    expect(keys).toHaveLength(4);
    keys.forEach((k, i) => {
      expect(k).toMatch(new RegExp(`^b${i}:[0-9a-f]{16}$`));
    });
  });

  it.each([
    ['a changed word', { ...story, text: story.text.replace('Tuesday', 'Wednesday') }],
    ['a changed title word', { ...story, title: story.title.replace('agree', 'agreed') }],
    ['other markup and case', { title: story.title.toUpperCase(), text: story.text.replace(/\s+/g, '  ') }],
    [
      'two changed words',
      { ...story, text: story.text.replace('third', 'quarter').replace('summer', 'spring') },
    ],
  ])('a copy with %s shares a key and scores as similar', (_name, copy) => {
    const a = contentFingerprints(story.title, story.text);
    const b = contentFingerprints(copy.title, copy.text);
    expect(a.some((k) => b.includes(k))).toBe(true);
    expect(similarity(story, copy)).toBeGreaterThan(0.8);
  });

  it('unrelated stories share no key and score low', () => {
    const a = contentFingerprints(story.title, story.text);
    const b = contentFingerprints(unrelated.title, unrelated.text);
    expect(a.some((k) => b.includes(k))).toBe(false);
    expect(similarity(story, unrelated)).toBeLessThan(0.1);
  });

  it('is 1 for identical stories and keys are stable', () => {
    expect(similarity(story, story)).toBe(1);
    expect(contentFingerprints(story.title, story.text)).toEqual(
      contentFingerprints(story.title, story.text),
    );
  });
});
