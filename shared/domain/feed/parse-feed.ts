/**
 * Feed parsing: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1 into one ParsedFeed shape.
 *
 * Why not rss-parser alone: measured on the conformance corpus (scripts/conformance.ts) it parses
 * too few inputs and maps too few fields right (it throws on ill-formed XML, drops Atom text
 * constructs, xml:base and Atom 0.3 dates). We map feeds ourselves over a forgiving XML tree
 * (xml-tree.ts) and keep the mapping rules here, in one place; see the report in bench/results.
 */
import type { Enclosure, FeedItem, ParsedFeed } from '../types';
import { parseFeedDate } from './dates';
import { FeedParseError, type ParseFeedOptions } from './feed-parse-error';
import { parseJsonFeed } from './json-feed';
import { collapseWhitespace, htmlToText } from './normalise';
import { innerMarkup, isElement, parseXmlTree, textOf, type XElement, XmlLimitError } from './xml-tree';

export { FeedParseError, type FeedParseErrorCode, type ParseFeedOptions } from './feed-parse-error';

/** Text longer than this is refused: the fetcher caps bodies at 5 MiB, so more is not a feed we fetched. */
export const MAX_FEED_CHARS = 6 * 1024 * 1024;
const DEFAULT_MAX_ITEMS = 1000;

// ---------------------------------------------------------------------------------------------
// Namespaces: feeds declare them in many spellings (or not at all), so we sort each element into
// a family and match on that.

type Family = 'none' | 'rss' | 'atom' | 'rdf' | 'dc' | 'content' | 'itunes' | 'media' | 'xhtml' | 'other';

const KNOWN_NS: Record<string, Family> = {
  'http://www.w3.org/2005/atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://purl.org/rss/1.0/': 'rss',
  'http://my.netscape.com/rdf/simple/0.9/': 'rss',
  'http://channel.netscape.com/rdf/simple/0.9/': 'rss',
  'http://backend.userland.com/rss2': 'rss',
  'http://backend.userland.com/rss': 'rss',
  'http://blogs.law.harvard.edu/tech/rss': 'rss',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dc',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.w3.org/1999/xhtml': 'xhtml',
};

const PREFIX_FAMILY: Record<string, Family> = {
  atom: 'atom',
  atom03: 'atom',
  rdf: 'rdf',
  dc: 'dc',
  dcterms: 'dc',
  content: 'content',
  itunes: 'itunes',
  media: 'media',
  xhtml: 'xhtml',
};

const familyCache = new Map<string, Family>();

function familyOfNs(ns: string): Family {
  if (ns === '') return 'none';
  const cached = familyCache.get(ns);
  if (cached) return cached;
  let fam: Family;
  const lower = ns.toLowerCase();
  if (lower.startsWith('urn:x-undeclared:')) fam = PREFIX_FAMILY[lower.slice(17)] ?? 'other';
  else fam = KNOWN_NS[lower] ?? KNOWN_NS[ns] ?? guessFamily(lower);
  if (familyCache.size < 256) familyCache.set(ns, fam);
  return fam;
}

function guessFamily(ns: string): Family {
  if (ns.includes('purl.org/dc')) return 'dc';
  if (ns.includes('/atom')) return 'atom';
  if (ns.includes('itunes')) return 'itunes';
  if (ns.includes('mrss')) return 'media';
  if (ns.includes('modules/content')) return 'content';
  if (ns.includes('purl.org/rss') || ns.includes('netscape.com/rdf')) return 'rss';
  return 'other';
}

const fam = (el: XElement): Family => familyOfNs(el.ns);

const RSS_FAMS: Family[] = ['none', 'rss'];
const ATOM_FAMS: Family[] = ['atom', 'none'];

function kids(el: XElement, fams: Family[], lname: string): XElement[] {
  const out: XElement[] = [];
  for (const c of el.children) if (isElement(c) && c.lname === lname && fams.includes(fam(c))) out.push(c);
  return out;
}

function kid(el: XElement | undefined, fams: Family[], lname: string): XElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (isElement(c) && c.lname === lname && fams.includes(fam(c))) return c;
  return undefined;
}

