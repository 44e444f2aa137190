/**
 * Site furniture inside article text ("READ ALSO …", "Читайте также …", "相关阅读 …") links to other
 * stories: it is not the article, so its lines are skipped before scoring and country detection.
 * Lines are skipped rather than cut out so offsets keep pointing into the original text.
 */
import { CharClass, charClass } from './normalize';

export interface BoilerplateMatcher {
  /** Sorted [start, end) pairs of the lines to skip, flattened. */
  ranges(text: string): number[];
}

function foldPrefix(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A line of a headline list: short, and not empty. Longer lines are the article again. */
const HEADLINE_MAX = 140;

/** Skips the headline lines after a block heading ending at `headingEnd`; returns where scanning resumes. */
function skipHeadlineBlock(text: string, headingEnd: number, out: number[]): number {
  let pos = headingEnd + 1;
  const n = text.length;
  while (pos < n) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? n : nl;
    const line = text.slice(pos, end).trim();
    if (line.length === 0 || end - pos > HEADLINE_MAX) break;
    out.push(pos, end);
    pos = end + 1;
  }
  // The caller steps past the line it stands on: hand back the end of the last skipped one.
  return pos - 1;
}

export function createBoilerplateMatcher(
  prefixes: readonly string[],
  maxLineLength: number,
): BoilerplateMatcher {
  const folded = [...new Set(prefixes.map(foldPrefix))].filter((p) => p.length > 0);
  const firstChars = new Set(folded.map((p) => p[0] as string));
  const longest = folded.reduce((n, p) => Math.max(n, p.length), 0) + 8;

  return {
    ranges(text) {
      const out: number[] = [];
      const n = text.length;
      let pos = 0;
      while (pos < n) {
        const nl = text.indexOf('\n', pos);
        const end = nl < 0 ? n : nl;
        let k = pos;
        // Leading bullets, quotes, dashes and spaces do not hide a boilerplate line.
        while (k < end && charClass(text.charCodeAt(k)) === CharClass.Separator) k++;
        if (k < end && end - pos <= maxLineLength && firstChars.has((text[k] as string).toLowerCase())) {
          const snippet = foldPrefix(text.slice(k, Math.min(end, k + longest)));
          for (const prefix of folded) {
            if (!snippet.startsWith(prefix)) continue;
            const after = snippet.charCodeAt(prefix.length);
            // "Subscribers rose…" is prose; the prefix must end at a word boundary.
            const boundary =
              Number.isNaN(after) ||
              charClass(after) !== CharClass.Word ||
              charClass(prefix.charCodeAt(prefix.length - 1)) !== CharClass.Word;
            if (boundary) {
              out.push(pos, end);
              // A heading alone on its line ("Most read", "Читайте также:") starts a block of
              // short headline lines: skip them up to a blank or long line.
              const rest = text.slice(k + prefix.length, end).replace(/[\s:：.…»>-]+/g, '');
              if (rest.length === 0) pos = skipHeadlineBlock(text, end, out);
              break;
            }
          }
        }
        pos = end + 1;
      }
      return out;
    },
  };
}
