/**
 * Loading and validating the taxonomy data. The files are static imports (bundled with the code),
 * so there is no I/O here; validation runs once and its result is cached.
 */
import type { z } from 'zod';
import gazetteerJson from '../../taxonomy/gazetteer.json';
import peopleJson from '../../taxonomy/people.json';
import {
  gazetteerFileSchema,
  peopleFileSchema,
  type Taxonomy,
  topicsFileSchema,
} from '../../taxonomy/schema';
import topicsJson from '../../taxonomy/topics.json';
import { formTokens } from './normalize';

export type {
  ForbiddenRule,
  GazetteerFile,
  PeopleFile,
  PersonSpec,
  PlaceEntry,
  Taxonomy,
  TopicSpec,
  TopicsFile,
} from '../../taxonomy/schema';

/** Bad taxonomy data: the message names the file, the path inside it and what is wrong. */
export class TaxonomyError extends Error {
  override readonly name = 'TaxonomyError';
  constructor(
    message: string,
    readonly file: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out.length === 0 ? String(part) : `.${String(part)}`;
  }
  return out.length === 0 ? '(root)' : out;
}

function parseFile<S extends z.ZodType>(schema: S, data: unknown, file: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue ? formatPath(issue.path) : '(root)';
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problems)` : '';
  throw new TaxonomyError(`${file}: ${path}: ${issue?.message ?? 'invalid'}${more}`, file, path, {
    cause: result.error,
  });
}

function fail(file: string, path: string, message: string): never {
  throw new TaxonomyError(`${file}: ${path}: ${message}`, file, path);
}

function checkForms(file: string, path: string, forms: readonly string[]): void {
  forms.forEach((form, i) => {
    if (formTokens(form).length === 0)
      fail(file, `${path}[${i}]`, `"${form}" has no letters or digits to match`);
  });
}

export interface TaxonomySources {
  topics: unknown;
  gazetteer: unknown;
  people: unknown;
}

/** Validates raw taxonomy data (as parsed JSON); throws TaxonomyError on the first problem found. */
export function parseTaxonomy(sources: TaxonomySources): Taxonomy {
  const topics = parseFile(topicsFileSchema, sources.topics, 'topics.json');
  const gazetteer = parseFile(gazetteerFileSchema, sources.gazetteer, 'gazetteer.json');
  const people = parseFile(peopleFileSchema, sources.people, 'people.json');

  const topicIds = new Set<string>();
  topics.topics.forEach((topic, t) => {
    if (topicIds.has(topic.id)) fail('topics.json', `topics[${t}].id`, `duplicate topic id "${topic.id}"`);
    topicIds.add(topic.id);
    topic.terms.forEach((term, i) => {
      checkForms('topics.json', `topics[${t}].terms[${i}].forms`, term.forms);
    });
    topic.forbidden.forEach((rule, i) => {
      checkForms('topics.json', `topics[${t}].forbidden[${i}].near`, rule.near);
    });
  });
  const entryIds = new Set<string>();
  gazetteer.entries.forEach((entry, i) => {
    if (entryIds.has(entry.id))
      fail('gazetteer.json', `entries[${i}].id`, `duplicate entry id "${entry.id}"`);
    entryIds.add(entry.id);
    // Precomputed keys already say whether a form has anything to match (an empty key means not).
    if (entry.keys?.length === entry.forms.length) {
      const empty = entry.keys.indexOf('');
      if (empty >= 0) {
        fail(
          'gazetteer.json',
          `entries[${i}].forms[${empty}]`,
          `"${entry.forms[empty]}" has no letters or digits to match`,
        );
      }
    } else {
      checkForms('gazetteer.json', `entries[${i}].forms`, entry.forms);
    }
  });
  const personIds = new Set<string>();
  people.people.forEach((person, i) => {
    if (personIds.has(person.id))
      fail('people.json', `people[${i}].id`, `duplicate person id "${person.id}"`);
    personIds.add(person.id);
    checkForms('people.json', `people[${i}].forms`, person.forms);
    for (const topic of Object.keys(person.topics)) {
      if (!topicIds.has(topic))
        fail('people.json', `people[${i}].topics.${topic}`, `unknown topic "${topic}"`);
    }
  });

  return {
    version: `topics@${topics.version}+gazetteer@${gazetteer.version}+people@${people.version}`,
    topics,
    gazetteer,
    people,
  };
}

let cached: Taxonomy | undefined;

/** The validated default taxonomy shipped with the code (validated once, then cached). */
export function loadTaxonomy(): Taxonomy {
  cached ??= parseTaxonomy({ topics: topicsJson, gazetteer: gazetteerJson, people: peopleJson });
  return cached;
}