/** First of several (family, name) candidates that is present with some text. */
function firstKid(el: XElement, candidates: [Family[], string][]): XElement | undefined {
  for (const [fams, name] of candidates) {
    for (const c of kids(el, fams, name)) if (textOf(c).trim() !== '' || hasElementChild(c)) return c;
  }
  return undefined;
}

function hasElementChild(el: XElement): boolean {
  return el.children.some(isElement);
}

function attr(el: XElement | undefined, name: string): string | null {
  if (!el) return null;
  const v = el.attrs.get(name);
  if (v !== undefined) return v.trim();
  // Attributes sometimes carry a prefix they should not ("rdf:resource", "atom:href").
  for (const [k, val] of el.attrs) if (k.endsWith(`:${name}`) && !k.startsWith('xmlns')) return val.trim();
  return null;
}

const orNull = (s: string | null | undefined): string | null =>
  s === undefined || s === null || s === '' ? null : s;

// ---------------------------------------------------------------------------------------------
// Text

/** An RSS-style text element: escaped HTML, CDATA or naked markup, all of it to plain text. */
function htmlText(el: XElement | undefined): string | null {
  if (!el) return null;
  const raw = hasElementChild(el) ? innerMarkup(el) : textOf(el);
  return orNull(htmlToText(raw));
}

/** Plain text as written (only white space collapsed): for ids, languages, names. */
function plain(el: XElement | undefined): string | null {
  if (!el) return null;
  return orNull(collapseWhitespace(textOf(el).replace(/\s+/g, ' ')));
}

/** Base64 to UTF-8 text, or null when it is not base64 or not text (binary has nothing to show). */
function decodeBase64Text(s: string): string | null {
  const compact = s.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) return null;
  try {
    const bytes = Uint8Array.from(atob(compact), (c) => c.charCodeAt(0));
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters mean binary, not text
    return /[\u0000-\u0008\u000E-\u001F]/.test(decoded) ? null : decoded;
  } catch {
    return null;
  }
}

const plainText = (s: string): string | null => orNull(collapseWhitespace(s.replace(/\s+/g, ' ')));

/**
 * An Atom text construct or content: type text|html|xhtml or a media type (RFC 4287 §4.1.3.3: XML
 * types inline, text/* as text, anything else base64), or Atom 0.3 mode escaped|xml|base64.
 */
function atomText(el: XElement | undefined): string | null {
  if (!el) return null;
  const type = (attr(el, 'type') ?? 'text').toLowerCase();
  const mode = (attr(el, 'mode') ?? '').toLowerCase();
  if (type === 'xhtml' || /[+/]xml$/.test(type) || mode === 'xml' || hasElementChild(el)) {
    const only = el.children.filter((c) => isElement(c) || c.trim() !== '');
    const wrapper = only.length === 1 && isElement(only[0]) && only[0].lname === 'div' ? only[0] : el;
    return hasElementChild(wrapper) ? orNull(htmlToText(innerMarkup(wrapper))) : plainText(textOf(wrapper));
  }
  let raw = textOf(el);
  if (mode === 'base64') raw = decodeBase64Text(raw) ?? raw;
  if (type === 'html' || type === 'text/html' || mode === 'escaped') return orNull(htmlToText(raw));
  if (type === 'text' || type.startsWith('text/') || mode === 'base64') return plainText(raw);
  // Another media type: base64 by the spec; some feeds put plain text there anyway.
  return plainText(decodeBase64Text(raw) ?? raw);
}

// ---------------------------------------------------------------------------------------------
// URLs and people

function resolve(ref: string | null, base: string | null): string | null {
  if (!ref) return null;
  const r = ref.trim();
  if (r === '') return null;
  try {
    return new URL(r, base ?? undefined).href;
  } catch {
    return r;
  }
}

/** Base for links inside `el`: its xml:base chain, else the feed link, else the fetch URL. */
function baseFor(el: XElement, feedLink: string | null): string | null {
  const own = el.base;
  if (own && hasExplicitBase(el)) return own;
  if (feedLink && /^https?:/i.test(feedLink)) return feedLink;
  return own;
}

