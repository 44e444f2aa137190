/**
 * The tagger: one pass over normalised tokens against a token trie built from the whole taxonomy
 * (places, people, topic terms, forbidden context, stop phrases), then rules on the matches.
 */
import type { CountryTag, Evidence, PersonTag, PlaceTag, TagInput, TagResult, TopicTag } from '../types';
import { type BoilerplateMatcher, createBoilerplateMatcher } from './boilerplate';
import { boundedLevenshtein, fuzzBudget } from './fuzzy';
import {
  foldWord,
  formStemKey,
  formTokens,
  isAllUpper,
  isCyrillic,
  isSyllabic,
  MIN_SYLLABIC_MATCH,
  skeleton,
  startsUpper,
  stemCandidates,
  stemCyrillic,
  tokenize,
  type WordKeys,
  wordKeys,
} from './normalize';
import { loadTaxonomy, type PersonSpec, type PlaceEntry, type Taxonomy, type TopicSpec } from './taxonomy';
import { TokenTable } from './token-table';

export interface Tagger {
  tag(input: TagInput): TagResult;
  readonly version: string;
}

type Field = Evidence['field'];

type Payload =
  | { kind: 'place'; entry: number; form: string; caseSensitive: boolean; acronym: boolean }
  | { kind: 'person'; person: number; form: string; acronym: boolean }
  | {
      kind: 'term';
      topic: number;
      term: number;
      label: string;
      form: string;
      caseSensitive: boolean;
      acronym: boolean;
    }
  | { kind: 'forbid'; topic: number; rule: number; form: string }
  | { kind: 'stop'; form: string };

interface TrieNode {
  next: Map<string, TrieNode> | null;
  payloads: Payload[] | null;
}

/** Everything the scan needs of a word, computed once per distinct spelling. */
interface TokenKeys extends WordKeys {
  /** Trie nodes the word reaches from the root by its key and by its stem. */
  plainNode: TrieNode | null;
  stemNodes: TrieNode[] | null;
  /** Fuzzy surname hit (person index), -1 for none. */
  fuzzy: number;
}

interface FieldTokens {
  field: Field;
  text: string;
  words: TokenKeys[];
  starts: number[];
  ends: number[];
  /** Indices of words that start a trie path, and of words that look like a listed surname. */
  hits: number[];
  fuzzyHits: number[];
}

interface Match {
  field: FieldTokens;
  /** Token range [from, to). */
  from: number;
  to: number;
  payloads: Payload[];
}

interface Mention {
  signal: string;
  weight: number;
  role: 'anchor' | 'context';
  name: string;
  field: FieldTokens;
  pos: number;
  evidence: Evidence;
}

const MAX_EVIDENCE = 20;
const KEY_CACHE_LIMIT = 200_000;

function newNode(): TrieNode {
  return { next: null, payloads: null };
}

function insert(root: TrieNode, keys: readonly string[], payload: Payload): void {
  let node = root;
  for (const key of keys) {
    node.next ??= new Map();
    let child = node.next.get(key);
    if (!child) {
      child = newNode();
      node.next.set(key, child);
    }
    node = child;
  }
  node.payloads ??= [];
  node.payloads.push(payload);
}

/** Adds a taxonomy form under its plain keys and, when it has Cyrillic words, under its stems. */
/** The trie keys of one form word: many words recur across the 20,000 forms (of, republic, city). */
const wordKeyMemo = new Map<string, { folded: string; plain: string; stem: string }>();
function formWordKeys(raw: string): { folded: string; plain: string; stem: string } {
  let keys = wordKeyMemo.get(raw);
  if (!keys) {
    const folded = foldWord(raw);
    keys = { folded, plain: skeleton(folded), stem: formStemKey(folded) };
    wordKeyMemo.set(raw, keys);
  }
  return keys;
}

function formKeys(
  form: string,
): { folded: string; plain: string[]; stem: string[]; acronym: boolean } | null {
  const raws = formTokens(form);
  if (raws.length === 0) return null;
  const keys = raws.map(formWordKeys);
  return {
    folded: keys.map((k) => k.folded).join(' '),
    plain: keys.map((k) => k.plain),
    stem: keys.map((k) => k.stem),
    acronym:
      raws.length <= 2 && raws.every((r) => isAllUpper(r)) && form.replace(/[^\p{L}]/gu, '').length >= 2,
  };
}

