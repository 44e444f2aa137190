/**
 * One normalisation for taxonomy terms and article text.
 *
 * Text is cut into tokens whose offsets point into the ORIGINAL string (so evidence can quote it),
 * and every token gets:
 * - `folded`: NFKC, lower case, diacritics folded, apostrophes dropped (still in its own script);
 * - `key`: a transliteration skeleton in which spelling variants meet (Cyrillic → Latin,
 *   ch/sh/sch, kh/h, zh/dzh/dj/j, y → i, q → k, w → v, doubled letters, vowel runs such as
 *   -yev/-ev/-iev or "ïï" collapse to their last vowel);
 * - `stem` (Cyrillic only): the key of the word without its Russian case ending, marked with `~`
 *   so it only ever meets stems of terms.
 * Han characters carry no word boundaries, so each is a token of its own and a Chinese term is a
 * sequence of characters.
 */

// Character classes, as plain numbers so the hot loop compares small integers.
export const CharClass = { Separator: 0, Word: 1, Han: 2, Apostrophe: 3 } as const;
export type CharClass = (typeof CharClass)[keyof typeof CharClass];

const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const isWord = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  ASCII_CLASS[c] = isWord ? CharClass.Word : CharClass.Separator;
}
ASCII_CLASS[39] = CharClass.Apostrophe; // '
ASCII_CLASS[96] = CharClass.Apostrophe; // `

// Non-ASCII classes are computed on first sight: a full 64K table would cost cold-start time.
const WIDE_CLASS = new Int8Array(0x10000).fill(-1);
const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;
// Scripts written without spaces between words (Chinese, Japanese kana, Thai, Lao, Khmer, Burmese), and
// Korean, whose particles are glued to the noun: one token per character, so a name matches inside a
// run of text ("カザフスタンの", "คาซัคสถาน", "카자흐스탄의").
const HAN =
  /[\p{Script=Han}\u3005\u3007\p{Script=Hiragana}\p{Script=Katakana}\u30FC\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Hangul}]/u;
/** Per-character scripts other than Han: a match must be at least this many characters long. */
export const MIN_SYLLABIC_MATCH = 3;
const SYLLABIC =
  /[\p{Script=Hiragana}\p{Script=Katakana}\u30FC\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Hangul}]/u;

/** True for a character of the per-character scripts other than Han (kana, Thai, Hangul, …). */
export function isSyllabic(ch: string): boolean {
  // Called for every match: most are Latin or Cyrillic, below every syllabic block.
  return ch.charCodeAt(0) >= 0x0e00 && SYLLABIC.test(ch);
}
const APOSTROPHES = new Set([0x2019, 0x2018, 0x02bc, 0x02bb, 0x02b9, 0x00b4, 0x2032]);
// Soft hyphen and zero-width joiners sit inside words; the fold drops them.
const IN_WORD_INVISIBLE = new Set([0x00ad, 0x200b, 0x200c, 0x200d, 0x2060]);

export function charClass(code: number): CharClass {
  if (code < 128) return ASCII_CLASS[code] as CharClass;
  const known = WIDE_CLASS[code] as number;
  if (known >= 0) return known as CharClass;
  const ch = String.fromCharCode(code);
  let cls: CharClass;
  if (APOSTROPHES.has(code)) cls = CharClass.Apostrophe;
  else if (IN_WORD_INVISIBLE.has(code)) cls = CharClass.Word;
  else if (code >= 0xd800 && code <= 0xdfff) cls = CharClass.Separator;
  else if (HAN.test(ch)) cls = CharClass.Han;
  else if (LETTER_OR_DIGIT.test(ch)) cls = CharClass.Word;
  else cls = CharClass.Separator;
  WIDE_CLASS[code] = cls;
  return cls;
}

// Letters whose diacritic carries a sound the transliterations write with two letters.
const SPECIAL_FOLD: Record<string, string> = {
  ş: 'sh',
  š: 'sh',
  ș: 'sh',
  ç: 'ch',
  č: 'ch',
  ž: 'zh',
  ğ: 'g',
  ı: 'i',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ħ: 'h',
  þ: 'th',
};

const foldCache = new Map<number, string>();

