/**
 * Shape of the taxonomy data files. Validated once at load; a bad file fails with the file name and
 * the path of the bad value, so an operator editing JSON sees what to fix.
 */
import { z } from 'zod';

const iso2 = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code in capitals, e.g. "KZ"');
const form = z.string().trim().min(1, 'a non-empty name or term');
const forms = z.array(form).min(1, 'at least one form');
const weight = z.number().positive('a weight above 0').max(100);

export const topicTermSchema = z.strictObject({
  forms,
  weight,
  /** Anchors alone can carry a topic; context terms only count near an anchor. */
  role: z.enum(['anchor', 'context']).default('anchor'),
  /** Match only when written with a capital (for terms that are also common words). */
  caseSensitive: z.boolean().default(false),
});

export const forbiddenRuleSchema = z.strictObject({
  /** Why the rule exists, shown to whoever edits it next. */
  reason: z.string().min(1),
  near: forms,
  /** Tokens either side of a mention within which a `near` term cancels it; up to 1000 covers a whole article. */
  window: z.number().int().min(1).max(1000),
  /** Canonical names (place, person, demonym, term's first form) the rule applies to; all when absent. */
  appliesTo: z.array(form).optional(),
  /** The cancelled mention does not name a country either (Astana the cycling team). */
  suppressCountry: z.boolean().default(false),
});

const placeKindWeights = z.strictObject({
  country: z.number().min(0),
  capital: z.number().min(0),
  city: z.number().min(0),
  region: z.number().min(0),
  demonym: z.number().min(0),
});

export const topicSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case id such as "central-asia"'),
  name: z.string().min(1),
  description: z.string().optional(),
  /** Score (after the length adjustment) at or over which the topic is assigned. */
  threshold: weight,
  /** Tokens within which a context term must sit near an anchor. */
  proximity: z.number().int().min(1).max(2000).default(80),
  /** A mention in the title counts this many times a body mention. */
  titleWeight: z.number().min(1).max(10).default(2),
  terms: z.array(topicTermSchema).default([]),
  /** Mentions of places in these countries count as anchors, weighted by kind. */
  countries: z.record(iso2, z.number().min(0).max(10)).default({}),
  placeKindWeights: placeKindWeights.default({
    country: 3,
    capital: 2.5,
    city: 2.5,
    region: 2.5,
    demonym: 2,
  }),
  /** Gazetteer entries carrying one of these tags count as anchors with the given weight. */
  placeTags: z.record(z.string(), weight).default({}),
  forbidden: z.array(forbiddenRuleSchema).default([]),
});

export const topicsFileSchema = z.strictObject({
  version: z.string().min(1),
  topics: z.array(topicSchema).min(1),
  /** Long articles need more evidence: score / min(max, 1 + max(0, tokens - fromTokens) / perTokens). */
  lengthNormalisation: z
    .strictObject({
      fromTokens: z.number().int().min(0),
      perTokens: z.number().int().min(1),
      max: z.number().min(1),
    })
    .default({ fromTokens: 600, perTokens: 1500, max: 2.5 }),
  /**
   * A passing mention: every anchor of a topic sits in one short stretch of a long body and none in
   * the title. Such a score is multiplied by `factor` (an article about something else that names
   * the region once stays under the threshold).
   */
  passingMention: z
    .strictObject({
      windowTokens: z.number().int().min(1),
      minBodyTokens: z.number().int().min(1),
      factor: z.number().min(0).max(1),
    })
    .default({ windowTokens: 30, minBodyTokens: 120, factor: 0.65 }),
  /**
   * A short feed item (a headline and a line) names its subject once: under `fullTokens` tokens in
   * all, its score is divided by tokens/fullTokens (never by less than `minFactor`), so one strong
   * mention can carry it.
   */
  shortItem: z
    .strictObject({ fullTokens: z.number().int().min(1), minFactor: z.number().min(0.1).max(1) })
    .default({ fullTokens: 60, minFactor: 0.5 }),
  boilerplate: z.strictObject({
    /** A line starting with one of these (case and punctuation ignored) is site furniture. */
    linePrefixes: forms,
    maxLineLength: z.number().int().min(10).default(300),
  }),
  demonymBlockers: z.strictObject({
    /** Words right before a demonym that make it a language or a people ("in Russian", "ethnic Uzbek"). */
    before: z.array(form),
    after: z.array(form),
  }),
  /** Titles that corroborate a fuzzy surname ("President Mirziyayev"). */
  personTitles: z.array(form),
});

export const placeKindSchema = z.enum(['country', 'capital', 'city', 'region', 'demonym']);

export const placeEntrySchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: placeKindSchema,
  country: iso2,
  forms,
  caseSensitive: z.boolean().default(true),
  tags: z.array(z.string().min(1)).default([]),
  /**
   * Written by scripts/build-gazetteer.ts: each form's match keys, precomputed so that a cold start
   * does not fold twenty thousand names. Absent or out of step with `forms`, they are computed at load.
   */
  keys: z.array(z.string()).optional(),
});

export const gazetteerFileSchema = z.strictObject({
  version: z.string().min(1),
  generatedBy: z.string().optional(),
  notes: z.array(z.string()).default([]),
  entries: z.array(placeEntrySchema).min(1),
  /** Phrases that look like places but are not (Stan Lee, Astana Qazaqstan Team): matched and dropped. */
  stopPhrases: z.array(form).default([]),
  /** Place names that are also given names: followed by a capitalised word they read as a person (Jordan Ellis). */
  nameLikeForms: z.array(form).default([]),
});

export const personSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case id'),
  name: z.string().min(1),
  country: iso2.nullable(),
  role: z.string().optional(),
  /** Full names in any script. */
  forms,
  /** Surnames distinctive enough to name the person alone. */
  surnames: z.array(form).default([]),
  firstNames: z.array(form).default([]),
  /** Let unseen spellings of the surnames match (with corroborating context). */
  fuzzy: z.boolean().default(false),
  topics: z.record(z.string(), weight).default({}),
});

export const peopleFileSchema = z.strictObject({
  version: z.string().min(1),
  people: z.array(personSchema).min(1),
});

export type TopicsFile = z.infer<typeof topicsFileSchema>;
export type TopicSpec = z.infer<typeof topicSchema>;
export type TopicTerm = z.infer<typeof topicTermSchema>;
export type ForbiddenRule = z.infer<typeof forbiddenRuleSchema>;
export type GazetteerFile = z.infer<typeof gazetteerFileSchema>;
export type PlaceEntry = z.infer<typeof placeEntrySchema>;
export type PlaceKind = z.infer<typeof placeKindSchema>;
export type PeopleFile = z.infer<typeof peopleFileSchema>;
export type PersonSpec = z.infer<typeof personSchema>;

/** The validated taxonomy the tagger is built from. */
export interface Taxonomy {
  /** Combined version of the three files, carried by every result. */
  version: string;
  topics: TopicsFile;
  gazetteer: GazetteerFile;
  people: PeopleFile;
}