function hasExplicitBase(el: XElement): boolean {
  for (let e: XElement | null = el; e; e = e.parent) if (e.attrs.has('xml:base')) return true;
  return false;
}

/** "jo@example.com (Jo Bloggs)", "Jo Bloggs <jo@example.com>", "jo@example.com" → a name, else the email. */
export function personName(raw: string | null): string | null {
  if (!raw) return null;
  const s = raw.replace(/\s+/g, ' ').trim();
  if (s === '') return null;
  const paren = /^(\S+@\S+)\s*\((.+)\)$/.exec(s);
  if (paren?.[2]?.trim()) return paren[2].trim();
  const angle = /^(.*?)\s*<([^>]+@[^>]+)>$/.exec(s);
  if (angle) return angle[1]?.replace(/^"|"$/g, '').trim() || angle[2]?.trim() || null;
  const mailto = /^mailto:(.+)$/i.exec(s);
  return mailto?.[1] ?? s;
}

function atomPerson(el: XElement | undefined): string | null {
  if (!el) return null;
  const name = plain(kid(el, ATOM_FAMS, 'name'));
  if (name) return name;
  const email = plain(kid(el, ATOM_FAMS, 'email'));
  if (email) return email;
  // Atom 0.3 feeds sometimes put the name straight into <author>.
  const direct = el.children
    .filter((c): c is string => typeof c === 'string')
    .join(' ')
    .trim();
  return orNull(personName(direct));
}

function atomLinks(el: XElement): XElement[] {
  return kids(el, ['atom', 'none'], 'link').filter((l) => l.attrs.has('href') || attr(l, 'href'));
}

function atomAlternate(el: XElement, feedLink: string | null): string | null {
  const links = atomLinks(el);
  const alt =
    links.find(
      (l) => (attr(l, 'rel') ?? 'alternate') === 'alternate' && /html/i.test(attr(l, 'type') ?? 'html'),
    ) ??
    links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate') ??
    links.find((l) => !['self', 'enclosure', 'edit', 'hub', 'replies'].includes(attr(l, 'rel') ?? ''));
  return alt ? resolve(attr(alt, 'href'), baseFor(alt, feedLink)) : null;
}