/** Lower case, NFKC and diacritic folding of one UTF-16 unit (Cyrillic letters keep their identity). */
function foldChar(code: number): string {
  const cached = foldCache.get(code);
  if (cached !== undefined) return cached;
  let out = '';
  if (APOSTROPHES.has(code) || IN_WORD_INVISIBLE.has(code)) {
    out = '';
  } else {
    const lower = String.fromCharCode(code).normalize('NFKC').toLowerCase();
    for (const ch of lower) {
      const special = SPECIAL_FOLD[ch];
      if (special !== undefined) out += special;
      else if (ch >= '\u0400' && ch <= '\u052f') out += ch;
      else out += ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    }
  }
  foldCache.set(code, out);
  return out;
}

/** Folds a raw token (or any short string) without splitting it: the `folded` form described above. */
export function foldWord(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code < 128) {
      if (code === 39 || code === 96) continue;
      out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : raw[i];
    } else {
      out += foldChar(code);
    }
  }
  return out;
}

const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  // Kazakh, Kyrgyz, Uzbek, Tajik, Ukrainian letters.
  ә: 'a',
  ғ: 'gh',
  қ: 'q',
  ң: 'ng',
  ө: 'o',
  ұ: 'u',
  ү: 'u',
  һ: 'h',
  і: 'i',
  ў: 'o',
  ҳ: 'h',
  ҷ: 'j',
  ӣ: 'i',
  ӯ: 'u',
  є: 'ye',
  ї: 'yi',
  ґ: 'g',
};

function isCyrillicCode(code: number): boolean {
  return code >= 0x0400 && code <= 0x052f;
}

/** True when the word is written in Cyrillic (its case endings can then be stripped). */
export function isCyrillic(folded: string): boolean {
  return folded.length > 0 && isCyrillicCode(folded.charCodeAt(0));
}

function transliterate(folded: string): string {
  let out = '';
  for (const ch of folded) {
    const latin = CYRILLIC_TO_LATIN[ch];
    out += latin === undefined ? ch : latin;
  }
  return out;
}

function isVowel(ch: string): boolean {
  return ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u';
}

/** The transliteration skeleton of a folded word (see the module comment). */
export function skeleton(folded: string): string {
  const s = transliterate(folded);
  let out = '';
  let last = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    const next = s[i + 1];
    let mapped: string;
    let step = 1;
    if (c === 't' && s.startsWith('tsch', i)) {
      mapped = '$';
      step = 4;
    } else if ((c === 's' && s.startsWith('sch', i)) || (c === 't' && s.startsWith('tch', i))) {
      mapped = '$';
      step = 3;
    } else if (c === 'd' && s.startsWith('dzh', i)) {
      mapped = 'j';
      step = 3;
    } else if ((c === 'd' && next === 'j') || (c === 'z' && next === 'h')) {
      mapped = 'j';
      step = 2;
    } else if ((c === 's' || c === 'c') && next === 'h') {
      mapped = '$';
      step = 2;
    } else if (c === 'k' && next === 'h') {
      mapped = 'h';
      step = 2;
    } else if (c === 'g' && next === 'h') {
      mapped = 'g';
      step = 2;
    } else if (c === 'c' && next === 'k') {
      mapped = 'k';
      step = 2;
    } else if (c === 'q') mapped = 'k';
    else if (c === 'w') mapped = 'v';
    else if (c === 'y') mapped = 'i';
    else mapped = c;
    i += step;
    if (mapped === last) continue;
    if (isVowel(mapped) && isVowel(last)) {
      // A run of vowels keeps its last one: -yev/-iev/-ev, "ïï", "oyo" all meet.
      out = out.slice(0, -1) + mapped;
    } else {
      out += mapped;
    }
    last = mapped;
  }
  return out;
}

// Russian case endings, longest first. -ов/-ев are left alone: they end surnames, not cases.
const RU_ENDINGS = [
  'ами',
  'ями',
  'ого',
  'его',
  'ому',
  'ему',
  'ыми',
  'ими',
  'ой',
  'ей',
  'ом',
  'ем',
  'ым',
  'им',
  'ах',
  'ях',
  'ий',
  'ый',
  'ая',
  'яя',
  'ое',
  'ее',
  'ие',
  'ые',
  'ую',
  'юю',
  'их',
  'ых',
  'а',
  'я',
  'у',
  'ю',
  'е',
  'ы',
  'и',
  'о',
  'й',
  'ь',
];
const MIN_STEM = 4;
// Surname and genitive-plural -ов/-ев go only from longer words, so "Токаев" keeps them and
// "Токаева" → "Токаев" still meets it, while "уйгуров" → "уйгур" meets "уйгуры".
const RU_OV = ['ов', 'ев'];
const MIN_OV_STEM = 5;

