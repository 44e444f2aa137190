import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeFeedBytes, normaliseCharset } from '../../../shared/domain/feed/decode';

const RU = 'Президент Казахстана Токаев посетил Алматы';
const ZH = '新疆维吾尔自治区乌鲁木齐';
const TW = '烏魯木齊與喀什的新聞';
const JA = '東京でウズベキスタンの大統領と会談';
const DE = 'Grüße aus Köln – „Zitat“ €';

function xml(text: string, encoding?: string): string {
  const declaration = encoding ? `<?xml version="1.0" encoding="${encoding}"?>` : '<?xml version="1.0"?>';
  return `${declaration}<rss><channel><title>${text}</title></channel></rss>`;
}

const bytes = (text: string, encoding: string) => new Uint8Array(iconv.encode(text, encoding));
const concat = (...parts: number[][]) => new Uint8Array(parts.flat());

describe('decodeFeedBytes', () => {
  it.each([
    ['UTF-8, no label', bytes(xml(RU), 'utf-8'), undefined, RU],
    [
      'windows-1251 from Content-Type',
      bytes(xml(RU), 'win1251'),
      'application/rss+xml; charset=windows-1251',
      RU,
    ],
    ['windows-1251 from the declaration', bytes(xml(RU, 'windows-1251'), 'win1251'), 'text/xml', RU],
    ['KOI8-R from the declaration', bytes(xml(RU, 'KOI8-R'), 'koi8-r'), undefined, RU],
    ['KOI8-R, quoted header charset', bytes(xml(RU), 'koi8-r'), 'text/xml; charset="koi8-r"', RU],
    ['GB2312 label decoded as GB18030', bytes(xml(ZH, 'gb2312'), 'gb18030'), undefined, ZH],
    ['GBK header', bytes(xml(ZH), 'gbk'), 'application/xml;charset=GBK', ZH],
    ['Big5', bytes(xml(TW, 'big5'), 'big5'), undefined, TW],
    ['Shift_JIS', bytes(xml(JA, 'Shift_JIS'), 'shift_jis'), undefined, JA],
    ['ISO-8859-1 read as windows-1252', bytes(xml(DE, 'ISO-8859-1'), 'win1252'), undefined, DE],
    ['ISO-8859-5', bytes(xml(RU, 'iso-8859-5'), 'iso-8859-5'), undefined, RU],
    [
      'UTF-8 BOM beats a wrong header',
      concat([0xef, 0xbb, 0xbf], [...bytes(xml(RU), 'utf-8')]),
      'text/xml; charset=koi8-r',
      RU,
    ],
    ['UTF-16LE BOM', concat([0xff, 0xfe], [...bytes(xml(RU, 'UTF-16'), 'utf-16le')]), undefined, RU],
    ['UTF-16BE BOM', concat([0xfe, 0xff], [...bytes(xml(RU, 'UTF-16'), 'utf-16be')]), undefined, RU],
    ['UTF-32LE BOM', concat([0xff, 0xfe, 0, 0], [...bytes(xml(ZH), 'utf-32le')]), undefined, ZH],
    ['UTF-32BE BOM', concat([0, 0, 0xfe, 0xff], [...bytes(xml(ZH), 'utf-32be')]), undefined, ZH],
    ['UTF-16LE without BOM', bytes(xml(ZH, 'UTF-16'), 'utf-16le'), undefined, ZH],
    ['UTF-16BE without BOM', bytes(xml(ZH, 'UTF-16'), 'utf-16be'), undefined, ZH],
    ['UTF-32LE without BOM', bytes(xml(RU), 'utf-32le'), undefined, RU],
    [
      'header says UTF-8 but bytes are the declared windows-1251',
      bytes(xml(RU, 'windows-1251'), 'win1251'),
      'text/xml; charset=utf-8',
      RU,
    ],
    [
      'Apache default ISO-8859-1 over a UTF-8 document',
      bytes(xml(RU, 'utf-8'), 'utf-8'),
      'text/xml; charset=ISO-8859-1',
      RU,
    ],
    [
      'header claims UTF-16 over ASCII-compatible bytes',
      bytes(xml(RU), 'utf-8'),
      'text/xml; charset=utf-16',
      RU,
    ],
  ])('%s', (_case, input, contentType, expected) => {
    const text = decodeFeedBytes(input, contentType);
    expect(text).toContain(`<title>${expected}</title>`);
    expect(text.startsWith('<?xml')).toBe(true);
  });

  it.each([
    ['an unknown label', 'x-klingon'],
    ['UTF-7, which could smuggle markup', 'utf-7'],
  ])('falls back to UTF-8 for %s', (_case, label) => {
    const text = decodeFeedBytes(bytes(xml(RU, label), 'utf-8'), `text/xml; charset=${label}`);
    expect(text).toContain(RU);
  });

  it('replaces bytes that are not UTF-8 instead of throwing', () => {
    const text = decodeFeedBytes(
      concat([...bytes('<rss>ok ', 'utf-8')], [0xff, 0xc3], [...bytes('</rss>', 'utf-8')]),
    );
    expect(text).toBe('<rss>ok \uFFFD\uFFFD</rss>');
  });

  it.each([
    ['an empty body', new Uint8Array(0), ''],
    ['a lone BOM', new Uint8Array([0xef, 0xbb, 0xbf]), ''],
    [
      'JSON Feed in UTF-16LE without BOM',
      bytes('{"title":"Кыргызстан"}', 'utf-16le'),
      '{"title":"Кыргызстан"}',
    ],
  ])('decodes %s', (_case, input, expected) => {
    expect(decodeFeedBytes(input)).toBe(expected);
  });

  it.each([
    ['windows-1251', bytes(xml(RU, 'windows-1251'), 'win1251')],
    ['UTF-16 with BOM', concat([0xff, 0xfe], [...bytes(xml(RU, 'UTF-16'), 'utf-16le')])],
    [
      'single-quoted KOI8-R',
      bytes(`<?xml version='1.0' encoding='koi8-r'?><rss><t>${RU}</t></rss>`, 'koi8-r'),
    ],
  ])('rewrites a %s declaration to UTF-8 so the text parses as it is', (_case, input) => {
    const text = decodeFeedBytes(input);
    expect(text).toMatch(/^<\?xml version=["']1\.0["'] encoding=["']UTF-8["']\?>/);
    expect(text).toContain(RU);
  });

  it('drops whitespace before the XML declaration, which would make the document invalid', () => {
    expect(decodeFeedBytes(bytes(`\n\n  ${xml('x', 'utf-8')}`, 'utf-8'))).toBe(xml('x', 'UTF-8'));
  });
});

describe('normaliseCharset', () => {
  it.each([
    ['UTF8', 'utf-8'],
    ['gb2312', 'gb18030'],
    ['GBK', 'gb18030'],
    ['Shift_JIS', 'cp932'],
    ['Big5', 'big5hkscs'],
    ['ISO-8859-1', 'windows-1252'],
    ['us-ascii', 'windows-1252'],
    ['KOI8-R', 'koi8-r'],
    ['"windows-1251"', 'windows-1251'],
    ['utf-7', undefined],
    ['nonsense', undefined],
    ['', undefined],
  ])('%s → %s', (label, expected) => {
    expect(normaliseCharset(label)).toBe(expected);
  });
});
