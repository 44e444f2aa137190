/**
 * Turns the bytes of a feed into text. Feeds lie about their encoding in every possible way (a
 * windows-1251 feed served as UTF-8, a UTF-8 feed under Apache's default ISO-8859-1, UTF-16 without
 * a byte order mark), so the evidence is weighed in a fixed order and the bytes get the last word.
 * Pure: never throws, never does I/O.
 */
import iconv from 'iconv-lite';

const UTF8 = 'utf-8';

/** Labels whose best decoder is a superset with another name (as browsers do). */
const ALIASES: Record<string, string> = {
  utf8: UTF8,
  'unicode-1-1-utf-8': UTF8,
  // GB2312 and GBK are subsets of GB18030: decoding with the superset loses nothing.
  gbk: 'gb18030',
  gb2312: 'gb18030',
  'x-gbk': 'gb18030',
  'gb_2312-80': 'gb18030',
  'euc-cn': 'gb18030',
  csgb2312: 'gb18030',
  chinese: 'gb18030',
  cp936: 'gb18030',
  // Big5 as published is nearly always Big5-HKSCS in practice.
  big5: 'big5hkscs',
  'big5-hkscs': 'big5hkscs',
  'x-x-big5': 'big5hkscs',
  'cn-big5': 'big5hkscs',
  // Windows-31J (CP932) is what "Shift_JIS" servers actually send.
  shift_jis: 'cp932',
  'shift-jis': 'cp932',
  sjis: 'cp932',
  'x-sjis': 'cp932',
  ms_kanji: 'cp932',
  'windows-31j': 'cp932',
  csshiftjis: 'cp932',
  'euc-kr': 'cp949',
  'ks_c_5601-1987': 'cp949',
  // ISO-8859-1 and ASCII labels mean windows-1252 on the web: its extra characters (curly quotes,
  // euro sign) are what such feeds really contain.
  'iso-8859-1': 'windows-1252',
  iso8859_1: 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  cp819: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
};

/** UTF-7 can smuggle markup past filters that look for '<'; treat it as unknown. */
const REFUSED = new Set(['utf-7', 'utf7', 'unicode-1-1-utf-7', 'csunicode11utf7']);

const WIDE = /^(utf-?16|utf-?32|ucs-?2|ucs-?4|unicode)/;

/** A usable decoder name for a charset label, or undefined when the label is unknown or refused. */
export function normaliseCharset(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const name = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (!name || REFUSED.has(name)) return undefined;
  const mapped = ALIASES[name] ?? name;
  if (mapped === UTF8) return UTF8;
  return iconv.encodingExists(mapped) ? mapped : undefined;
}

interface Bom {
  encoding: string;
  length: number;
}

function sniffBom(b: Uint8Array): Bom | undefined {
  // UTF-32LE must be tested before UTF-16LE: its mark starts with the same two bytes.
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { encoding: 'utf-32le', length: 4 };
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: UTF8, length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** UTF-16/32 without a mark: a document starts with an ASCII character ('<', '{', space) padded with zeros. */
function sniffWide(b: Uint8Array): string | undefined {
  if (b.length < 4) return undefined;
  const z = [b[0] === 0, b[1] === 0, b[2] === 0, b[3] === 0];
  if (z[0] && z[1] && z[2] && !z[3]) return 'utf-32be';
  if (!z[0] && z[1] && z[2] && z[3]) return 'utf-32le';
  if (z[0] && !z[1] && z[2] && !z[3]) return 'utf-16be';
  if (!z[0] && z[1] && !z[2] && z[3]) return 'utf-16le';
  return undefined;
}

const DECLARATION = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*(["'])\s*([^"'\s]+)\s*\1/;

/** The encoding named by the XML declaration, read as ASCII from the first bytes. */
function declaredEncoding(b: Uint8Array): string | undefined {
  const head = String.fromCharCode(...b.subarray(0, 512));
  return DECLARATION.exec(head)?.[2];
}

function headerCharset(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  return /;\s*charset\s*=\s*(["']?)([^"';\s]+)\1/i.exec(contentType)?.[2];
}

function hasHighBytes(b: Uint8Array): boolean {
  for (const byte of b) if (byte >= 0x80) return true;
  return false;
}

function strictUtf8(b: Uint8Array): string | undefined {
  try {
    return new TextDecoder(UTF8, { fatal: true, ignoreBOM: true }).decode(b);
  } catch {
    return undefined;
  }
}

/**
 * Weighs the HTTP charset against the XML declaration. The header is trusted (RFC 7303) unless
 * the bytes contradict it: a UTF-8 claim over bytes that are not UTF-8, or a legacy claim over
 * bytes that are valid multi-byte UTF-8 when the document itself says UTF-8.
 */
function chooseEncoding(b: Uint8Array, header: string | undefined, declared: string | undefined): string {
  const fromHeader = header && !WIDE.test(header) ? header : undefined;
  const fromDeclaration = declared && !WIDE.test(declared) ? declared : undefined;
  if (fromHeader === UTF8 && fromDeclaration && fromDeclaration !== UTF8 && !strictUtf8(b)) {
    return fromDeclaration;
  }
  if (fromHeader && fromHeader !== UTF8 && fromDeclaration === UTF8 && hasHighBytes(b) && strictUtf8(b)) {
    return UTF8;
  }
  return fromHeader ?? fromDeclaration ?? UTF8;
}

function decodeAs(b: Uint8Array, encoding: string): string {
  if (encoding === UTF8) return new TextDecoder(UTF8, { ignoreBOM: true }).decode(b);
  try {
    return iconv.decode(b, encoding, { stripBOM: false });
  } catch {
    return new TextDecoder(UTF8, { ignoreBOM: true }).decode(b);
  }
}

/**
 * Once decoded, the text is UTF-16 in memory; a declaration still naming the old encoding would
 * mislead any parser that honours it, so it is rewritten to UTF-8. Leading whitespace before the
 * declaration (common from PHP templates) makes XML invalid, so it goes too.
 */
export function rewriteDeclaration(text: string): string {
  const trimmed = /^\s*<\?xml\s/.test(text) ? text.trimStart() : text;
  return trimmed.replace(/^(<\?xml\s[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2/, '$1$2UTF-8$2');
}

/**
 * Decodes feed bytes to text. Order: byte order mark, UTF-16/32 byte pattern, Content-Type charset,
 * XML declaration, UTF-8. Unknown labels fall back to UTF-8 with U+FFFD for bad bytes; never throws.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string): string {
  const bom = sniffBom(bytes);
  let encoding: string;
  let body = bytes;
  if (bom) {
    encoding = bom.encoding;
    body = bytes.subarray(bom.length);
  } else {
    encoding =
      sniffWide(bytes) ??
      chooseEncoding(
        bytes,
        normaliseCharset(headerCharset(contentType)),
        normaliseCharset(declaredEncoding(bytes)),
      );
  }
  return rewriteDeclaration(decodeAs(body, encoding).replace(/^\uFEFF/, ''));
}
