/**
 * Seeds shared/taxonomy/gazetteer.json from the installed dev packages (i18n-iso-countries for
 * country names in many languages, countries-list for capitals) merged with the hand-curated
 * shared/taxonomy/gazetteer-overrides.json. The output is committed, so nothing here runs in
 * production. Run: npx tsx scripts/build-gazetteer.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countries as countryList } from 'countries-list';
import isoCountries from 'i18n-iso-countries';
import { foldWord, formTokens } from '../shared/domain/tagging/normalize';
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

function uniqueForms(forms: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of forms) {
    const k = key(f);
    if (k.length === 0 || seen.has(`${k}|${f === f.toUpperCase()}`)) continue;
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

const gazetteer = gazetteerFileSchema.parse({
  version: overrides.version,
  generatedBy: 'scripts/build-gazetteer.ts (i18n-iso-countries, countries-list, gazetteer-overrides.json)',
  notes: overrides.notes,
  entries,
  stopPhrases: overrides.stopPhrases,
  nameLikeForms: overrides.nameLikeForms,
});

const out = join(taxonomyDir, 'gazetteer.json');
writeFileSync(out, `${JSON.stringify(gazetteer, null, 1)}\n`);
console.log(
  `wrote ${out}: ${entries.length} entries, ${entries.reduce((n, e) => n + e.forms.length, 0)} forms`,
);