const cyrillicStems = new Map<string, string>();

/** The canonical stem of a folded Cyrillic word: one case ending off, then -ов/-ев off long words. */
export function stemCyrillic(folded: string): string {
  // Matching asks for the same few stems over and over: remember them (bounded).
  let stem = cyrillicStems.get(folded);
  if (stem === undefined) {
    stem = computeCyrillicStem(folded);
    if (cyrillicStems.size >= 50_000) cyrillicStems.clear();
    cyrillicStems.set(folded, stem);
  }
  return stem;
}

function computeCyrillicStem(folded: string): string {
  let stem = folded;
  for (const ending of RU_ENDINGS) {
    // Two-letter endings may leave a three-letter stem (Южную → южн), one-letter ones may not.
    if (
      stem.endsWith(ending) &&
      stem.length - ending.length >= (ending.length > 1 ? MIN_STEM - 1 : MIN_STEM)
    ) {
      stem = stem.slice(0, -ending.length);
      break;
    }
  }
  for (const ending of RU_OV) {
    if (stem.endsWith(ending) && stem.length - ending.length >= MIN_OV_STEM)
      return stem.slice(0, -ending.length);
  }
  return stem;
}

// Turkic languages glue case suffixes onto names (Тошкентда, Пәкістанның, Germaniýada, Aşgabatdan).
const TURKIC_CYRILLIC = [
  'дағы',
  'дегі',
  'тағы',
  'тегі',
  'ындағы',
  'індегі',
  'ында',
  'інде',
  'ынан',
  'інен',
  'нинг',
  'нан',
  'нен',
  'дан',
  'ден',
  'тан',
  'тен',
  'ның',
  'нің',
  'дың',
  'дің',
  'тың',
  'тің',
  'нда',
  'нде',
  'ға',
  'ге',
  'қа',
  'ке',
  'да',
  'де',
  'та',
  'те',
  'ны',
  'ні',
  'ды',
  'ді',
  'ти',
  'ни',
  'га',
  'ка',
  'ға',
  'ын',
  'ін',
  'ы',
  'і',
  'а',
  'е',
  'и',
];
const TURKIC_LATIN = [
  'nyng',
  'ning',
  'nyň',
  'niň',
  'nin',
  'nın',
  'nun',
  'nün',
  'dan',
  'den',
  'tan',
  'ten',
  'nda',
  'nde',
  'da',
  'de',
  'ta',
  'te',
  'ga',
  'ge',
  'ka',
  'ke',
  'na',
  'ne',
  'ny',
  'ni',
  'nı',
  'yň',
  'iň',
  'ň',
];
const TURKIC_ARABIC = [
  'دىكى',
  'تىكى',
  'دىن',
  'تىن',
  'نىڭ',
  'دە',
  'دا',
  'تە',
  'تا',
  'غا',
  'گە',
  'قا',
  'كە',
  'نى',
  'لار',
  'لەر',
];
const MIN_SUFFIX_STEM = 5;

/**
 * Stems a text word may stand for (a Russian case ending off, or a Turkic suffix off), each a folded
 * string; taxonomy forms contribute only their canonical stem, so any candidate may meet it.
 */
const candidateMemo = new Map<string, string[]>();

export function stemCandidates(folded: string): string[] {
  // Asked again for the same words while matching: remember them (bounded).
  let out = candidateMemo.get(folded);
  if (!out) {
    out = computeStemCandidates(folded);
    if (candidateMemo.size >= 50_000) candidateMemo.clear();
    candidateMemo.set(folded, out);
  }
  return out;
}

