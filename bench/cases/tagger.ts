/**
 * Tagger benchmark: throughput over ~5 MB of generated mixed-language article text, and the cold
 * cost of validating the taxonomy and building the tagger.
 */
import { createTagger, loadTaxonomy, parseTaxonomy } from '../../shared/domain/tagging/index';
import gazetteer from '../../shared/taxonomy/gazetteer.json';
import people from '../../shared/taxonomy/people.json';
import topics from '../../shared/taxonomy/topics.json';

type BenchRow = { name: string; value: number; unit: string; note?: string };

const TARGET_BYTES = 5 * 1024 * 1024;
const RUNS = 5;

/** Small deterministic generator so every run tags the same text. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

const FILLER =
  'the a of to in and on for with that said officials government minister report week year market trade talks visit new plan state region economy energy project security border people city after before during would could also more than about over public local national foreign policy bank oil gas water price growth support according its their this from has have been was were will'.split(
    ' ',
  );
const NAMES =
  'Kazakhstan Uzbekistan Tashkent Almaty Astana Bishkek Dushanbe Ashgabat Xinjiang Urumqi Kashgar Uyghurs China Russia Moscow Beijing Washington Pakistan Afghanistan Germany Brazil Tokayev Mirziyoyev Putin Europe London Paris Kyiv Central Asia'.split(
    ' ',
  );
const CYRILLIC =
  'в Казахстане президент Токаев заявил что Ташкент и Москва обсудили торговлю газ регион неделе'.split(' ');
const HAN = '新疆 乌鲁木齐 中亚 哈萨克斯坦 经济 合作 会议 官员 表示 北京 发展 项目'.split(' ');

/** Articles of 2-8 KB: mostly English prose with invented words, some Russian and Chinese paragraphs. */
export function syntheticArticles(bytes: number, seed = 7): { title: string; text: string }[] {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const invented = Array.from(
    { length: 4000 },
    (_, i) => `w${(i * 2654435761).toString(36).slice(0, 3 + (i % 6))}`,
  );
  const articles: { title: string; text: string }[] = [];
  let total = 0;
  while (total < bytes) {
    const paragraphs: string[] = [];
    const size = 2000 + Math.floor(rand() * 6000);
    let length = 0;
    while (length < size) {
      const kind = rand();
      const words: string[] = [];
      for (let i = 0; i < 60; i++) {
        const r = rand();
        if (kind < 0.1) words.push(pick(CYRILLIC));
        else if (kind < 0.15) words.push(pick(HAN));
        else if (r < 0.05) words.push(pick(NAMES));
        else if (r < 0.55) words.push(pick(FILLER));
        else words.push(pick(invented));
      }
      const paragraph = `${words.join(kind >= 0.1 && kind < 0.15 ? '' : ' ')}.`;
      paragraphs.push(rand() < 0.05 ? `READ ALSO ${paragraph.slice(0, 80)}` : paragraph);
      length += paragraph.length;
    }
    const text = paragraphs.join('\n\n');
    articles.push({ title: `${pick(NAMES)} ${pick(FILLER)} ${pick(NAMES)}`, text });
    total += Buffer.byteLength(text);
  }
  return articles;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function run(): Promise<BenchRow[]> {
  const buildTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    // A fresh parse each time: loadTaxonomy() caches, which would hide the validation cost.
    createTagger(parseTaxonomy({ topics, gazetteer, people }));
    buildTimes.push(performance.now() - start);
  }

  const articles = syntheticArticles(TARGET_BYTES);
  const bytes = articles.reduce((n, a) => n + Buffer.byteLength(a.text) + Buffer.byteLength(a.title), 0);
  const tagger = createTagger(loadTaxonomy());
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    for (const article of articles) tagger.tag(article);
    rates.push(bytes / 1024 / 1024 / ((performance.now() - start) / 1000));
  }

  return [
    {
      name: 'tagger throughput',
      value: Math.round(median(rates) * 10) / 10,
      unit: 'MB/s',
      note: `median of ${RUNS} runs over ${(bytes / 1024 / 1024).toFixed(1)} MB in ${articles.length} articles, one core`,
    },
    {
      name: 'taxonomy load + tagger build',
      value: Math.round(median(buildTimes) * 10) / 10,
      unit: 'ms',
      note: `median of ${RUNS}; validation of topics, gazetteer and people included`,
    },
  ];
}
