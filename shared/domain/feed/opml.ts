/**
 * OPML import and export of the feed list (the format every feed reader trades subscriptions in).
 */
import { XMLParser } from 'fast-xml-parser';
import type { FeedConfig } from '../types';

export class OpmlError extends Error {
  override name = 'OpmlError';
}

/** A feed id from its URL: host and path, lower-case, safe for keys. */
export function feedIdFromUrl(url: string): string {
  const parsed = new URL(url);
  const slug = `${parsed.hostname.replace(/^www\./, '')}${parsed.pathname}`
    .toLowerCase()
    .replace(/\.(xml|rss|atom|json)$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, 80) || 'feed';
}

export function parseOpml(text: string): FeedConfig[] {
  if (/<!ENTITY/i.test(text)) throw new OpmlError('OPML with entity declarations is refused');
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: true });
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new OpmlError(`not valid XML: ${(error as Error).message}`);
  }
  const body = (doc.opml as Record<string, unknown> | undefined)?.body;
  if (!body) throw new OpmlError('no <opml><body> element: is this an OPML file?');
  const feeds: FeedConfig[] = [];
  const walk = (node: unknown) => {
    for (const outline of Array.isArray(node) ? node : node ? [node] : []) {
      if (typeof outline !== 'object' || outline === null) continue;
      const o = outline as Record<string, unknown>;
      const url = o.xmlUrl ?? o.xmlurl;
      if (typeof url === 'string' && /^https?:\/\//i.test(url)) {
        const name = typeof o.title === 'string' ? o.title : typeof o.text === 'string' ? o.text : undefined;
        feeds.push({ id: feedIdFromUrl(url), url, ...(name ? { name } : {}) });
      }
      walk(o.outline);
    }
  };
  walk((body as Record<string, unknown>).outline);
  return feeds;
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function toOpml(feeds: readonly FeedConfig[], title = 'newsalert feeds'): string {
  const outlines = feeds.map(
    (f) =>
      `    <outline type="rss" text="${escapeXml(f.name ?? f.id)}" title="${escapeXml(f.name ?? f.id)}" xmlUrl="${escapeXml(f.url)}"/>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    `  <head><title>${escapeXml(title)}</title></head>`,
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