function computeStemCandidates(folded: string): string[] {
  const out: string[] = [];
  if (isGeorgian(folded)) {
    out.push(georgianStem(folded));
    for (const suffix of GEORGIAN_SUFFIXES) {
      if (folded.endsWith(suffix) && folded.length - suffix.length >= 3) {
        const stem = georgianStem(folded.slice(0, -suffix.length));
        if (!out.includes(stem)) out.push(stem);
      }
    }
    return out;
  }
  const cyrillic = isCyrillic(folded);
  if (cyrillic) {
    out.push(stemCyrillic(folded));
    // A two-letter ending may be a stem letter and a one-letter ending: Китая is Китай + -я, not
    // кит + -ая. The one-letter reading meets the stem its listed form is indexed under.
    if (/[аяуюеыио]$/.test(folded) && folded.length >= 5) {
      const one = folded.slice(0, -1);
      if (!out.includes(one)) out.push(one);
    }
  }
  const arabic = /^[\u0600-\u06ff]/.test(folded);
  if (arabic) {
    // Arabic writes "and", "in", "for" and the article onto the word (بالقاهرة = in the Cairo);
    // Persian plurals add -ها; Uyghur glues case suffixes.
    let word = folded;
    const clitic = /^[وفبلك](?=ال)/.exec(word);
    if (clitic && word.length >= 6) word = word.slice(1);
    if (word.startsWith('ال') && word.length >= 5) {
      if (word !== folded) out.push(word);
      word = word.slice(2);
    }
    if (word.endsWith('ها') && word.length >= 5) word = word.slice(0, -2);
    if (word !== folded && !out.includes(word)) out.push(word);
    for (const suffix of TURKIC_ARABIC) {
      if (folded.endsWith(suffix) && folded.length - suffix.length >= 4) {
        const stem = folded.slice(0, -suffix.length);
        if (!out.includes(stem)) out.push(stem);
      }
    }
    return out;
  }
  // "-stan" is the name, not a suffix: Kazakhstan is not "Kazakhs" + "-tan".
  if (/(stan|ston|стан)$/.test(folded)) return out;
  for (const suffix of cyrillic ? TURKIC_CYRILLIC : TURKIC_LATIN) {
    if (folded.endsWith(suffix) && folded.length - suffix.length >= MIN_SUFFIX_STEM) {
      const stem = folded.slice(0, -suffix.length);
      if (!out.includes(stem)) out.push(stem);
    }
  }
  return out;
}

// Georgian names take case suffixes and drop the nominative -ი: თბილისი, თბილისში, თბილისის.
const GEORGIAN_SUFFIXES = [
  'ისთვის',
  'ებში',
  'ების',
  'ებს',
  'დან',
  'ში',
  'ის',
  'ით',
  'ზე',
  'თან',
  'ად',
  'ს',
  'მა',
];
const isGeorgian = (folded: string) => /^[\u10d0-\u10ff]/.test(folded);
const georgianStem = (word: string) => (word.length >= 4 && word.endsWith('ი') ? word.slice(0, -1) : word);

/** The one stem a taxonomy form's word is indexed under (the word itself outside Cyrillic and Georgian). */
export function canonicalStem(folded: string): string {
  if (isCyrillic(folded)) return stemCyrillic(folded);
  return isGeorgian(folded) ? georgianStem(folded) : folded;
}

export interface WordKeys {
  folded: string;
  key: string;
  /** `~`-marked skeletons of the word's possible stems (none for most words). */
  stems: string[];
}

