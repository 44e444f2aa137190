/**
 * A small, tolerant XML tree for feeds. Feeds in the wild are often not well-formed (bare `&`,
 * mismatched tags, HTML entities without a DTD), so we build on htmlparser2's forgiving tokenizer
 * instead of a validating parser, and do the parts a feed needs ourselves: namespaces, `xml:base`,
 * `xml:lang`, CDATA versus text, and entity decoding that never expands recursively.
 */
import { decodeHTMLStrict } from 'entities';
import { Parser } from 'htmlparser2';

export interface XElement {
  /** Local name, as written (case kept). */
  name: string;
  /** Lower-cased local name, for lenient matching. */
  lname: string;
  /** Namespace URI, '' when none. */
  ns: string;
  prefix: string;
  /** Attributes by qualified name as written; values entity-decoded. Map: never an object, so no `__proto__` games. */
  attrs: Map<string, string>;
  children: XNode[];
  parent: XElement | null;
  /** Absolute base URL in effect (xml:base chain), null when unknown. */
  base: string | null;
  lang: string | null;
}

export type XNode = XElement | string;

export class XmlLimitError extends Error {
  constructor(
    message: string,
    readonly kind: 'hostile' | 'too-large',
  ) {
    super(message);
    this.name = 'XmlLimitError';
  }
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const MAX_DEPTH = 256;
const MAX_ELEMENTS = 200_000;
const MAX_DECLARED_ENTITIES = 64;
const MAX_ENTITY_VALUE = 4096;

interface DoctypeInfo {
  /** Internal entities with literal values; never expanded recursively. */
  entities: Map<string, string>;
  /** Text with the doctype removed (htmlparser2 cannot skip an internal subset). */
  text: string;
}

/**
 * Removes the DOCTYPE and collects simple internal entities. Entities whose value refers to other
 * entities are how "billion laughs" works: we refuse the document rather than expand them. External
 * entities (SYSTEM/PUBLIC) are never resolved: references to them stay as written.
 */
function stripDoctype(text: string): DoctypeInfo {
  const entities = new Map<string, string>();
  const start = text.search(/<!DOCTYPE/i);
  if (start < 0) return { entities, text };
  // Only a DOCTYPE before the root element counts.
  const firstElement = text.search(/<[A-Za-z_]/);
  if (firstElement >= 0 && firstElement < start) return { entities, text };
  let i = start + 9;
  let depth = 0;
  let quote = '';
  for (; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) break;
  }
  const decl = text.slice(start, i + 1);
  const declRe = /<!ENTITY\s+(%\s+)?([^\s"']+)\s+(?:(SYSTEM|PUBLIC)\b[^>]*|"([^"]*)"|'([^']*)')\s*>/gi;
  let count = 0;
  for (const m of decl.matchAll(declRe)) {
    count++;
    if (count > MAX_DECLARED_ENTITIES) throw new XmlLimitError('too many entity declarations', 'hostile');
    if (m[1] || m[3]) continue; // parameter or external entity: never resolved
    const value = m[4] ?? m[5] ?? '';
    if (/&[^#\s;]+;/.test(value) || /%[^\s;]+;/.test(value)) {
      throw new XmlLimitError('entity declarations refer to other entities (entity expansion)', 'hostile');
    }
    if (value.length > MAX_ENTITY_VALUE) throw new XmlLimitError('entity value too long', 'hostile');
    if (m[2]) entities.set(m[2], value);
  }
  return { entities, text: text.slice(0, start) + text.slice(i + 1) };
}

const ENTITY_RE = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9._-]{0,31});/g;

function decodeWith(entities: Map<string, string>, s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY_RE, (whole, name: string) => {
    if (name.startsWith('#')) {
      const cp =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\uFFFD';
      return String.fromCodePoint(cp);
    }
    const declared = entities.get(name);
    if (declared !== undefined) return declared;
    // HTML named entities (&nbsp;, &eacute;…) are common in feeds without a DTD; strict mode keeps
    // legacy forms without ';' (like "&copy=2") as written.
    return decodeHTMLStrict(whole);
  });
}

function qualified(name: string): { prefix: string; local: string } {
  const colon = name.indexOf(':');
  return colon > 0
    ? { prefix: name.slice(0, colon), local: name.slice(colon + 1) }
    : { prefix: '', local: name };
}

