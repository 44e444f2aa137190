/**
 * Quality measurement on a labelled JSON-lines set: precision and recall per topic, micro-F1 for
 * countries, and the items that disagree (so a person can see why).
 */
import type { Tagger } from '../../../shared/domain/tagging/index';

export interface LabelledItem {
  id: string;
  title?: string;
  text: string;
  lang?: string;
  case?: string;
  expect: { topics: string[]; countries: string[] };
}

export interface Quality {
  topics: Record<
    string,
    { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number }
  >;
  topicMicroF1: number;
  countries: { precision: number; recall: number; f1: number };
  misses: { id: string; case?: string; kind: 'topic' | 'country'; missing: string[]; extra: string[] }[];
}

export function parseJsonLines(content: string): LabelledItem[] {
  return content
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as LabelledItem);
}

function f1(tp: number, fp: number, fn: number) {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1: f };
}

export function evaluate(
  tagger: Tagger,
  items: readonly LabelledItem[],
  topicIds: readonly string[],
): Quality {
  const counts = new Map(topicIds.map((id) => [id, { tp: 0, fp: 0, fn: 0 }]));
  let ctp = 0;
  let cfp = 0;
  let cfn = 0;
  const misses: Quality['misses'] = [];
  for (const item of items) {
    const result = tagger.tag(item);
    for (const id of topicIds) {
      const c = counts.get(id) as { tp: number; fp: number; fn: number };
      const want = item.expect.topics.includes(id);
      const got = result.topics.includes(id);
      if (want && got) c.tp++;
      else if (got) c.fp++;
      else if (want) c.fn++;
    }
    const tMissing = item.expect.topics.filter((t) => !result.topics.includes(t));
    const tExtra = result.topics.filter((t) => !item.expect.topics.includes(t));
    if (tMissing.length + tExtra.length > 0) {
      misses.push({ id: item.id, case: item.case, kind: 'topic', missing: tMissing, extra: tExtra });
    }
    const want = new Set(item.expect.countries);
    const got = new Set(result.countries);
    const missing = [...want].filter((c) => !got.has(c));
    const extra = [...got].filter((c) => !want.has(c));
    ctp += want.size - missing.length;
    cfn += missing.length;
    cfp += extra.length;
    if (missing.length + extra.length > 0)
      misses.push({ id: item.id, case: item.case, kind: 'country', missing, extra });
  }
  const topics: Quality['topics'] = {};
  let ttp = 0;
  let tfp = 0;
  let tfn = 0;
  for (const [id, c] of counts) {
    topics[id] = { ...f1(c.tp, c.fp, c.fn), ...c };
    ttp += c.tp;
    tfp += c.fp;
    tfn += c.fn;
  }
  return { topics, topicMicroF1: f1(ttp, tfp, tfn).f1, countries: f1(ctp, cfp, cfn), misses };
}