/** Keys of one raw word (a Han character is its own key). */
export function wordKeys(raw: string): WordKeys {
  const folded = foldWord(raw);
  const key = skeleton(folded);
  const stems: string[] = [];
  for (const stem of stemCandidates(folded)) {
    const marked = `~${skeleton(stem)}`;
    if (!stems.includes(marked)) stems.push(marked);
  }
  // Turkish and Azerbaijani put an apostrophe between a name and its suffix (Türkiye'deki, Çin'in);
  // the name before it may stand alone. (O'zbekiston and Xi'an keep theirs: too short before it.)
  const apostrophe = raw.search(/['’ʼ]/);
  if (apostrophe >= 3) {
    const marked = `~${skeleton(canonicalStem(foldWord(raw.slice(0, apostrophe))))}`;
    if (!stems.includes(marked)) stems.push(marked);
  }
  return { folded, key, stems };
}

/** The `~`-marked key a taxonomy word is indexed under for stem matching. */
export function formStemKey(folded: string): string {
  return `~${skeleton(canonicalStem(folded))}`;
}

/**
 * Called for each token: [start, end) in the original string, and the FNV-1a hash of its UTF-16
 * units (computed while scanning, so a memo can look the word up without a second pass).
 */
export type TokenSink = (start: number, end: number, hash: number) => void;

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/**
 * Cuts `text` into word tokens and Han characters, skipping the ranges in `skip` (sorted,
 * non-overlapping [start, end) pairs: boilerplate lines). Possessive "'s" and trailing
 * apostrophes stay outside the token, inner apostrophes stay inside (O'zbekiston).
 */
export function tokenize(text: string, sink: TokenSink, skip: readonly number[] = []): void {
  const n = text.length;
  let skipIdx = 0;
  let nextSkip = skip.length > 0 ? (skip[0] as number) : n + 1;
  let i = 0;
  while (i < n) {
    // Skipped ranges are whole lines, so they can only begin between words.
    if (i >= nextSkip) {
      i = Math.max(i, skip[skipIdx + 1] as number);
      skipIdx += 2;
      nextSkip = skipIdx < skip.length ? (skip[skipIdx] as number) : n + 1;
      continue;
    }
    let code = text.charCodeAt(i);
    let cls = code < 128 ? (ASCII_CLASS[code] as CharClass) : charClass(code);
    if (cls === CharClass.Han) {
      sink(i, i + 1, Math.imul(FNV_OFFSET ^ code, FNV_PRIME));
      i++;
      continue;
    }
    if (cls !== CharClass.Word) {
      i++;
      continue;
    }
    const start = i;
    let end = -1;
    let hash = Math.imul(FNV_OFFSET ^ code, FNV_PRIME);
    i++;
    // Inner loop: consume the word; only apostrophes need a closer look.
    while (i < n) {
      code = text.charCodeAt(i);
      cls = code < 128 ? (ASCII_CLASS[code] as CharClass) : charClass(code);
      if (cls === CharClass.Word) {
        hash = Math.imul(hash ^ code, FNV_PRIME);
        i++;
        continue;
      }
      if (cls === CharClass.Apostrophe) {
        const nextCode = i + 1 < n ? text.charCodeAt(i + 1) : 32;
        if (charClass(nextCode) === CharClass.Word) {
          const afterCode = i + 2 < n ? text.charCodeAt(i + 2) : 32;
          if ((nextCode === 115 || nextCode === 83) && charClass(afterCode) !== CharClass.Word) {
            // Possessive: the token ends before the apostrophe and "s" is skipped.
            end = i;
            i += 2;
            break;
          }
          if (splitsAtApostrophe(text, start, i)) {
            // Elision (d'Italia, l'Ouzbékistan) or a Turkish suffix (Kazakistan'ın): two words.
            end = i;
            i++;
            break;
          }
          // Inside a name (O'zbekiston, Qozogʻiston): the apostrophe is part of the word.
          hash = Math.imul(hash ^ code, FNV_PRIME);
          i++;
          continue;
        }
      }
      end = i;
      break;
    }
    sink(start, end < 0 ? n : end, hash);
  }
}

const ELISIONS = new Set([
  'l',
  'd',
  'j',
  'n',
  's',
  'c',
  'm',
  't',
  'qu',
  'un',
  'dell',
  'nell',
  'dall',
  'all',
  'sull',
]);

function splitsAtApostrophe(text: string, start: number, at: number): boolean {
  if (at - start <= 4 && ELISIONS.has(text.slice(start, at).toLowerCase())) return true;
  let end = at + 1;
  while (end < text.length && charClass(text.charCodeAt(end)) === CharClass.Word) end++;
  return end - (at + 1) <= 3 && at - start >= 4;
}

/** Folded tokens of a taxonomy form, cut exactly as article text is cut. */
export function formTokens(form: string): string[] {
  const raws: string[] = [];
  const normalised = form.normalize('NFKC');
  tokenize(normalised, (s, e) => {
    raws.push(normalised.slice(s, e));
  });
  return raws;
}

/** True when the first letter of `s` is upper case in a script that has case. */
export function startsUpper(s: string): boolean {
  const ch = s[0];
  if (ch === undefined) return false;
  const lower = ch.toLowerCase();
  return lower !== ch.toUpperCase() && ch !== lower;
}

/** True when no letter of `s` is lower case (acronyms: US, UK, XUAR). */
export function isAllUpper(s: string): boolean {
  return s === s.toUpperCase() && s !== s.toLowerCase();
}
