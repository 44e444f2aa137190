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
const CYRILLIC_FILLER =
  'в и на что по с не как за из о года также после его для он это было будет может при уже более чем от глава заявил сообщил правительство министр рынок торговля газ регион неделе проект'.split(
    ' ',
  );
const CYRILLIC_NAMES = 'Казахстане Токаев Ташкент Москва Узбекистана Китая Бишкеке'.split(' ');
const HAN_FILLER =
  '的 一 是 在 不 了 有 和 人 这 中 大 为 上 个 国 我 以 要 他 时 来 用 们 生 到 作 地 于 出 就 分 对 成 会 可 主 发 年 动 同 工 也 能 下 过 子 说 产 种 面 而 方 后 多 定 行 学 法 所 民 得 经 十 三 之 进 着 等 部 度 家 电 力 里 如 水 化 高 自 二 理 起 小 物 现 实 加 量 都 两 体 制 机 当 使 点 从 业 本 去 把 性 好 应 开 它 合 还 因 由 其 些 然 前 外 天 政 四 日 那 社 义 事 平 形 相 全 表 间 样 与 关 各 重 新 线 内 数 正 心 反 你 明 看 原 又 么 利 比 或 但 质 气 第 向 道 命 此 变 条 只 没 结 解 问 意 建 月 公 无 系 军 很 情 者 最 立 代 想 已 通 并 提 直 题 党 程 展 五 果 料 象 员 革 位 入 常 文 总 次 品 式 活 设 及 管 特 件 长 求 老 头 基 资 边 流 路 级 少 图 山 统 接 知 较 将 组 见 计 别 她 手 角 期 根 论 运 农 指 几 九 区 强 放 决 西 被 干 做 必 战 先 回 则 任 取 据 处 队 南 给 色 光 门 即 保 治 北 造 百 规 热 领 七 海 口 东 导 器 压 志 世 金 增 争 济 阶 油 思 术 极 交 受 联 什 认 六 共 权 收 证 改 清'.split(
    ' ',
  );
const HAN_NAMES = '新疆 乌鲁木齐 中亚 哈萨克斯坦 北京 喀什'.split(' ');

/** Articles of 2-8 KB: mostly English prose with invented words, 10% Russian and 5% Chinese paragraphs. */
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
        // About 3 words in 100 are taxonomy names, as in an article about the region.
        if (kind < 0.1) words.push(r < 0.03 ? pick(CYRILLIC_NAMES) : pick(CYRILLIC_FILLER));
        else if (kind < 0.15) words.push(r < 0.03 ? pick(HAN_NAMES) : pick(HAN_FILLER));
        else if (r < 0.03) words.push(pick(NAMES));
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
  // Two untimed passes first: the figure is the steady state of a long-running ingest, not JIT warm-up.
  for (let i = 0; i < 2; i++) for (const article of articles) tagger.tag(article);
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
      note: `median of ${RUNS} runs after 2 warm-up passes over ${(bytes / 1024 / 1024).toFixed(1)} MB in ${articles.length} articles, one core`,
    },
    {
      name: 'taxonomy load + tagger build',
      value: Math.round(median(buildTimes) * 10) / 10,
      unit: 'ms',
      note: `median of ${RUNS}; validation of topics, gazetteer and people included`,
    },
  ];
}
