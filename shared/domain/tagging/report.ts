/**
 * A human-readable account of one tagging result, for the CLI and for operators checking why an
 * article got (or missed) a tag.
 */
import type { Evidence, TagResult } from '../types';

const EVIDENCE_LINES = 5;

function quote(e: Evidence): string {
  return `"${e.surface}" (${e.field}@${e.offset}, ${e.match}${e.surface === e.term ? '' : ` → ${e.term}`})`;
}

function evidenceLines(evidence: readonly Evidence[], indent: string): string[] {
  const lines = evidence.slice(0, EVIDENCE_LINES).map((e) => `${indent}${quote(e)}`);
  if (evidence.length > EVIDENCE_LINES) lines.push(`${indent}… and ${evidence.length - EVIDENCE_LINES} more`);
  return lines;
}

/** Topics with scores, then countries, people and places, each with the words that produced it. */
export function renderTagReport(result: TagResult): string {
  const lines: string[] = [];
  const scored = Object.entries(result.scores).sort(([, a], [, b]) => b - a);
  lines.push(`Topics: ${result.topics.length > 0 ? result.topics.join(', ') : '(none)'}`);
  for (const [id, score] of scored) {
    const tag = result.topicTags.find((t) => t.id === id);
    lines.push(`  ${tag ? '✓' : '·'} ${id}  score ${score.toFixed(2)}${tag ? '' : '  (under threshold)'}`);
    if (tag) lines.push(...evidenceLines(tag.evidence, '      '));
  }
  lines.push(`Countries: ${result.countries.length > 0 ? result.countries.join(', ') : '(none)'}`);
  for (const c of result.countryTags) {
    lines.push(`  ${c.code} ×${c.evidence.length}`);
    lines.push(...evidenceLines(c.evidence, '      '));
  }
  lines.push(`People: ${result.people.length > 0 ? result.people.join(', ') : '(none)'}`);
  for (const p of result.personTags) {
    lines.push(`  ${p.name}${p.country ? ` (${p.country})` : ''} ×${p.evidence.length}`);
    lines.push(...evidenceLines(p.evidence, '      '));
  }
  lines.push(`Places: ${result.places.length > 0 ? result.places.join(', ') : '(none)'}`);
  for (const p of result.placeTags) {
    lines.push(`  ${p.name} (${p.country}) ×${p.evidence.length}`);
  }
  lines.push(`Taxonomy: ${result.taxonomyVersion}`);
  return lines.join('\n');
}
