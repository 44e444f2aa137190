/**
 * The newsalert tagger: topics, countries, people and places of an article, each with evidence.
 * Pure: the taxonomy is bundled data, validated once at load.
 */
export { renderTagReport } from './report';
export { createTagger, type Tagger } from './tagger';
export { loadTaxonomy, parseTaxonomy, type Taxonomy, TaxonomyError, type TaxonomySources } from './taxonomy';
