/**
 * Tagging quality on the labelled sets: precision, recall and F1 per topic, micro-F1 for countries,
 * and (with --misses) every item that disagrees. `npx tsx scripts/tagger-quality.ts [--misses] [files…]`
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createTagger } from '../shared/domain/tagging';
import { evaluate, parseJsonLines } from '../test/unit/tagging/evaluate';

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const files = args.filter((a) => !a.startsWith('--'));
const dir = join(import.meta.dirname, '..', 'test', 'fixtures', 'tagging');
const sets =
  files.length > 0
    ? files
    : ['dev.jsonl', 'holdout.jsonl', 'field.jsonl', 'probe.jsonl'].map((f) => join(dir, f));

const tagger = createTagger();
const pct = (n: number) => n.toFixed(3);
console.log('set               items  central-asia P/R/F1   xinjiang P/R/F1       countries P/R/F1');
for (const file of sets) {
  let items: ReturnType<typeof parseJsonLines>;
  try {
    items = parseJsonLines(readFileSync(file, 'utf8'));
  } catch {
    continue;
  }
  const q = evaluate(tagger, items, ['central-asia', 'xinjiang']);
  const t = (id: string) => {
    const x = q.topics[id];
    return x ? `${pct(x.precision)}/${pct(x.recall)}/${pct(x.f1)}` : '-';
  };
  console.log(
    `${basename(file).padEnd(17)} ${String(items.length).padStart(5)}  ${t('central-asia').padEnd(21)} ${t('xinjiang').padEnd(21)} ${pct(q.countries.precision)}/${pct(q.countries.recall)}/${pct(q.countries.f1)}`,
  );
  if (showMisses) {
    for (const m of q.misses)
      console.log(`   ${m.id} ${m.kind} -[${m.missing}] +[${m.extra}] (${m.case ?? ''})`);
  }
}
