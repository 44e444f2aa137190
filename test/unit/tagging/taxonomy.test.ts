import { describe, expect, it } from 'vitest';
import {
  createTagger,
  loadTaxonomy,
  parseTaxonomy,
  TaxonomyError,
} from '../../../shared/domain/tagging/index';
import { encodeFormKeys } from '../../../shared/domain/tagging/tagger';
import gazetteer from '../../../shared/taxonomy/gazetteer.json';
import people from '../../../shared/taxonomy/people.json';
import topics from '../../../shared/taxonomy/topics.json';

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Sets a value deep inside parsed JSON (test data only). */
function setAt(root: unknown, path: readonly (string | number)[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
}

function errorOf(fn: () => unknown): TaxonomyError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TaxonomyError) return error;
    throw error;
  }
  throw new Error('expected a TaxonomyError');
}

describe('taxonomy loading', () => {
  it('loads and caches the shipped taxonomy', () => {
    const taxonomy = loadTaxonomy();
    expect(loadTaxonomy()).toBe(taxonomy);
    expect(taxonomy.topics.topics.map((t) => t.id)).toEqual(['central-asia', 'xinjiang']);
    expect(taxonomy.gazetteer.entries.length).toBeGreaterThan(500);
  });

  it.each([
    [
      'a weight that is not a number',
      'topics',
      ['topics', 0, 'terms', 1, 'weight'],
      'heavy',
      /^topics\.json: topics\[0\]\.terms\[1\]\.weight: /,
    ],
    [
      'a country code that is not ISO alpha-2',
      'gazetteer',
      ['entries', 3, 'country'],
      'Kazakhstan',
      /^gazetteer\.json: entries\[3\]\.country: an ISO 3166-1 alpha-2 code/,
    ],
    [
      'a person tied to an unknown topic',
      'people',
      ['people', 0, 'topics'],
      { 'central-asai': 2 },
      /^people\.json: people\[0\]\.topics\.central-asai: unknown topic/,
    ],
    [
      'a duplicate topic id',
      'topics',
      ['topics', 1, 'id'],
      'central-asia',
      /^topics\.json: topics\[1\]\.id: duplicate topic id "central-asia"/,
    ],
    [
      'a form with nothing to match',
      'topics',
      ['topics', 1, 'terms', 0, 'forms', 0],
      '—',
      /^topics\.json: topics\[1\]\.terms\[0\]\.forms\[0\]: "—" has no letters/,
    ],
  ] as const)('rejects %s, naming the file and the path', (_what, file, path, value, message) => {
    const sources = { topics: clone(topics), gazetteer: clone(gazetteer), people: clone(people) };
    setAt(sources[file], path, value);
    const error = errorOf(() => parseTaxonomy(sources));
    expect(error.message).toMatch(message);
    expect(error.file).toBe(`${file}.json`);
  });

  it('lets an operator add a topic by editing data only', () => {
    const withTopic = clone(topics) as { topics: unknown[] };
    withTopic.topics.push({
      id: 'caspian-energy',
      name: 'Caspian energy',
      threshold: 5,
      terms: [
        { forms: ['Caspian', 'Каспий'], weight: 3 },
        { forms: ['pipeline', 'oil field'], weight: 2, role: 'context' },
      ],
      countries: { AZ: 1, TM: 1 },
    });
    const tagger = createTagger(parseTaxonomy({ topics: withTopic, gazetteer, people }));
    const result = tagger.tag({
      title: 'Caspian pipeline talks',
      text: 'Turkmenistan and Azerbaijan discussed a Caspian pipeline.',
    });
    expect(result.topics).toContain('caspian-energy');
    expect(result.topicTags.find((t) => t.id === 'caspian-energy')?.evidence.length).toBeGreaterThan(2);
  });
});

describe('the generated gazetteer', () => {
  it('carries match keys that agree with the current normaliser (else run scripts/build-gazetteer.ts)', () => {
    const stale: string[] = [];
    for (const entry of gazetteer.entries as { id: string; forms: string[]; keys?: string[] }[]) {
      entry.forms.forEach((form, i) => {
        if (entry.keys?.[i] !== encodeFormKeys(form)) stale.push(`${entry.id}: ${form}`);
      });
    }
    expect(stale.slice(0, 10)).toEqual([]);
  });
});
