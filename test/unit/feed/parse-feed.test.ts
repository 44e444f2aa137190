import { describe, expect, it } from 'vitest';
import { FeedParseError, MAX_FEED_CHARS, parseFeed } from '../../../shared/domain/feed/parse-feed';

const rss2 = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Steppe Wire</title>
    <link>https://steppe.example/</link>
    <description>News from &lt;b&gt;the steppe&lt;/b&gt;</description>
    <language>en-gb</language>
    <managingEditor>desk@steppe.example (Aigerim Desk)</managingEditor>
    <lastBuildDate>Tue, 07 May 2024 12:00:00 +0500</lastBuildDate>
    <item>
      <title>Almaty &amp; Bishkek sign a water deal</title>
      <link>/2024/05/water?utm_source=rss</link>
      <guid isPermaLink="false">sw-1001</guid>
      <pubDate>Tue, 07 May 2024 09:30:00 EST</pubDate>
      <dc:creator>Timur Writer</dc:creator>
      <category>Central Asia</category>
      <category><![CDATA[Water & Energy]]></category>
      <description><![CDATA[<p>The deal covers <b>two</b> rivers.</p><script>alert(1)</script>]]></description>
      <content:encoded><![CDATA[<p>First paragraph.</p><p>Second&nbsp;paragraph.</p>]]></content:encoded>
      <enclosure url="https://cdn.steppe.example/a.mp3" type="audio/mpeg" length="1234"/>
    </item>
  </channel>
</rss>`;

const rss091 = `<rss version="0.91"><channel><title>Old Feed</title><link>http://old.example/</link>
<item><title>Hello</title><link>http://old.example/1</link><description>Plain &eacute;t&eacute;</description></item></channel></rss>`;

const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://rdf.example/"><title>RDF Feed</title><link>http://rdf.example/</link><description>d</description><dc:language>ru</dc:language></channel>
  <item rdf:about="http://rdf.example/a"><title>Item A</title><link>http://rdf.example/a</link><dc:date>2024-05-07T10:00:00+06:00</dc:date><dc:subject>Politics</dc:subject></item>
  <item rdf:about="http://rdf.example/b"><title>Item B</title><link>http://rdf.example/b</link></item>
</rdf:RDF>`;

const atom10 = `<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example/blog/" xml:lang="kk">
  <title type="html">Atom &lt;i&gt;Feed&lt;/i&gt;</title>
  <subtitle>Plain subtitle</subtitle>
  <link rel="self" href="https://atom.example/feed.xml"/>
  <link rel="alternate" type="text/html" href="./"/>
  <author><name>Dana</name><email>dana@atom.example</email></author>
  <updated>2024-05-07T12:00:00Z</updated>
  <entry>
    <title>Entry one</title>
    <link href="posts/1"/>
    <link rel="enclosure" href="media/1.jpg" type="image/jpeg" length="99"/>
    <id>tag:atom.example,2024:1</id>
    <published>2024-05-06T08:00:00+05:00</published>
    <updated>2024-05-07T08:00:00+05:00</updated>
    <category term="kz" label="Kazakhstan"/>
    <summary type="text">A &lt;b&gt; is text here</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>world</b></p></div></content>
  </entry>
</feed>`;

const atom03 = `<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <title mode="escaped" type="text/html">Old &amp;lt;b&amp;gt;Atom&amp;lt;/b&amp;gt;</title>
  <tagline>Tag line</tagline>
  <link rel="alternate" type="text/html" href="http://atom03.example/"/>
  <modified>2004-01-01T19:48:21Z</modified>
  <entry><title>E</title><link rel="alternate" href="http://atom03.example/e"/><id>urn:e</id>
    <issued>2004-01-01T10:00:00-05:00</issued><author><name>Old Author</name></author>
    <summary mode="base64" type="text/plain">SGVsbG8gYmFzZTY0</summary></entry>
