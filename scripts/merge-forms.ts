/**
 * Folds a file of extra spellings into the curated taxonomy sources, once, so that each name keeps a
 * single home: countries, capitals, demonyms and places go to gazetteer-overrides.json, people to
 * people.json, topic terms to topics.json. Run `npx tsx scripts/merge-forms.ts FILE`, then rebuild
 * the gazetteer (scripts/build-gazetteer.ts). Shapes understood (all sections optional):
 *   { countries: {CC: [forms]}, capitals: {CC: [forms]}, places: {name: [forms]},
 *     demonyms: {CC: [forms] | {forms, lowercase}}, people: {id: [forms]},
 *     terms: {topic: {firstForm: [forms]}} }
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'shared', 'taxonomy');
const file = process.argv[2];
if (!file) throw new Error('usage: npx tsx scripts/merge-forms.ts FILE');
const extra = JSON.parse(readFileSync(file, 'utf8'));

// The taxonomy files are free-form JSON here; their schema checks them when the tagger loads.
// biome-ignore lint/suspicious/noExplicitAny: see above.
type Json = Record<string, any>;
const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Json;
const write = (name: string, data: Json) =>
  writeFileSync(join(dir, name), `${JSON.stringify(data, null, 1)}\n`);
const addAll = (target: string[], forms: unknown): number => {
  let added = 0;
  for (const f of Array.isArray(forms) ? forms : []) {
    if (typeof f !== 'string' || f.trim() === '' || target.includes(f)) continue;
    target.push(f);
    added++;
  }
  return added;
};
/** Cased scripts write demonyms with a capital in English, German nouns aside; lower case elsewhere. */
const isCapitalised = (f: string) => f[0] !== undefined && f[0] !== f[0].toLowerCase();

const overrides = read('gazetteer-overrides.json');
const people = read('people.json');
const topics = read('topics.json');
const counts: Record<string, number> = {};
const count = (k: string, n: number) => {
  counts[k] = (counts[k] ?? 0) + n;
};

for (const [code, forms] of Object.entries<unknown>(extra.countries ?? {})) {
  overrides.countryForms[code] ??= [];
  count('countries', addAll(overrides.countryForms[code], forms));
}
for (const [code, forms] of Object.entries<unknown>(extra.capitals ?? {})) {
  const list = forms as string[];
  if (!Array.isArray(list) || list.length === 0) continue;
  overrides.capitals[code] ??= { name: list[0], forms: [] };
  count('capitals', addAll(overrides.capitals[code].forms, list));
}
for (const [code, value] of Object.entries<Json>(extra.demonyms ?? {})) {
  overrides.demonyms[code] ??= { forms: [], lowercase: [] };
  const target = overrides.demonyms[code];
  const forms: string[] = Array.isArray(value) ? value : [...(value.forms ?? []), ...(value.lowercase ?? [])];
  count('demonyms', addAll(target.forms, forms.filter(isCapitalised)));
  count(
    'demonyms',
    addAll(
      target.lowercase,
      forms.filter((f) => !isCapitalised(f)).map((f) => f.toLowerCase()),
    ),
  );
}
const places = new Map<string, Json>(overrides.places.map((p: Json) => [p.name, p]));
const capitalsByName = new Map<string, Json>(Object.values<Json>(overrides.capitals).map((c) => [c.name, c]));
for (const [name, forms] of Object.entries<unknown>(extra.places ?? {})) {
  const target = places.get(name) ?? capitalsByName.get(name);
  if (!target) {
    console.warn(`no place or capital named ${name}: skipped`);
    continue;
  }
  count('places', addAll(target.forms, forms));
}
const byId = new Map<string, Json>(people.people.map((p: Json) => [p.id, p]));
for (const [id, forms] of Object.entries<unknown>(extra.people ?? {})) {
  const person = byId.get(id);
  if (!person) {
    console.warn(`no person ${id}: skipped`);
    continue;
  }
  count('people', addAll(person.forms, forms));
}
for (const [topicId, terms] of Object.entries<Json>(extra.terms ?? {})) {
  const topic = topics.topics.find((t: Json) => t.id === topicId);
  if (!topic) continue;
  for (const [first, forms] of Object.entries<unknown>(terms)) {
    const term = topic.terms.find((t: Json) => t.forms[0] === first);
    if (!term) {
      console.warn(`no term "${first}" in ${topicId}: skipped`);
      continue;
    }
    count('terms', addAll(term.forms, forms));
  }
}
write('gazetteer-overrides.json', overrides);
write('people.json', people);
write('topics.json', topics);
console.log('forms added:', counts);