/**
 * A form's match keys as one string (folded form, plain keys, stem keys, acronym flag), which the
 * gazetteer build stores beside each form. Keys never contain spaces or tabs.
 */
export function encodeFormKeys(form: string): string {
  const k = formKeys(form);
  return k ? `${k.folded}\t${k.plain.join(' ')}\t${k.stem.join(' ')}\t${k.acronym ? 1 : 0}` : '';
}

function insertForm(root: TrieNode, form: string, make: (folded: string, acronym: boolean) => Payload): void {
  const k = formKeys(form);
  if (!k) return;
  const payload = make(k.folded, k.acronym);
  insert(root, k.plain, payload);
  // The stem path: every word by its canonical stem, so inflected or suffixed text words meet it.
  insert(root, k.stem, payload);
}

function singleKeys(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    // Neighbour checks look at one word; a phrase names its last word ("Prime Minister" → minister).
    const raws = formTokens(w);
    const last = raws[raws.length - 1];
    if (last !== undefined && (raws.length === 1 || last.length > 3)) out.add(skeleton(foldWord(last)));
  }
  return out;
}

/** True when Cyrillic word `a` can be an inflected form of listed form `b` (Китая of Китай). */
const isHangul = (code: number) => code >= 0xac00 && code <= 0xd7a3;
/** Case particles written onto a Korean noun (은/는/이/가/을/를/의/에/에서/…). */
const KOREAN_PARTICLES = new Set(
  '은 는 이 가 을 를 의 에 에서 에게 와 과 도 로 으로 만 까지 부터 과의 와의 에서의 에는 에도 으로부터 로부터 이다'.split(
    ' ',
  ),
);

function sameCyrillicStem(a: string, b: string): boolean {
  if (!isCyrillic(a) || !isCyrillic(b)) return false;
  // The candidates begin with the word's own stem, then the one-letter reading (Китая → Китай).
  return stemCandidates(a).includes(stemCyrillic(b));
}

function scriptOf(folded: string): 'latin' | 'cyrillic' | 'other' {
  const code = folded.charCodeAt(0);
  if (code < 0x250) return 'latin';
  return code >= 0x400 && code <= 0x52f ? 'cyrillic' : 'other';
}

const identities = new WeakMap<Payload, string>();

/** A payload's identity string, made once: the hot path must not build strings per match. */
function identityOf(p: Payload): string {
  let id = identities.get(p);
  if (id === undefined) {
    id = identity(p);
    identities.set(p, id);
  }
  return id;
}

function identity(p: Payload): string {
  switch (p.kind) {
    case 'place':
      return `place:${p.entry}`;
    case 'person':
      return `person:${p.person}`;
    case 'term':
      return `term:${p.topic}:${p.term}`;
    case 'forbid':
      return `forbid:${p.topic}:${p.rule}`;
    case 'stop':
      return 'stop';
  }
}

function lower(s: string): string {
  return s.toLowerCase();
}