</feed>`;

const json11 = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'JSON Feed',
  home_page_url: 'https://json.example/',
  language: 'uz',
  authors: [{ name: 'Jasur' }],
  items: [
    {
      id: 42,
      url: '/posts/42',
      title: 'JSON item',
      content_html: '<p>Rich <em>text</em></p>',
      date_published: '2024-05-07T10:00:00+05:00',
      tags: ['a', 'b'],
      attachments: [{ url: 'https://json.example/a.mp3', mime_type: 'audio/mpeg', size_in_bytes: 5 }],
    },
  ],
});

const json10 = JSON.stringify({
  version: 'https://jsonfeed.org/version/1',
  title: 'Old JSON',
  author: { name: 'Solo' },
  items: [{ id: 'x', url: 'https://json.example/x', content_text: 'Just text', date_modified: '2024-05-07' }],
});

describe('parseFeed: each format', () => {
  it.each([
    ['RSS 2.0', rss2, 'Steppe Wire', 1],
    ['RSS 0.91', rss091, 'Old Feed', 1],
    ['RSS 1.0 (RDF)', rdf, 'RDF Feed', 2],
    ['Atom 1.0', atom10, 'Atom Feed', 1],
    ['Atom 0.3', atom03, 'Old <b>Atom</b>', 1],
    ['JSON Feed 1.1', json11, 'JSON Feed', 1],
    ['JSON Feed 1.0', json10, 'Old JSON', 1],
  ])('%s gives its title and items', async (_name, text, title, count) => {
    const feed = await parseFeed(text);
    expect(feed.title).toBe(title);
    expect(feed.items).toHaveLength(count);
  });

  it('maps an RSS 2.0 item field by field, as plain text', async () => {
    const feed = await parseFeed(rss2);
    expect(feed).toMatchObject({
      link: 'https://steppe.example/',
      description: 'News from the steppe',
      language: 'en-gb',
      author: 'Aigerim Desk',
      updated: '2024-05-07T07:00:00.000Z',
    });
    expect(feed.items[0]).toEqual({
      id: 'sw-1001',
      title: 'Almaty & Bishkek sign a water deal',
      link: 'https://steppe.example/2024/05/water?utm_source=rss',
      summary: 'The deal covers two rivers.',
      content: 'First paragraph.\nSecond paragraph.',
      author: 'Timur Writer',
      categories: ['Central Asia', 'Water & Energy'],
      published: '2024-05-07T14:30:00.000Z',
      enclosures: [{ url: 'https://cdn.steppe.example/a.mp3', type: 'audio/mpeg', length: 1234 }],
    });
  });

  it('resolves Atom links against xml:base and keeps text constructs apart', async () => {
    const feed = await parseFeed(atom10);
    expect(feed).toMatchObject({
      link: 'https://atom.example/blog/',
      description: 'Plain subtitle',
      language: 'kk',
      author: 'Dana',
      updated: '2024-05-07T12:00:00.000Z',
    });
    expect(feed.items[0]).toEqual({
      id: 'tag:atom.example,2024:1',
      title: 'Entry one',
      link: 'https://atom.example/blog/posts/1',
      summary: 'A <b> is text here',
      content: 'Hello world',
      author: 'Dana',
      categories: ['Kazakhstan'],
      published: '2024-05-06T03:00:00.000Z',
      enclosures: [{ url: 'https://atom.example/blog/media/1.jpg', type: 'image/jpeg', length: 99 }],
    });
  });

  it('reads Atom 0.3 dates, authors and base64 text', async () => {
    const feed = await parseFeed(atom03);
    expect(feed.description).toBe('Tag line');
    expect(feed.updated).toBe('2004-01-01T19:48:21.000Z');
    expect(feed.items[0]).toMatchObject({
      published: '2004-01-01T15:00:00.000Z',
      author: 'Old Author',
      summary: 'Hello base64',
    });
  });

  it('reads JSON Feed items, resolving relative URLs against the home page', async () => {
    const feed = await parseFeed(json11);
    expect(feed.language).toBe('uz');
    expect(feed.items[0]).toEqual({
      id: '42',
      title: 'JSON item',
      link: 'https://json.example/posts/42',
      summary: null,
      content: 'Rich text',
      author: 'Jasur',
      categories: ['a', 'b'],
      published: '2024-05-07T05:00:00.000Z',
      enclosures: [{ url: 'https://json.example/a.mp3', type: 'audio/mpeg', length: 5 }],
    });
    const old = await parseFeed(json10);
    expect(old.items[0]).toMatchObject({
      author: 'Solo',
      content: 'Just text',
      published: '2024-05-07T00:00:00.000Z',
    });
  });

  it('has every field present, null when missing', async () => {
    const feed = await parseFeed(
      '<rss version="2.0"><channel><item><title>Only a title</title></item></channel></rss>',
    );
    expect(feed).toMatchObject({
      title: null,
      link: null,
      description: null,
      language: null,
      author: null,
      updated: null,
    });
    expect(feed.items[0]).toEqual({
      id: null,
      title: 'Only a title',
      link: null,
      summary: null,
      content: null,
      author: null,
      categories: [],
      published: null,
      enclosures: [],
    });
  });
});

describe('parseFeed: hard cases', () => {
  const item = (inner: string, channel = '') =>
    `<rss version="2.0"><channel>${channel}<item>${inner}</item></channel></rss>`;

  it.each([
    ['named zone PDT', '<pubDate>Mon, 06 May 2024 10:00:00 PDT</pubDate>', '2024-05-06T17:00:00.000Z'],
    ['numeric offset', '<pubDate>Mon, 06 May 2024 10:00:00 +0300</pubDate>', '2024-05-06T07:00:00.000Z'],
    ['no zone means UTC', '<pubDate>Mon, 06 May 2024 10:00:00</pubDate>', '2024-05-06T10:00:00.000Z'],
    ['no weekday, two-digit year', '<pubDate>6 May 24 10:00 GMT</pubDate>', '2024-05-06T10:00:00.000Z'],
    ['ISO 8601 in pubDate', '<pubDate>2024-05-06T10:00:00+02:00</pubDate>', '2024-05-06T08:00:00.000Z'],
    ['dc:date only', '<dc:date>2024-05-06</dc:date>', '2024-05-06T00:00:00.000Z'],
  ])('reads a lenient date: %s', async (_name, inner, iso) => {
    const feed = await parseFeed(item(inner));
    expect(feed.items[0]?.published).toBe(iso);
  });

  it('keeps the feed and the item when a date is unreadable, and says so in skipped', async () => {
    const feed = await parseFeed(item('<title>T</title><pubDate>the day after tomorrow</pubDate>'));
    expect(feed.items[0]).toMatchObject({ title: 'T', published: null });
    expect(feed.skipped).toEqual([{ index: 0, reason: expect.stringContaining('unreadable date') }]);
  });

  it.each([
    ['bare ampersand', '<title>Fish & Chips & more <3</title>', 'Fish & Chips & more <3'],
    ['HTML entity without a DTD', '<title>Caf&eacute; &mdash; news</title>', 'Café — news'],
    ['double-escaped markup', '<title>&lt;b&gt;Bold&lt;/b&gt; claim</title>', 'Bold claim'],
    ['naked markup', '<title><b>Naked</b> markup</title>', 'Naked markup'],
    ['mismatched closing tag', '<title>Unclosed <i>italic</title>', 'Unclosed italic'],
    ['control character', '<title>ab\u0008cd</title>', 'abcd'],
  ])('reads an ill-formed field: %s', async (_name, inner, title) => {
    const feed = await parseFeed(item(inner));
    expect(feed.items[0]?.title).toBe(title);
  });

  it.each([
    ['feed link', '<link>https://site.example/news/</link>', undefined, 'https://site.example/news/a/1'],
    [
      'baseUrl when there is no feed link',
      '',
      'https://fetched.example/rss.xml',
      'https://fetched.example/a/1',
    ],
  ])('resolves relative item links against the %s', async (_name, channel, baseUrl, link) => {
    const feed = await parseFeed(item('<link>a/1</link>', channel), { baseUrl });
    expect(feed.items[0]?.link).toBe(link);
  });

  it('uses a permalink GUID as the link when there is none, but not a non-permalink one', async () => {
    const perma = await parseFeed(item('<guid>https://site.example/p/9</guid>'));
    expect(perma.items[0]).toMatchObject({
      id: 'https://site.example/p/9',
      link: 'https://site.example/p/9',
    });
    const notPerma = await parseFeed(item('<guid isPermaLink="false">https://site.example/p/9</guid>'));
    expect(notPerma.items[0]?.link).toBeNull();
  });

  it.each([
    ['<author>jo@site.example (Jo Bloggs)</author>', 'Jo Bloggs'],
    ['<author>Jo Bloggs &lt;jo@site.example&gt;</author>', 'Jo Bloggs'],
    ['<author>jo@site.example</author>', 'jo@site.example'],
    ['<dc:creator>Jo Bloggs</dc:creator>', 'Jo Bloggs'],
  ])('gives an author name, or the email when there is no name: %s', async (inner, author) => {
    const feed = await parseFeed(item(inner));
    expect(feed.items[0]?.author).toBe(author);
  });

  it('reads feeds with a BOM, leading white space or junk before the XML', async () => {
    for (const prefix of ['\uFEFF', '\n\n  ', 'Notice: undefined index\n']) {
      const feed = await parseFeed(`${prefix}<?xml version="1.0"?>${item('<title>ok</title>')}`);
      expect(feed.items[0]?.title).toBe('ok');
    }
  });

  it('reads Atom in a prefixed namespace and RSS in a default namespace', async () => {
    const prefixed = await parseFeed(
      '<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>P</a:title><a:entry><a:title>E</a:title></a:entry></a:feed>',
    );
    expect(prefixed.items[0]?.title).toBe('E');
    const ns = await parseFeed(
      '<rss xmlns="http://backend.userland.com/rss2"><channel><title>N</title><item><title>I</title></item></channel></rss>',
    );
    expect(ns.items[0]?.title).toBe('I');
  });

  it('does not take an atom:link rel=self for the RSS feed link', async () => {
    const feed = await parseFeed(
      '<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><atom:link rel="self" href="https://x.example/rss"/><link>https://x.example/</link></channel></rss>',
    );
    expect(feed.link).toBe('https://x.example/');
  });

  it('stops at maxItems', async () => {
    const many = `<rss><channel>${'<item><title>x</title></item>'.repeat(30)}</channel></rss>`;
    const feed = await parseFeed(many, { maxItems: 10 });
    expect(feed.items).toHaveLength(10);
  });
});

describe('parseFeed: errors', () => {
  it.each([
    ['an HTML page', '<!doctype html><html><body><p>Not a feed</p></body></html>', 'not-a-feed'],
    ['an empty body', '   ', 'empty'],
    ['plain text', 'hello world', 'not-a-feed'],
    ['broken JSON', '{"version": "https://jsonfeed.org/version/1", items: [', 'malformed'],
    ['JSON that is not a feed', '{"hello": "world"}', 'not-a-feed'],
  ])('refuses %s with a clear code', async (_name, text, code) => {
    await expect(parseFeed(text)).rejects.toMatchObject({ name: 'FeedParseError', code });
  });

  it('refuses input over the size limit without reading it', async () => {
    const huge = `<rss><channel>${' '.repeat(MAX_FEED_CHARS)}</channel></rss>`;
    await expect(parseFeed(huge)).rejects.toBeInstanceOf(FeedParseError);
    await expect(parseFeed(huge)).rejects.toMatchObject({ code: 'too-large' });
  });
});

describe('parseFeed: hostile XML', () => {
  it('refuses entity expansion (billion laughs) quickly', async () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE rss [
      <!ENTITY lol "lol">
      <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
      <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
      <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
    ]><rss><channel><title>&lol3;</title></channel></rss>`;
    const start = Date.now();
    await expect(parseFeed(lol)).rejects.toMatchObject({ code: 'hostile' });
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it('never resolves external entities', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <rss><channel><title>Feed &xxe; end</title><item><title>&xxe;</title></item></channel></rss>`;
    const feed = await parseFeed(xxe);
    expect(JSON.stringify(feed)).not.toContain('root:');
    expect(feed.title).toBe('Feed &xxe; end');
  });

  it('expands a simple internal entity once', async () => {
    const feed = await parseFeed(
      '<!DOCTYPE rss [<!ENTITY org "Steppe Wire">]><rss><channel><title>&org; daily</title></channel></rss>',
    );
    expect(feed.title).toBe('Steppe Wire daily');
  });

  it('does not pollute prototypes with __proto__ or constructor elements and attributes', async () => {
    const xml = `<rss><channel><__proto__><polluted>yes</polluted></__proto__>
      <constructor><prototype><polluted>yes</polluted></prototype></constructor>
      <item __proto__="x" constructor="y"><title>t</title><__proto__><polluted>yes</polluted></__proto__></item></channel></rss>`;
    const json =
      '{"version":"https://jsonfeed.org/version/1.1","__proto__":{"polluted":"yes"},"items":[{"__proto__":{"polluted":"yes"},"id":"1"}]}';
    const feed = await parseFeed(xml);
    await parseFeed(json);
    expect(feed.items[0]?.title).toBe('t');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses absurdly deep nesting instead of overflowing the stack', async () => {
    const deep = `<rss><channel>${'<x>'.repeat(10_000)}</channel></rss>`;
    await expect(parseFeed(deep)).rejects.toMatchObject({ code: 'hostile' });
  });
});
