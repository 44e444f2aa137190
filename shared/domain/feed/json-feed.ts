/**
 * JSON Feed 1.0/1.1 (https://jsonfeed.org) into ParsedFeed. Only the fields we know are read, and
 * each is type-checked: a feed is untrusted input, whatever keys it carries.
 */
import type { Enclosure, FeedItem, ParsedFeed } from '../types';
import { parseFeedDate } from './dates';
import { FeedParseError, type ParseFeedOptions } from './feed-parse-error';
import { collapseWhitespace, htmlToText } from './normalise';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const text = (v: unknown): string | null => {
  const s = str(v);
  return s ? collapseWhitespace(s) || null : null;
};

function resolve(ref: string | null, base: string | null): string | null {
  if (!ref) return null;
  try {
    return new URL(ref, base ?? undefined).href;
  } catch {
    return ref;
  }
}

/** 1.1 has `authors` (a list), 1.0 a single `author`. */
function authorOf(obj: Json): string | null {
  const list = Array.isArray(obj.authors) ? obj.authors : isObject(obj.author) ? [obj.author] : [];
  for (const a of list) {
    if (!isObject(a)) continue;
    const name = text(a.name);
    if (name) return name;
  }
  return null;
}

export function parseJsonFeed(body: string, options: ParseFeedOptions): ParsedFeed {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    throw new FeedParseError('malformed', `JSON could not be read: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (!isObject(data)) throw new FeedParseError('not-a-feed', 'JSON is not a JSON Feed object');
  const version = str(data.version);
  if (!(version?.includes('jsonfeed.org') || Array.isArray(data.items))) {
    throw new FeedParseError('not-a-feed', 'JSON has neither a JSON Feed version nor items');
  }
  const skipped: { index: number; reason: string }[] = [];
  const base = resolve(str(data.home_page_url), options.baseUrl ?? null) ?? options.baseUrl ?? null;
  const feedAuthor = authorOf(data);
  const rawItems = Array.isArray(data.items) ? data.items : [];
  const items: FeedItem[] = [];
  rawItems.slice(0, options.maxItems ?? 1000).forEach((raw, index) => {
    if (!isObject(raw)) {
      skipped.push({ index, reason: 'item is not an object' });
      return;
    }
    const rawDate = str(raw.date_published) ?? str(raw.date_modified);
    const published = parseFeedDate(rawDate);
    if (rawDate && !published)
      skipped.push({ index, reason: `unreadable date "${rawDate.slice(0, 60)}" (kept, no date)` });
    const enclosures: Enclosure[] = [];
    for (const a of Array.isArray(raw.attachments) ? raw.attachments : []) {
      if (!isObject(a)) continue;
      const url = resolve(str(a.url), base);
      if (!url) continue;
      const size = typeof a.size_in_bytes === 'number' ? a.size_in_bytes : Number(a.size_in_bytes);
      enclosures.push({
        url,
        type: str(a.mime_type),
        length: Number.isFinite(size) && size >= 0 ? Math.floor(size) : null,
      });
    }
    const id = raw.id === undefined || raw.id === null ? null : String(raw.id).trim() || null;
    const html = str(raw.content_html);
    items.push({
      id,
      title: text(raw.title),
      link: resolve(str(raw.url) ?? str(raw.external_url), base),
      summary: text(raw.summary),
      content: html ? htmlToText(html) || null : text(raw.content_text),
      author: authorOf(raw) ?? feedAuthor,
      categories: Array.isArray(raw.tags) ? raw.tags.map(text).filter((t): t is string => !!t) : [],
      published,
      enclosures,
    });
  });
  return {
    title: text(data.title),
    link: resolve(str(data.home_page_url), options.baseUrl ?? null),
    description: text(data.description),
    language: text(data.language),
    author: feedAuthor,
    updated: null,
    items,
    skipped,
  };
}