/** Builds a tagger from a validated taxonomy (the default one when omitted). */
export function createTagger(taxonomy: Taxonomy = loadTaxonomy()): Tagger {
  const topics: readonly TopicSpec[] = taxonomy.topics.topics;
  const entries: readonly PlaceEntry[] = taxonomy.gazetteer.entries;
  const people: readonly PersonSpec[] = taxonomy.people.people;
  const root = newNode();

  // Gazetteer forms with precomputed keys wait under their first key until a text uses that key: a
  // cold start then builds only the branches the articles need, not twenty thousand names.
  const deferred = new Map<string, { entry: number; encoded: string; stemPath: boolean }[]>();
  const defer = (key: string, item: { entry: number; encoded: string; stemPath: boolean }) => {
    const list = deferred.get(key);
    if (list) list.push(item);
    else deferred.set(key, [item]);
  };
  const placePayload = (i: number, folded: string, acronym: boolean): Payload => ({
    kind: 'place',
    entry: i,
    form: folded,
    caseSensitive: (entries[i] as PlaceEntry).caseSensitive,
    acronym,
  });
  entries.forEach((entry, i) => {
    const precomputed = entry.keys?.length === entry.forms.length ? entry.keys : undefined;
    entry.forms.forEach((form, f) => {
      const encoded = precomputed?.[f];
      if (!encoded) {
        insertForm(root, form, (folded, acronym) => placePayload(i, folded, acronym));
        return;
      }
      const [, plain = '', stem = ''] = encoded.split('\t', 3);
      defer(plain.split(' ', 1)[0] as string, { entry: i, encoded, stemPath: false });
      defer(stem.split(' ', 1)[0] as string, { entry: i, encoded, stemPath: true });
    });
  });

  /** The root's child for a first key, building any gazetteer branches still waiting under it. */
  function rootChild(key: string): TrieNode | undefined {
    const waiting = deferred.get(key);
    if (waiting) {
      deferred.delete(key);
      for (const item of waiting) {
        const [folded = '', plain = '', stem = '', acronym] = item.encoded.split('\t');
        insert(
          root,
          (item.stemPath ? stem : plain).split(' '),
          placePayload(item.entry, folded, acronym === '1'),
        );
      }
    }
    return root.next?.get(key);
  }
  people.forEach((person, i) => {
    for (const form of [...person.forms, ...person.surnames]) {
      insertForm(root, form, (folded, acronym) => ({ kind: 'person', person: i, form: folded, acronym }));
    }
  });
  topics.forEach((topic, t) => {
    topic.terms.forEach((term, i) => {
      for (const form of term.forms) {
        insertForm(root, form, (folded, acronym) => ({
          kind: 'term',
          topic: t,
          term: i,
          label: form,
          form: folded,
          caseSensitive: term.caseSensitive,
          acronym,
        }));
      }
    });
  });
  for (const phrase of taxonomy.gazetteer.stopPhrases) {
    insertForm(root, phrase, (folded) => ({ kind: 'stop', form: folded }));
  }
  topics.forEach((topic, t) => {
    topic.forbidden.forEach((rule, r) => {
      for (const form of rule.near)
        insertForm(root, form, (folded) => ({ kind: 'forbid', topic: t, rule: r, form: folded }));
    });
  });

  const placeSignals = entries.map((e) => `place:${e.id}`);
  const tagSignals = entries.map((e) => `tag:${e.id}`);
  const personSignals = people.map((p) => `person:${p.id}`);
  const termSignals = topics.map((topic) => topic.terms.map((_, i) => `term:${i}`));

  const boilerplate: BoilerplateMatcher = createBoilerplateMatcher(
    taxonomy.topics.boilerplate.linePrefixes,
    taxonomy.topics.boilerplate.maxLineLength,
  );
  const nameLike = new Set(
    taxonomy.gazetteer.nameLikeForms.map((f) => formTokens(f).map(foldWord).join(' ')),
  );
  const blockBefore = singleKeys(taxonomy.topics.demonymBlockers.before);
  const blockAfter = singleKeys(taxonomy.topics.demonymBlockers.after);
  const titleKeys = singleKeys(taxonomy.topics.personTitles);
  const firstNameKeys = people.map((p) => singleKeys(p.firstNames));
  const forbiddenApplies = topics.map((topic) =>
    topic.forbidden.map((rule) => (rule.appliesTo ? new Set(rule.appliesTo.map(lower)) : null)),
  );

  // Fuzzy candidates: skeletons of long surnames of people who opted in.
  const fuzzyNames: { person: number; key: string }[] = [];
  people.forEach((person, i) => {
    if (!person.fuzzy) return;
    const singles = [...person.surnames, ...person.forms].map(formTokens).filter((t) => t.length === 1);
    const seen = new Set<string>();
    for (const [raw] of singles) {
      const folded = foldWord(raw as string);
      if (isCyrillic(folded)) continue;
      const key = skeleton(folded);
      if (key.length >= 6 && !seen.has(key)) {
        seen.add(key);
        fuzzyNames.push({ person: i, key });
      }
    }
  });
  const fuzzyCache = new Map<string, number>();
  const fuzzyInitials = new Set(fuzzyNames.map((f) => f.key.charCodeAt(0)));

  function nodesFor(stems: readonly string[]): TrieNode[] | null {
    const out: TrieNode[] = [];
    for (const stem of stems) {
      const node = rootChild(stem);
      if (node) out.push(node);
    }
    // null rather than [] so the scan loop skips most words with one comparison.
    return out.length > 0 ? out : null;
  }

  const keyTable = new TokenTable<TokenKeys>((raw) => {
    const keys = wordKeys(raw);
    // A literal of fixed shape keeps property reads in the scan loop monomorphic.
    return {
      folded: keys.folded,
      key: keys.key,
      stems: keys.stems,
      plainNode: rootChild(keys.key) ?? null,
      stemNodes: nodesFor(keys.stems),
      fuzzy: keys.key.length >= 6 && fuzzyInitials.has(keys.key.charCodeAt(0)) ? fuzzyPerson(keys.key) : -1,
    };
  }, KEY_CACHE_LIMIT);

  function tokensOf(field: Field, text: string, skip: number[]): FieldTokens {
    const words: TokenKeys[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    // Most words lead nowhere: noting the few that do spares later passes over every word.
    const hits: number[] = [];
    const fuzzyHits: number[] = [];
    tokenize(
      text,
      (start, end, hash) => {
        const word = keyTable.getHashed(text, start, end, hash);
        if (word.plainNode !== null || word.stemNodes !== null) hits.push(words.length);
        if (word.fuzzy >= 0) fuzzyHits.push(words.length);
        words.push(word);
        starts.push(start);
        ends.push(end);
      },
      skip,
    );
    return { field, text, words, starts, ends, hits, fuzzyHits };
  }

  /** Follows the trie from `node` (reached after token at-1), collecting every match that starts at `from`. */
  function walk(node: TrieNode, tokens: FieldTokens, from: number, at: number, out: Match[]): void {
    if (node.payloads) out.push({ field: tokens, from, to: at, payloads: node.payloads });
    const next = node.next;
    const word = tokens.words[at];
    if (!next || word === undefined) return;
    const plain = next.get(word.key);
    if (plain) walk(plain, tokens, from, at + 1, out);
    for (const stem of word.stems) {
      const viaStem = next.get(stem);
      if (viaStem) walk(viaStem, tokens, from, at + 1, out);
      // Past the first word a suffixed Latin-script word may continue a name (Doğu Türkistan'da):
      // its stem, unmarked, is the listed word's key.
      if (!isCyrillic(word.folded)) {
        const viaPlain = next.get(stem.slice(1));
        if (viaPlain && viaPlain !== plain) walk(viaPlain, tokens, from, at + 1, out);
      }
    }
  }

  /** The one pass over a field: every trie match, in token order. */
  function scan(tokens: FieldTokens, out: Match[]): void {
    const words = tokens.words;
    for (const i of tokens.hits) {
      const word = words[i] as TokenKeys;
      if (word.plainNode !== null) walk(word.plainNode, tokens, i, i + 1, out);
      if (word.stemNodes !== null) for (const node of word.stemNodes) walk(node, tokens, i, i + 1, out);
    }
  }

  /** "in Russian", "Kazakh-language", "ethnic Uzbek", "Russian- and English-speaking": not the country. */
  function isLanguageOrPeople(m: Match): boolean {
    const words = m.field.words;
    const prev = words[m.from - 1]?.key;
    if (prev !== undefined && blockBefore.has(prev)) return true;
    const next = words[m.to]?.key;
    if (next !== undefined && blockAfter.has(next)) return true;
    // A suspended hyphen shares the word that follows the list.
    if (m.field.text.charCodeAt(m.field.ends[m.to - 1] as number) === 45) {
      for (let i = m.to; i < Math.min(words.length, m.to + 4); i++) {
        if (blockAfter.has((words[i] as TokenKeys).key)) return true;
      }
    }
    return false;
  }

  /** "Jordan Ellis": a name-like place followed by a capitalised word nothing else claimed. */
  function followedByName(m: Match, cover: Uint8Array): boolean {
    const next = m.to;
    if (next >= m.field.words.length || cover[next]) return false;
    const start = m.field.starts[next] as number;
    if (start - (m.field.ends[m.to - 1] as number) !== 1 || m.field.text[start - 1] !== ' ') return false;
    return startsUpper(m.field.text.slice(start, start + 1));
  }

  function surfaceOf(m: { field: FieldTokens; from: number; to: number }): string {
    return m.field.text.slice(m.field.starts[m.from], m.field.ends[m.to - 1]);
  }

  function foldedOf(m: { field: FieldTokens; from: number; to: number }): string {
    if (m.to - m.from === 1) return (m.field.words[m.from] as TokenKeys).folded;
    let out = '';
    for (let i = m.from; i < m.to; i++)
      out += i === m.from ? m.field.words[i]?.folded : ` ${m.field.words[i]?.folded}`;
    return out;
  }

  /** A Hangul match that is a whole word, or a whole word but for a case particle. */
  function koreanNounAlone(m: { field: FieldTokens; from: number; to: number }): boolean {
    const text = m.field.text;
    const start = m.field.starts[m.from] as number;
    const end = m.field.ends[m.to - 1] as number;
    if (m.to - m.from !== 2 || !isHangul(text.charCodeAt(start))) return false;
    if (start > 0 && isHangul(text.charCodeAt(start - 1))) return false;
    let after = end;
    while (after < text.length && isHangul(text.charCodeAt(after))) after++;
    return after === end || KOREAN_PARTICLES.has(text.slice(end, after));
  }

  /** Keeps the payloads whose case and length rules the written words satisfy. */
  function passes(p: Payload, m: Match, surface: string, folded: string): boolean {
    if (p.kind === 'stop' || p.kind === 'forbid') return true;
    // Two kana or Hangul syllables occur inside countless words (인도 in 인도적): too short to trust,
    // unless a Korean noun stands alone or with only a particle after it (한국의, 도쿄에서).
    if (m.to - m.from < MIN_SYLLABIC_MATCH && isSyllabic(surface.slice(0, 1)) && !koreanNounAlone(m)) {
      return false;
    }
    if (p.form !== folded) {
      // Short single words must be spelled as listed: their skeletons collide with ordinary words.
      // (A Russian case form of the listed word is fine: Китае is Китай.)
      if (m.to - m.from === 1 && folded.length <= 5 && !sameCyrillicStem(folded, p.form)) return false;
      // Across scripts only long names may meet by transliteration ("Union" is not Tajik "Юнон").
      if (folded.length < 7 && scriptOf(folded) !== scriptOf(p.form)) return false;
    }
    // Lower-case adjectives (French belge, Spanish chino) are listed in every form they take: a
    // near-spelling is another word ("finish" is not "finnish").
    if (p.kind === 'place' && !p.caseSensitive && p.form !== folded && !sameCyrillicStem(folded, p.form)) {
      return false;
    }
    if (p.acronym) return isAllUpper(surface.replace(/[^\p{L}]/gu, ''));
    const cased = p.kind === 'person' || p.caseSensitive;
    if (!cased) return true;
    const code = surface.charCodeAt(0);
    if (code >= 97 && code <= 122) return false;
    if (code >= 128) {
      const first = surface[0] as string;
      // A script without case; Georgian has capitals (Mtavruli) only for emphasis, so it counts as caseless.
      if (first.toLowerCase() === first.toUpperCase() || (code >= 0x10d0 && code <= 0x10ff)) return true;
      if (!startsUpper(surface)) return false;
    }
    // "XI" in a list of Roman numerals is not Xi Jinping.
    return !(m.to - m.from === 1 && folded.length <= 2 && isAllUpper(surface));
  }

  /** Keeps the payloads whose case and length rules the written words satisfy, one per thing named. */
  function acceptable(m: Match): Payload[] {
    const surface = surfaceOf(m);
    const folded = foldedOf(m);
    const kept: Payload[] = [];
    const ids: string[] = [];
    for (const p of m.payloads) {
      if (p.kind === 'forbid' || !passes(p, m, surface, folded)) continue;
      // Several listed spellings of one thing can share a skeleton: keep one, the exact one if any.
      const id = identityOf(p);
      const at = ids.indexOf(id);
      if (at < 0) {
        ids.push(id);
        kept.push(p);
      } else if (p.form === folded && (kept[at] as Payload).form !== folded) {
        kept[at] = p;
      }
    }
    return kept;
  }

  function evidenceOf(
    m: { field: FieldTokens; from: number; to: number },
    term: string,
    form: string,
  ): Evidence {
    return {
      surface: surfaceOf(m),
      term,
      field: m.field.field,
      offset: m.field.starts[m.from] as number,
      match: form === foldedOf(m) ? 'exact' : 'variant',
    };
  }

  function fuzzyPerson(key: string): number {
    const cached = fuzzyCache.get(key);
    if (cached !== undefined) return cached;
    let found = -1;
    for (const candidate of fuzzyNames) {
      if (candidate.key.charCodeAt(0) !== key.charCodeAt(0)) continue;
      const budget = fuzzBudget(Math.max(candidate.key.length, key.length));
      if (budget > 0 && boundedLevenshtein(candidate.key, key, budget) <= budget) {
        found = candidate.person;
        break;
      }
    }
    if (fuzzyCache.size > 50_000) fuzzyCache.clear();
    fuzzyCache.set(key, found);
    return found;
  }

  function tag(input: TagInput): TagResult {
    // Callers parse JSON from outside: anything but a string reads as no text rather than a crash.
    const title = typeof input.title === 'string' ? input.title : '';
    const text = typeof input.text === 'string' ? input.text : '';
    const fields = [tokensOf('title', title, []), tokensOf('text', text, boilerplate.ranges(text))];

    const raw: Match[] = [];
    for (const tokens of fields) scan(tokens, raw);
    const forbids: Match[] = [];
    // Leftmost-longest, non-overlapping: "New Mexico" beats "Mexico", a stop phrase beats its words.
    // Matches arrive grouped by field and start token, so one pass picks the longest of each group.
    const selected: Match[] = [];
    const covered = new Map<FieldTokens, Uint8Array>();
    for (const tokens of fields) covered.set(tokens, new Uint8Array(tokens.words.length));
    let best: Match | null = null;
    let lastField: FieldTokens | null = null;
    let lastEnd = 0;
    const commit = (m: Match | null) => {
      if (!m) return;
      if (m.field !== lastField) {
        lastField = m.field;
        lastEnd = 0;
      }
      if (m.from < lastEnd) return;
      selected.push(m);
      lastEnd = m.to;
      (covered.get(m.field) as Uint8Array).fill(1, m.from, m.to);
    };
    for (const m of raw) {
      // Forbidden context stands apart: it must neither hide nor be hidden by other matches.
      // Context words must be written as listed (or as a Russian case form): transliteration folding
      // is for names, and would let "chief" stand for "chef".
      let forbidPayloads: Payload[] | null = null;
      for (const p of m.payloads) {
        if (p.kind !== 'forbid') continue;
        const folded = foldedOf(m);
        if (p.form !== folded && !sameCyrillicStem(folded, p.form)) continue;
        if (!forbidPayloads) forbidPayloads = [];
        forbidPayloads.push(p);
      }
      if (forbidPayloads) forbids.push({ ...m, payloads: forbidPayloads });
      const payloads = acceptable(m);
      if (payloads.length === 0) continue;
      const candidate = { ...m, payloads };
      if (best && (best.field !== m.field || best.from !== m.from)) {
        commit(best);
        best = null;
      }
      if (!best || candidate.to > best.to) best = candidate;
      else if (candidate.to === best.to) {
        // The same words read two ways (a people's name and, by its stem, a country): keep both.
        const current: Match = best;
        const known = new Set<string>(current.payloads.map(identityOf));
        const added: Payload[] = payloads.filter((p) => !known.has(identityOf(p)));
        if (added.length > 0) best = { ...current, payloads: [...current.payloads, ...added] };
      }
    }
    commit(best);

    /** The forbidden rule of `topic` that cancels a mention of `name` at `pos`, if any. */
    const forbiddenAt = (topic: number, name: string, field: FieldTokens, from: number, to: number) => {
      for (const f of forbids) {
        // A title speaks for the whole article: a rule aimed at named things ("Astana" near cycling
        // words, "Georgia" near Atlanta) holds for a title mention wherever its context stands.
        const acrossFields = f.field !== field && field.field === 'title';
        if (f.field !== field && !acrossFields) continue;
        for (const p of f.payloads) {
          if (p.kind !== 'forbid' || p.topic !== topic) continue;
          const rule = topics[topic]?.forbidden[p.rule];
          if (!rule) continue;
          const applies = forbiddenApplies[topic]?.[p.rule];
          if (applies && !applies.has(lower(name))) continue;
          if (acrossFields) {
            if (applies) return rule;
            continue;
          }
          if (f.to > from - rule.window && f.from < to + rule.window && (f.to <= from || f.from >= to))
            return rule;
        }
      }
      return null;
    };

    const countryEvidence = new Map<string, Evidence[]>();
    const placeEvidence = new Map<string, { entry: PlaceEntry; evidence: Evidence[] }>();
    const personEvidence = new Map<number, Evidence[]>();
    const personAt = new Map<Evidence, { field: FieldTokens; from: number; to: number }>();
    const mentions: Mention[][] = topics.map(() => []);

    const addMention = (
      t: number,
      m: { field: FieldTokens; from: number; to: number },
      signal: string,
      name: string,
      weight: number,
      role: 'anchor' | 'context',
      evidence: Evidence,
    ) => {
      if (weight <= 0) return;
      if (forbids.length > 0 && forbiddenAt(t, name, m.field, m.from, m.to)) return;
      mentions[t]?.push({ signal, weight, role, name, field: m.field, pos: m.from, evidence });
    };

    for (const m of selected) {
      for (const p of m.payloads) {
        if (p.kind === 'place') {
          const entry = entries[p.entry] as PlaceEntry;
          if (entry.kind === 'demonym' && isLanguageOrPeople(m)) continue;
          if (
            m.to - m.from === 1 &&
            nameLike.has(p.form) &&
            followedByName(m, covered.get(m.field) as Uint8Array)
          ) {
            continue;
          }
          let suppressed = false;
          for (let t = 0; t < topics.length && forbids.length > 0; t++) {
            if (forbiddenAt(t, entry.name, m.field, m.from, m.to)?.suppressCountry) suppressed = true;
          }
          if (suppressed) continue;
          const evidence = evidenceOf(m, entry.name, p.form);
          const list = countryEvidence.get(entry.country) ?? [];
          list.push(evidence);
          countryEvidence.set(entry.country, list);
          if (entry.kind !== 'country' && entry.kind !== 'demonym') {
            const place = placeEvidence.get(entry.id) ?? { entry, evidence: [] };
            place.evidence.push(evidence);
            placeEvidence.set(entry.id, place);
          }
          topics.forEach((topic, t) => {
            const byCountry = (topic.countries[entry.country] ?? 0) * topic.placeKindWeights[entry.kind];
            if (byCountry > 0)
              addMention(t, m, placeSignals[p.entry] as string, entry.name, byCountry, 'anchor', evidence);
            for (const tagName of entry.tags) {
              const w = topic.placeTags[tagName];
              if (w) addMention(t, m, tagSignals[p.entry] as string, entry.name, w, 'anchor', evidence);
            }
          });
        } else if (p.kind === 'person') {
          const person = people[p.person] as PersonSpec;
          const evidence = evidenceOf(m, person.name, p.form);
          personAt.set(evidence, m);
          const list = personEvidence.get(p.person) ?? [];
          list.push(evidence);
          personEvidence.set(p.person, list);
        } else if (p.kind === 'term') {
          const topic = topics[p.topic] as TopicSpec;
          const term = topic.terms[p.term];
          if (!term) continue;
          // Forbidden rules name a term by its first form; evidence shows the listed form that matched.
          const name = term.forms[0] as string;
          addMention(
            p.topic,
            m,
            termSignals[p.topic]?.[p.term] as string,
            name,
            term.weight,
            term.role,
            evidenceOf(m, p.label, p.form),
          );
        }
      }
    }

    // Fuzzy surnames: long capitalised words no listed form claimed, confirmed by their context.
    const countriesFound = new Set(countryEvidence.keys());
    for (const tokens of fields) {
      const cover = covered.get(tokens) as Uint8Array;
      const words = tokens.words;
      for (const i of tokens.fuzzyHits) {
        const found = (words[i] as TokenKeys).fuzzy;
        if (cover[i]) continue;
        const start = tokens.starts[i] as number;
        if (!startsUpper(tokens.text.slice(start, start + 1))) continue;
        const person = people[found] as PersonSpec;
        const prev = words[i - 1]?.key;
        const corroborated =
          (prev !== undefined && (titleKeys.has(prev) || firstNameKeys[found]?.has(prev))) ||
          (person.country !== null && countriesFound.has(person.country));
        if (!corroborated) continue;
        const m = { field: tokens, from: i, to: i + 1 };
        const evidence: Evidence = { ...evidenceOf(m, person.name, ''), match: 'fuzzy' };
        personAt.set(evidence, m);
        const list = personEvidence.get(found) ?? [];
        list.push(evidence);
        personEvidence.set(found, list);
      }
    }

    for (const [index, evidence] of personEvidence) {
      const person = people[index] as PersonSpec;
      topics.forEach((topic, t) => {
        const w = person.topics[topic.id];
        if (!w) return;
        for (const e of evidence) {
          const at = personAt.get(e);
          if (at) addMention(t, at, personSignals[index] as string, person.name, w, 'anchor', e);
        }
      });
    }

    const bodyTokens = fields[1]?.words.length ?? 0;
    const norm = taxonomy.topics.lengthNormalisation;
    const passing = taxonomy.topics.passingMention;
    const short = taxonomy.topics.shortItem;
    const allTokens = (fields[0]?.words.length ?? 0) + bodyTokens;
    const shortFactor = Math.min(1, Math.max(short.minFactor, allTokens / short.fullTokens));
    const lengthFactor = Math.min(norm.max, 1 + Math.max(0, bodyTokens - norm.fromTokens) / norm.perTokens);

    const scores: Record<string, number> = {};
    const topicTags: TopicTag[] = [];
    const assigned: string[] = [];
    topics.forEach((topic, t) => {
      const list = mentions[t] ?? [];
      const anchors = list.filter((x) => x.role === 'anchor');
      if (list.length === 0) return;
      const titleAnchor = anchors.some((x) => x.field.field === 'title');
      // Context counts near an anchor; the title is short and about the whole article, so there
      // any anchor anywhere will do (and an anchor in the title vouches for all context).
      const counted = list.filter(
        (x) =>
          x.role === 'anchor' ||
          titleAnchor ||
          (x.field.field === 'title' && anchors.length > 0) ||
          anchors.some((a) => a.field === x.field && Math.abs(a.pos - x.pos) <= topic.proximity),
      );
      const bySignal = new Map<string, { weight: number; body: number; title: number }>();
      for (const x of counted) {
        const s = bySignal.get(x.signal) ?? { weight: x.weight, body: 0, title: 0 };
        if (x.field.field === 'title') s.title++;
        else s.body++;
        bySignal.set(x.signal, s);
      }
      let raw = 0;
      for (const s of bySignal.values()) {
        // Repeats add, with diminishing returns: 1, 1.5, 2, … capped at 3 times the weight.
        if (s.body > 0) raw += s.weight * Math.min(3, 1 + 0.5 * (s.body - 1));
        if (s.title > 0) raw += s.weight * topic.titleWeight;
      }
      if (!titleAnchor && bodyTokens >= passing.minBodyTokens && anchors.length > 0) {
        let first = Number.POSITIVE_INFINITY;
        let last = Number.NEGATIVE_INFINITY;
        for (const a of anchors) {
          first = Math.min(first, a.pos);
          last = Math.max(last, a.pos);
        }
        if (last - first <= passing.windowTokens) raw *= passing.factor;
      }
      const score = Math.round((raw / lengthFactor / shortFactor) * 100) / 100;
      scores[topic.id] = score;
      if (score >= topic.threshold && anchors.length > 0) {
        assigned.push(topic.id);
        topicTags.push({
          id: topic.id,
          score,
          evidence: counted.slice(0, MAX_EVIDENCE).map((x) => x.evidence),
        });
      }
    });

    const countryTags: CountryTag[] = [...countryEvidence.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, evidence]) => ({ code, evidence: evidence.slice(0, MAX_EVIDENCE) }));
    const personTags: PersonTag[] = [...personEvidence.entries()]
      .map(([index, evidence]) => {
        const person = people[index] as PersonSpec;
        return {
          id: person.id,
          name: person.name,
          country: person.country,
          evidence: evidence.slice(0, MAX_EVIDENCE),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    const placeTags: PlaceTag[] = [...placeEvidence.values()]
      .map(({ entry, evidence }) => ({
        name: entry.name,
        country: entry.country,
        evidence: evidence.slice(0, MAX_EVIDENCE),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));

    return {
      topics: assigned,
      countries: countryTags.map((c) => c.code),
      people: personTags.map((p) => p.name),
      places: placeTags.map((p) => p.name),
      scores,
      topicTags,
      countryTags,
      personTags,
      placeTags,
      taxonomyVersion: taxonomy.version,
    };
  }

  return { tag, version: taxonomy.version };
}