function lengthOf(raw: string | null): number | null {
  if (!raw) return null;
  const n = Number.parseInt(raw.replace(/[,\s]/g, ''), 10);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function enclosure(url: string | null, type: string | null, length: string | null): Enclosure | null {
  if (!url) return null;
  return { url, type: orNull(type), length: lengthOf(length) };
}

function dedupeEnclosures(list: (Enclosure | null)[]): Enclosure[] {
  const seen = new Set<string>();
  const out: Enclosure[] = [];
  for (const e of list) {
    if (e && !seen.has(e.url)) {
      seen.add(e.url);
      out.push(e);
    }
  }
  return out;
}

function uniqueStrings(list: (string | null)[]): string[] {
  return [...new Set(list.filter((s): s is string => !!s))];
}

// ---------------------------------------------------------------------------------------------
// Dates

interface DateSink {
  index: number;
  skipped: { index: number; reason: string }[];
}

/** The first candidate that parses; an unreadable date is recorded, never fatal. */
function dateOf(candidates: (XElement | undefined)[], sink: DateSink): string | null {
  let bad: string | null = null;
  for (const el of candidates) {
    const raw = plain(el);
    if (!raw) continue;
    const iso = parseFeedDate(raw);
    if (iso) return iso;
    bad ??= raw;
  }
  if (bad !== null)
    sink.skipped.push({ index: sink.index, reason: `unreadable date "${bad.slice(0, 60)}" (kept, no date)` });
  return null;
}

// ---------------------------------------------------------------------------------------------
// RSS 0.9x / 1.0 (RDF) / 2.0

const MEDIA: Family[] = ['media'];
const DC: Family[] = ['dc'];
const ITUNES: Family[] = ['itunes'];
const ATOM_ONLY: Family[] = ['atom'];

/**
 * RSS has one <link>; when a feed repeats it, the last one wins (as in the common parsers: later
 * elements overwrite earlier ones). A stray Atom-style href counts too.
 */
function rssLink(el: XElement): string | null {
  let link: string | null = null;
  for (const l of kids(el, RSS_FAMS, 'link')) link = plain(l) ?? orNull(attr(l, 'href')) ?? link;
  return link;
}

function mapRss(root: XElement, options: ParseFeedOptions): ParsedFeed {
  const channel = root.lname === 'channel' ? root : (kid(root, RSS_FAMS, 'channel') ?? root);
  const skipped: { index: number; reason: string }[] = [];
  const feedSink: DateSink = { index: -1, skipped };

  const feedLink = resolve(rssLink(channel), channel.base) ?? atomAlternate(channel, null);
  const itemEls = [
    ...kids(channel, RSS_FAMS, 'item'),
    ...(channel === root ? [] : kids(root, RSS_FAMS, 'item')),
  ];
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const items: FeedItem[] = [];
  itemEls.slice(0, maxItems).forEach((el, index) => {
    try {
      items.push(mapRssItem(el, feedLink, { index, skipped }));
    } catch (err) {
      skipped.push({ index, reason: `item could not be read: ${(err as Error).message}` });
    }
  });

  return {
    title: htmlText(
      firstKid(channel, [
        [RSS_FAMS, 'title'],
        [DC, 'title'],
        [ATOM_ONLY, 'title'],
      ]),
    ),
    link: feedLink,
    description: htmlText(
      firstKid(channel, [
        [RSS_FAMS, 'description'],
        [DC, 'description'],
        [ITUNES, 'summary'],
        [ITUNES, 'subtitle'],
        [ATOM_ONLY, 'subtitle'],
      ]),
    ),
    language:
      plain(
        firstKid(channel, [
          [RSS_FAMS, 'language'],
          [DC, 'language'],
        ]),
      ) ??
      channel.lang ??
      root.lang ??
      null,
    author:
      personName(
        plain(
          firstKid(channel, [
            [RSS_FAMS, 'managingeditor'],
            [DC, 'creator'],
            [DC, 'author'],
            [ITUNES, 'author'],
            [RSS_FAMS, 'webmaster'],
          ]),
        ),
      ) ??
      plain(kid(kid(channel, ITUNES, 'owner'), ITUNES, 'name')) ??
      atomPerson(kid(channel, ATOM_ONLY, 'author')),
    updated: dateOf(
      [
        kid(channel, RSS_FAMS, 'lastbuilddate'),
        kid(channel, RSS_FAMS, 'pubdate'),
        kid(channel, DC, 'date'),
        kid(channel, DC, 'modified'),
        kid(channel, ATOM_ONLY, 'updated'),
      ],
      feedSink,
    ),
    items,
    skipped,
  };
}

function mapRssItem(el: XElement, feedLink: string | null, sink: DateSink): FeedItem {
  const base = baseFor(el, feedLink);
  const guidEl = kid(el, RSS_FAMS, 'guid');
  const guid = plain(guidEl) ?? attr(el, 'about');
  const permalink =
    guid &&
    guidEl &&
    (attr(guidEl, 'isPermaLink') ?? 'true').toLowerCase() !== 'false' &&
    /^https?:\/\//i.test(guid)
      ? guid
      : null;
  const link = resolve(rssLink(el), base) ?? atomAlternate(el, feedLink) ?? resolve(permalink, base);

  const enclosures = dedupeEnclosures([
    ...kids(el, RSS_FAMS, 'enclosure').map((e) =>
      enclosure(
        resolve(attr(e, 'url') ?? attr(e, 'href') ?? plain(e), base),
        attr(e, 'type'),
        attr(e, 'length'),
      ),
    ),
    ...atomLinks(el)
      .filter((l) => attr(l, 'rel') === 'enclosure')
      .map((l) => enclosure(resolve(attr(l, 'href'), base), attr(l, 'type'), attr(l, 'length'))),
    ...[...kids(el, MEDIA, 'content'), ...kids(kid(el, MEDIA, 'group') ?? el, MEDIA, 'content')].map((m) =>
      enclosure(resolve(attr(m, 'url'), base), attr(m, 'type'), attr(m, 'filesize')),
    ),
  ]);

  const content = htmlText(
    firstKid(el, [
      [['content'], 'encoded'],
      [ATOM_ONLY, 'content'],
      [RSS_FAMS, 'content'],
    ]),
  );
  return {
    id: guid ?? plain(kid(el, DC, 'identifier')),
    title: htmlText(
      firstKid(el, [
        [RSS_FAMS, 'title'],
        [DC, 'title'],
        [ATOM_ONLY, 'title'],
        [MEDIA, 'title'],
      ]),
    ),
    link,
    summary: htmlText(
      firstKid(el, [
        [RSS_FAMS, 'description'],
        [DC, 'description'],
        [ITUNES, 'summary'],
        [ITUNES, 'subtitle'],
        [ATOM_ONLY, 'summary'],
        [MEDIA, 'description'],
      ]),
    ),
    content,
    author:
      personName(
        plain(
          firstKid(el, [
            [RSS_FAMS, 'author'],
            [DC, 'creator'],
            [DC, 'author'],
            [ITUNES, 'author'],
            [DC, 'contributor'],
          ]),
        ),
      ) ?? atomPerson(kid(el, ATOM_ONLY, 'author')),
    categories: uniqueStrings([
      ...kids(el, RSS_FAMS, 'category').map((c) => htmlText(c) ?? attr(c, 'text')),
      ...kids(el, DC, 'subject').map(htmlText),
      ...kids(el, ATOM_ONLY, 'category').map((c) => orNull(attr(c, 'label')) ?? orNull(attr(c, 'term'))),
      ...kids(el, ITUNES, 'keywords').flatMap((k) =>
        (plain(k) ?? '').split(',').map((s) => orNull(s.trim())),
      ),
    ]),
    published: dateOf(
      [
        kid(el, RSS_FAMS, 'pubdate'),
        kid(el, DC, 'date'),
        kid(el, ATOM_ONLY, 'published'),
        kid(el, ATOM_ONLY, 'updated'),
        kid(el, DC, 'modified'),
        kid(el, RSS_FAMS, 'lastbuilddate'),
      ],
      sink,
    ),
    enclosures,
  };
}

// ---------------------------------------------------------------------------------------------
// Atom 0.3 / 1.0

function mapAtom(root: XElement, options: ParseFeedOptions): ParsedFeed {
  const skipped: { index: number; reason: string }[] = [];
  const feedLink = atomAlternate(root, null);
  const feedAuthor = atomPerson(kid(root, ATOM_FAMS, 'author'));
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const items: FeedItem[] = [];
  kids(root, ATOM_FAMS, 'entry')
    .slice(0, maxItems)
    .forEach((el, index) => {
      try {
        items.push(mapAtomEntry(el, feedLink, feedAuthor, { index, skipped }));
      } catch (err) {
        skipped.push({ index, reason: `entry could not be read: ${(err as Error).message}` });
      }
    });
  return {
    title: atomText(kid(root, ATOM_FAMS, 'title')),
    link: feedLink,
    description: atomText(
      firstKid(root, [
        [ATOM_FAMS, 'subtitle'],
        [ATOM_FAMS, 'tagline'],
        [ATOM_FAMS, 'info'],
      ]),
    ),
    language: root.lang ?? plain(kid(root, DC, 'language')),
    author: feedAuthor,
    updated: dateOf(
      [
        kid(root, ATOM_FAMS, 'updated'),
        kid(root, ATOM_FAMS, 'modified'),
        kid(root, ATOM_FAMS, 'published'),
        kid(root, DC, 'date'),
      ],
      { index: -1, skipped },
    ),
    items,
    skipped,
  };
}

function atomId(el: XElement | undefined): string | null {
  const id = plain(el);
  if (!id || !el) return id;
  // A relative id is relative to xml:base, like any IRI in the document.
  if (!/^[a-z][a-z0-9+.-]*:/i.test(id) && hasExplicitBase(el) && el.base) return resolve(id, el.base);
  return id;
}

function mapAtomEntry(
  el: XElement,
  feedLink: string | null,
  feedAuthor: string | null,
  sink: DateSink,
): FeedItem {
  const links = atomLinks(el);
  const source = kid(el, ATOM_FAMS, 'source');
  const contentEl = kid(el, ATOM_FAMS, 'content');
  // Content with a src points elsewhere: there is no text to show.
  const content = contentEl && !contentEl.attrs.has('src') ? atomText(contentEl) : null;
  return {
    id: atomId(kid(el, ATOM_FAMS, 'id')),
    title: atomText(kid(el, ATOM_FAMS, 'title')),
    link: atomAlternate(el, feedLink),
    summary: atomText(kid(el, ATOM_FAMS, 'summary')) ?? htmlText(kid(el, DC, 'description')),
    content,
    author:
      atomPerson(kid(el, ATOM_FAMS, 'author')) ??
      personName(plain(kid(el, DC, 'creator'))) ??
      atomPerson(kid(source, ATOM_FAMS, 'author')) ??
      feedAuthor,
    categories: uniqueStrings([
      ...kids(el, ATOM_FAMS, 'category').map(
        (c) => orNull(attr(c, 'label')) ?? orNull(attr(c, 'term')) ?? plain(c),
      ),
      ...kids(el, DC, 'subject').map(htmlText),
    ]),
    published: dateOf(
      [
        kid(el, ATOM_FAMS, 'published'),
        kid(el, ATOM_FAMS, 'issued'),
        kid(el, ATOM_FAMS, 'created'),
        kid(el, ATOM_FAMS, 'updated'),
        kid(el, ATOM_FAMS, 'modified'),
        kid(el, DC, 'date'),
      ],
      sink,
    ),
    enclosures: dedupeEnclosures(
      links
        .filter((l) => attr(l, 'rel') === 'enclosure')
        .map((l) =>
          enclosure(resolve(attr(l, 'href'), baseFor(l, feedLink)), attr(l, 'type'), attr(l, 'length')),
        ),
    ),
  };
}

// ---------------------------------------------------------------------------------------------

function rootElement(doc: XElement): XElement | undefined {
  return doc.children.find(isElement);
}

/**
 * Parses feed text (already decoded from bytes) into a ParsedFeed. Throws FeedParseError for what
 * is not a feed, is hostile (entity expansion) or too large; a bad item or date never rejects the feed.
 */
export async function parseFeed(text: string, options: ParseFeedOptions = {}): Promise<ParsedFeed> {
  return parseFeedSync(text, options);
}

export function parseFeedSync(text: string, options: ParseFeedOptions = {}): ParsedFeed {
  if (typeof text !== 'string') throw new FeedParseError('not-a-feed', 'input is not text');
  if (text.length > MAX_FEED_CHARS) {
    throw new FeedParseError(
      'too-large',
      `feed is ${text.length} characters, over the ${MAX_FEED_CHARS} limit`,
    );
  }
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body === '') throw new FeedParseError('empty', 'feed is empty');
  if (body.startsWith('{') || body.startsWith('[')) return parseJsonFeed(body, options);
  // Leading junk (a stray line, a PHP notice) before the XML is common and harmless: the tree skips it.
  if (!body.includes('<')) throw new FeedParseError('not-a-feed', 'no XML or JSON found');

  let doc: XElement;
  try {
    doc = parseXmlTree(body, options.baseUrl);
  } catch (err) {
    if (err instanceof XmlLimitError) throw new FeedParseError(err.kind, err.message, { cause: err });
    throw new FeedParseError('malformed', `XML could not be read: ${(err as Error).message}`, { cause: err });
  }
  const root = rootElement(doc);
  if (!root) throw new FeedParseError('malformed', 'no root element');
  const rootFam = fam(root);
  switch (root.lname) {
    case 'rss':
    case 'channel':
      return mapRss(root, options);
    case 'rdf':
      if (rootFam === 'rdf' || kid(root, RSS_FAMS, 'channel')) return mapRss(root, options);
      break;
    case 'feed':
      if (rootFam === 'atom' || rootFam === 'none') return mapAtom(root, options);
      break;
  }
  throw new FeedParseError('not-a-feed', `root element <${root.name}> is not RSS, RDF or Atom`);
}
