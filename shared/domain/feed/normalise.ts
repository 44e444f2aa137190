/**
 * Normalisation of what feeds give us: canonical URLs and article ids, HTML to plain text,
 * excerpts, and fingerprints for spotting the same story in several feeds.
 */
import { createHash } from 'node:crypto';
import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';

/** Query parameters that only track the click; they never change the article. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'vero_conv',
  '_ga',
  '_gl',
  'ncid',
  'cmpid',
  'at_medium',
  'at_campaign',
]);

function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('utm_') || TRACKING_PARAMS.has(n);
}

/**
 * The URL two feeds would agree on for the same article: lower-case host, no fragment, no
 * credentials, no tracking parameters, default port dropped. Null for anything but http/https
 * or for what cannot be read as a URL.
 */
export function canonicalUrl(url: string, base?: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim(), base);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (!u.hostname) return null;
  u.hash = '';
  u.username = '';
  u.password = '';
  if (u.hostname.endsWith('.')) u.hostname = u.hostname.slice(0, -1);
  if (u.search) {
    const kept = [...u.searchParams].filter(([k]) => !isTrackingParam(k));
    if (kept.length !== [...u.searchParams].length) {
      u.search = kept.length ? new URLSearchParams(kept).toString() : '';
    }
  }
  let href = u.href;
  if (href.endsWith('?')) href = href.slice(0, -1);
  return href;
}

function sha256Prefix(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 32);
}

/**
 * Stable article id: sha-256 (first 32 hex chars) of the canonical link, or of the GUID when there is
 * no usable link (a GUID that is a URL is canonicalised first, so http/https and tracking noise agree).
 * An item with neither gets the id of the empty key; callers should not store such items.
 */
export function articleId(input: { link?: string | null; guid?: string | null }): string {
  const link = input.link ? canonicalUrl(input.link) : null;
  if (link) return sha256Prefix(link);
  const guid = input.guid?.trim();
  if (guid) {
    const asUrl = canonicalUrl(guid);
    return sha256Prefix(asUrl ?? `guid:${guid}`);
  }
  return sha256Prefix('none:');
}

const SKIP_CONTENT = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'iframe',
  'object',
  'svg',
]);
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);

// C0/C1 controls (but not \n), zero-width and bidi controls: they hide or reorder text in emails and
// terminals. ZWJ/ZWNJ stay: some scripts need them.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

/** Collapses white space: runs of spaces become one, blank lines go, each line is trimmed. */
export function collapseWhitespace(s: string): string {
  return s
    .replace(INVISIBLE, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}

/**
 * HTML to plain text: scripts and styles dropped, entities decoded, block elements become line
 * breaks, white space collapsed. No markup survives: text that only looks like a tag once decoded
 * ("&lt;b&gt;") stays text, which is what the author wrote.
 */
export function htmlToText(html: string): string {
  if (!html) return '';
  // Most feed fields hold no markup at all: skip the tokenizer for them.
  if (!html.includes('<')) return collapseWhitespace(decodeHTML(html).replace(/[\r\n]+/g, ' '));
  textOut = '';
  skipDepth = 0;
  // One parser reused: building a tokenizer per field costs more than the field's text.
  htmlParser.reset();
  htmlParser.write(html);
  htmlParser.end();
  return collapseWhitespace(textOut);
}

let textOut = '';
let skipDepth = 0;
const htmlParser = new Parser(
  {
    onopentag(name) {
      if (SKIP_CONTENT.has(name)) skipDepth++;
      else if (BLOCK.has(name)) textOut += '\n';
      else if (name === 'img') textOut += ' ';
    },
    onclosetag(name) {
      if (SKIP_CONTENT.has(name)) skipDepth = Math.max(0, skipDepth - 1);
      else if (BLOCK.has(name)) textOut += '\n';
    },
    ontext(text) {
      // A newline in HTML source is only a space; line breaks come from block elements.
      if (skipDepth === 0) textOut += text.replace(/[\r\n]+/g, ' ');
    },
  },
  { decodeEntities: true },
);

/** Cuts text to at most maxChars on a word boundary and marks the cut with '…'. */
export function excerpt(text: string, maxChars: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= maxChars) return t;
  if (maxChars <= 1) return '…'.slice(0, Math.max(0, maxChars));
  const room = maxChars - 1;
  let cut = t.slice(0, room);
  // Never leave half a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const nextIsBoundary = /\s/.test(t[room] ?? ' ');
  if (!nextIsBoundary) {
    const lastSpace = cut.lastIndexOf(' ');
    // Text without spaces (Chinese, Japanese) has no word boundary to use: cut where we are.
    if (lastSpace > room * 0.5) cut = cut.slice(0, lastSpace);
  }
  return `${cut.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}

/** Case-folded, diacritic-free words: what two copies of a story share despite their markup. */
export function words(s: string): string[] {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

function hash32(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche so that near strings spread over all bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function shingles(ws: string[], size: number): string[] {
  if (ws.length < size) return ws.length ? [ws.join(' ')] : [];
  const out: string[] = [];
  for (let i = 0; i + size <= ws.length; i++) out.push(ws.slice(i, i + size).join(' '));
  return out;
}

const BANDS = 4;
const ROWS = 2;
const SEEDS = Array.from({ length: BANDS * ROWS }, (_, i) => hash32(`seed-${i}`, 0x811c9dc5));

/**
 * Near-duplicate keys: MinHash over word triples of title and text, 4 bands of 2 hashes each
 * ("b0:0a1b2c3d4e5f6a7b"…). A band matches with probability J² (J the Jaccard similarity of the
 * triples), so a copy differing by a word or two (J ≈ 0.85) shares a band in over 99 % of cases,
 * while unrelated stories (J ≈ 0) almost never do. We tried a 64-bit SimHash in 4 bands first: with
 * news-length texts two changed words flipped too many bits to keep any band whole.
 * Empty input gives no keys.
 */
export function contentFingerprints(title: string, text: string): string[] {
  const features = new Set(shingles([...words(title), ...words(text)], 3));
  if (features.size === 0) return [];
  const mins = new Array<number>(SEEDS.length).fill(0xffffffff);
  for (const f of features) {
    for (let i = 0; i < SEEDS.length; i++) {
      const h = hash32(f, SEEDS[i] ?? 0);
      if (h < (mins[i] ?? 0)) mins[i] = h;
    }
  }
  const keys: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    let key = '';
    for (let r = 0; r < ROWS; r++) key += (mins[band * ROWS + r] ?? 0).toString(16).padStart(8, '0');
    keys.push(`b${band}:${key}`);
  }
  return keys;
}

/** Jaccard similarity (0..1) of the word pairs of two stories, title and text together. */
export function similarity(a: { title: string; text: string }, b: { title: string; text: string }): number {
  const sa = new Set(shingles([...words(a.title), ...words(a.text)], 2));
  const sb = new Set(shingles([...words(b.title), ...words(b.text)], 2));
  if (sa.size === 0 && sb.size === 0) return 1;
  let common = 0;
  for (const s of sa) if (sb.has(s)) common++;
  return common / (sa.size + sb.size - common);
}
