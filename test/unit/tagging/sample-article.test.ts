import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTagger, renderTagReport } from '../../../shared/domain/tagging/index';

// The sample sits beside the repository (../shared/samples), not inside it: resolve from the repo root.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const samplePath = join(repoRoot, '..', 'shared', 'samples', 'wire-story-central-asia.txt');

function readSample(): string {
  if (!existsSync(samplePath)) {
    throw new Error(
      `Sample article not found at ${samplePath}: it is expected at ../shared/samples/ beside the repo`,
    );
  }
  return readFileSync(samplePath, 'utf8');
}

describe('the sample wire story (US envoy in Central Asia, Xinjiang camps)', () => {
  const text = readSample();
  const tagger = createTagger();
  const result = tagger.tag({ id: 'sample', text });

  it('is tagged central-asia and xinjiang', () => {
    expect(result.topics).toEqual(expect.arrayContaining(['central-asia', 'xinjiang']));
  });

  it.each(['KZ', 'UZ', 'CN', 'US', 'UA', 'BY', 'RU'])('lists country %s', (code) => {
    expect(result.countries).toContain(code);
  });

  it('does not list Japan, which only a READ ALSO line mentions', () => {
    expect(result.countries).not.toContain('JP');
  });

  it.each(['Mirziyoyev', 'Tokayev', 'Nazarbayev', 'Karimov', 'Pompeo'])(
    'names %s among the people',
    (surname) => {
      expect(result.people.some((name) => name.includes(surname))).toBe(true);
    },
  );

  it('recognises both mangled spellings of the Uzbek president', () => {
    const person = result.personTags.find((p) => p.id === 'shavkat-mirziyoyev');
    const surfaces = person?.evidence.map((e) => e.surface) ?? [];
    expect(surfaces).toEqual(expect.arrayContaining(['Chavkat Mirzioyev', 'Chavkat Mirziïïev']));
  });

  it('gives evidence whose offset points at the words in the original text', () => {
    const all = [
      ...result.topicTags.flatMap((t) => t.evidence),
      ...result.countryTags.flatMap((c) => c.evidence),
      ...result.personTags.flatMap((p) => p.evidence),
    ];
    expect(all.length).toBeGreaterThan(20);
    for (const e of all) {
      expect(text.slice(e.offset, e.offset + e.surface.length)).toBe(e.surface);
      expect(['exact', 'variant', 'fuzzy']).toContain(e.match);
    }
  });

  it('carries the taxonomy version', () => {
    expect(result.taxonomyVersion).toBe(tagger.version);
    expect(result.taxonomyVersion).toMatch(/topics@.+gazetteer@.+people@/);
  });

  it('renders a report with topics, countries, people and evidence', () => {
    const report = renderTagReport(result);
    expect(report).toContain('Topics: central-asia, xinjiang');
    expect(report).toMatch(/Countries: .*KZ/);
    expect(report).toContain('Shavkat Mirziyoyev (UZ)');
    expect(report).toContain('"Chavkat Mirzioyev" (text@');
  });
});