function resolveUrl(ref: string, base: string | null): string | null {
  try {
    return new URL(ref, base ?? undefined).href;
  } catch {
    return null;
  }
}

/**
 * A '<' that cannot start markup ("more <3", "a < b") is text in a broken feed; the tokenizer would
 * take it for a tag and swallow what follows. CDATA sections are left as they are.
 */
function escapeStrayLessThan(text: string): string {
  return text.replace(/(<!\[CDATA\[[\s\S]*?\]\]>)|<(?=[\s\d=<&)(.,;'"-]|$)/g, (_m, cdata) => cdata ?? '&lt;');
}

/** Parses XML leniently into a tree. Throws XmlLimitError on hostile or oversized documents. */
export function parseXmlTree(input: string, baseUrl?: string): XElement {
  const { entities, text } = stripDoctype(input);
  const decode = (s: string) => decodeWith(entities, s);
  const root: XElement = {
    name: '#document',
    lname: '#document',
    ns: '',
    prefix: '',
    attrs: new Map(),
    children: [],
    parent: null,
    base: baseUrl ? resolveUrl(baseUrl, null) : null,
    lang: null,
  };
  const nsStack: Map<string, string>[] = [new Map([['xml', XML_NS]])];
  let current = root;
  let depth = 0;
  let elements = 0;
  let inCdata = false;

  const lookupNs = (prefix: string): string | undefined => {
    for (let i = nsStack.length - 1; i >= 0; i--) {
      const v = nsStack[i]?.get(prefix);
      if (v !== undefined) return v;
    }
    return undefined;
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        elements++;
        depth++;
        if (depth > MAX_DEPTH) throw new XmlLimitError('elements nested too deep', 'hostile');
        if (elements > MAX_ELEMENTS) throw new XmlLimitError('too many elements', 'too-large');
        const attrs = new Map<string, string>();
        const scope = new Map<string, string>();
        for (const [k, v] of Object.entries(attribs)) {
          const value = decode(v);
          attrs.set(k, value);
          if (k === 'xmlns') scope.set('', value.trim());
          else if (k.startsWith('xmlns:')) scope.set(k.slice(6), value.trim());
        }
        nsStack.push(scope);
        const { prefix, local } = qualified(name);
        const ns = lookupNs(prefix) ?? (prefix ? `urn:x-undeclared:${prefix.toLowerCase()}` : '');
        const xmlBase = attrs.get('xml:base');
        const base =
          xmlBase !== undefined ? (resolveUrl(xmlBase.trim(), current.base) ?? current.base) : current.base;
        const lang = attrs.get('xml:lang')?.trim() || current.lang;
        const el: XElement = {
          name: local,
          lname: local.toLowerCase(),
          ns,
          prefix,
          attrs,
          children: [],
          parent: current,
          base,
          lang,
        };
        current.children.push(el);
        current = el;
      },
      onclosetag() {
        depth--;
        nsStack.pop();
        current = current.parent ?? root;
      },
      ontext(data) {
        const value = inCdata ? data : decode(data);
        const last = current.children[current.children.length - 1];
        if (typeof last === 'string') current.children[current.children.length - 1] = last + value;
        else current.children.push(value);
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
    },
    { xmlMode: true, decodeEntities: false },
  );
  parser.write(escapeStrayLessThan(text));
  parser.end();
  return root;
}

export function isElement(n: XNode | undefined): n is XElement {
  return typeof n === 'object' && n !== null;
}

/** Concatenated text of an element and its descendants. */
export function textOf(el: XElement): string {
  let out = '';
  for (const c of el.children) out += typeof c === 'string' ? c : textOf(c);
  return out;
}

const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'area', 'base', 'col', 'source', 'wbr']);

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Serialises the children of an element back to markup (for inline XHTML content). */
export function innerMarkup(el: XElement): string {
  let out = '';
  for (const c of el.children) {
    if (typeof c === 'string') out += escapeText(c);
    else {
      let attrs = '';
      for (const [k, v] of c.attrs) {
        if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
        attrs += ` ${k}="${escapeText(v).replace(/"/g, '&quot;')}"`;
      }
      const inner = innerMarkup(c);
      out +=
        inner === '' && VOID.has(c.lname)
          ? `<${c.name}${attrs}/>`
          : `<${c.name}${attrs}>${inner}</${c.name}>`;
    }
  }
  return out;
}
