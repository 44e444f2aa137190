/**
 * Feed parsing throughput: our parseFeed against plain `new Parser()` rss-parser on the same inputs
 * in the same run (median of several runs each), plus the ratio. Inputs are generated here: an RSS
 * 2.0 feed and an Atom feed of news-like items with HTML bodies, about 1 MB together.
 */
import RssParser from 'rss-parser';
import { parseFeed } from '../../shared/domain/feed/parse-feed';

type BenchRow = { name: string; value: number; unit: string; note?: string };

const RUNS = 7;

function paragraph(i: number): string {
  return `<p>Officials in Almaty &amp; Tashkent met on day ${i} to discuss <b>trade</b>, water and the
  <a href="https://example.org/story/${i}">railway corridor</a>. &ldquo;We agree,&rdquo; one said.</p>`;
}

function rssFeed(items: number): string {
  const body = Array.from(
    { length: items },
    (_, i) => `<item>
  <title>Story ${i}: ministers meet &amp; talk</title>
  <link>https://news.example.org/2024/05/story-${i}?utm_source=rss</link>
  <guid isPermaLink="false">story-${i}</guid>
  <pubDate>Tue, 07 May 2024 ${String(i % 24).padStart(2, '0')}:15:00 +0500</pubDate>
  <dc:creator>Desk ${i % 7}</dc:creator>
  <category>Central Asia</category><category>Economy</category>
  <description><![CDATA[${paragraph(i)}]]></description>
  <content:encoded><![CDATA[${paragraph(i)}${paragraph(i + 1)}${paragraph(i + 2)}]]></content:encoded>
  <enclosure url="https://news.example.org/img/${i}.jpg" type="image/jpeg" length="12345"/>
</item>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Bench News</title><link>https://news.example.org/</link><description>All the news</description>
<language>en</language><lastBuildDate>Tue, 07 May 2024 12:00:00 GMT</lastBuildDate>
${body}
</channel></rss>`;
}

function atomFeed(entries: number): string {
  const body = Array.from(
    { length: entries },
    (_, i) => `<entry>
  <title type="html">Entry ${i}: the &lt;em&gt;summit&lt;/em&gt;</title>
  <link rel="alternate" href="/2024/05/entry-${i}"/>
  <id>tag:news.example.org,2024:entry-${i}</id>
  <published>2024-05-07T${String(i % 24).padStart(2, '0')}:15:00+05:00</published>
  <updated>2024-05-07T12:00:00Z</updated>
  <author><name>Reporter ${i % 5}</name></author>
  <category term="central-asia" label="Central Asia"/>
  <summary type="html">${paragraph(i).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</summary>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${paragraph(i)}${paragraph(i + 1)}</div></content>
</entry>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example.org/" xml:lang="en">
<title>Bench Atom</title><link rel="alternate" href="https://news.example.org/"/><updated>2024-05-07T12:00:00Z</updated>
${body}
</feed>`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function throughput(inputs: string[], parse: (text: string) => Promise<unknown>): Promise<number> {
  const megabytes = inputs.reduce((n, s) => n + Buffer.byteLength(s), 0) / 1e6;
  for (const input of inputs) await parse(input); // warm-up: JIT, lazy init
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    for (const input of inputs) await parse(input);
    rates.push(megabytes / ((performance.now() - start) / 1000));
  }
  return median(rates);
}

export async function run(): Promise<BenchRow[]> {
  const inputs = [rssFeed(400), atomFeed(400)];
  const ours = await throughput(inputs, (text) => parseFeed(text));
  const rssParser = new RssParser();
  const theirs = await throughput(inputs, (text) => rssParser.parseString(text));
  const note = `RSS 2.0 + Atom, ${(inputs.reduce((n, s) => n + s.length, 0) / 1e6).toFixed(2)} MB, median of ${RUNS}`;
  return [
    { name: 'feed-parse: parseFeed', value: round(ours), unit: 'MB/s', note },
    { name: 'feed-parse: rss-parser (new Parser())', value: round(theirs), unit: 'MB/s', note },
    {
      name: 'feed-parse: ratio parseFeed / rss-parser',
      value: round(ours / theirs),
      unit: 'x',
      note: 'over 1 means parseFeed is faster (it also strips HTML and resolves links)',
    },
  ];
}

const round = (n: number) => Math.round(n * 100) / 100;
