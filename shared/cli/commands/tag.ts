import { createReadStream, existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { createTagger, renderTagReport, type Tagger } from '../../domain/tagging';
import { safeJson } from '../../domain/text/sanitize';
import type { TagInput, TagResult } from '../../domain/types';
import { type CliIo, UsageError } from '../io';

export function registerTag(program: Command, io: CliIo): void {
  program
    .command('tag')
    .description('Tag an article (a text file, or - for stdin): topics, countries, people and the evidence')
    .argument('[file]', 'text file, or - for stdin', '-')
    .option('--json', 'one JSON object with every field and all evidence')
    .option('--jsonl', 'read JSON lines {"id","title"?,"text","lang"?,"url"?}; write one JSON line per input')
    .option('--title <title>', 'the article title (plain-text input)')
    .action(async (file: string, opts: { json?: boolean; jsonl?: boolean; title?: string }) => {
      if (file !== '-' && !existsSync(file)) throw new UsageError(`cannot read ${file}: no such file`);
      const input = file === '-' ? io.stdin : createReadStream(file);
      const tagger = createTagger();
      if (opts.jsonl) {
        await tagJsonLines(tagger, input, io);
        return;
      }
      const text = await readAll(input, file);
      const article = splitTitle(text, opts.title);
      const result = tagger.tag(article);
      io.out(opts.json ? safeJson(result) : renderTagReport(result));
    });
}

/** Evidence entries per tag in `--jsonl` output: enough to see why, without multiplying the output. */
export const JSONL_EVIDENCE_PER_TAG = 3;
/** Output lines are written in batches: one write per line would dominate the run time. */
const LINES_PER_WRITE = 256;

/** The `tag --jsonl` contract (DESIGN §4): same order, one line out per line in; a bad line says why. */
export async function tagJsonLines(tagger: Tagger, input: Readable, io: CliIo): Promise<void> {
  let lineNo = 0;
  let batch: string[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    io.outSafe(batch.join('\n'));
    batch = [];
  };
  const handle = (raw: string) => {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    batch.push(safeJson(tagLine(tagger, line, lineNo)));
    if (batch.length >= LINES_PER_WRITE) flush();
  };
  // Split lines by hand: readline's async iterator costs more than the tagging of a short item.
  input.setEncoding('utf8');
  let rest = '';
  for await (const chunk of input) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      handle(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest !== '') handle(rest);
  flush();
}

function tagLine(tagger: Tagger, line: string, lineNo: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { error: `line ${lineNo}: not JSON (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: `line ${lineNo}: expected a JSON object with "id" and "text"` };
  }
  const v = value as Record<string, unknown>;
  const id = typeof v.id === 'string' || typeof v.id === 'number' ? v.id : undefined;
  const withId = (o: Record<string, unknown>) => (id === undefined ? o : { id, ...o });
  if (typeof v.text !== 'string') return withId({ error: `line ${lineNo}: "text" must be a string` });
  for (const key of ['title', 'lang', 'url'] as const) {
    if (v[key] !== undefined && v[key] !== null && typeof v[key] !== 'string') {
      return withId({ error: `line ${lineNo}: "${key}" must be a string when given` });
    }
  }
  try {
    const input: TagInput = {
      text: v.text,
      ...(id !== undefined ? { id: String(id) } : {}),
      ...(typeof v.title === 'string' ? { title: v.title } : {}),
      ...(typeof v.lang === 'string' ? { lang: v.lang } : {}),
      ...(typeof v.url === 'string' ? { url: v.url } : {}),
    };
    return withId(contractShape(tagger.tag(input)));
  } catch (error) {
    return withId({ error: `line ${lineNo}: tagging failed: ${(error as Error).message}` });
  }
}

const trim = <T extends { evidence: unknown[] }>(tag: T): T =>
  tag.evidence.length > JSONL_EVIDENCE_PER_TAG
    ? { ...tag, evidence: tag.evidence.slice(0, JSONL_EVIDENCE_PER_TAG) }
    : tag;

function contractShape(result: TagResult): Record<string, unknown> {
  return {
    topics: result.topics,
    countries: result.countries,
    people: result.people,
    places: result.places,
    scores: result.scores,
    // Why each topic and country was given; people and places are named above (`--json` has their
    // evidence too). A corpus scorer reads millions of these lines: they stay lean.
    evidence: {
      topics: result.topicTags.map(trim),
      countries: result.countryTags.map(trim),
    },
    taxonomyVersion: result.taxonomyVersion,
  };
}

async function readAll(input: Readable, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  } catch (error) {
    throw new UsageError(`cannot read ${name === '-' ? 'stdin' : name}: ${(error as Error).message}`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Plain text: the first line is the title when it is short and followed by more. */
export function splitTitle(text: string, title?: string): TagInput {
  if (title !== undefined) return { title, text };
  const match = /^\s*([^\n]{1,200})\n\s*\n([\s\S]+)$/.exec(text);
  return match ? { title: (match[1] as string).trim(), text: match[2] as string } : { text };
}
