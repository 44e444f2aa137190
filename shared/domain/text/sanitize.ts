/**
 * Text that reaches an email or a terminal must not carry control, bidirectional-override or
 * zero-width characters: they hide or reorder what a reader sees, or drive the terminal.
 */
// C0/C1 controls except tab and newline, bidi embeddings/overrides/isolates, zero-width and BOM, line/paragraph separators.
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose.
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u2028\u2029]/g;

/** Removes unsafe characters; keeps tabs and newlines. */
export function stripUnsafe(text: string): string {
  return text.replace(UNSAFE, '');
}

/** One line of safe text: unsafe characters removed, every run of white space folded to one space. */
export function safeLine(text: string): string {
  return stripUnsafe(text).replace(/\s+/g, ' ').trim();
}

/** Only http and https links are shown to a reader; anything else (javascript:, data:, file:) becomes null. */
export function safeLink(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return safeLine(parsed.toString());
  } catch {
    return null;
  }
}

/**
 * Printable ASCII for places that allow nothing else (SNS email subjects): diacritics folded
 * ("Mirziyoyev" from "Mirziïïev"-like spellings keeps its letters), other scripts dropped.
 */
export function toAscii(text: string): string {
  return safeLine(
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[\u2018\u2019\u201A\u201B]/g, "'")
      .replace(/[\u201C\u201D\u201E\u201F\u00AB\u00BB]/g, '"')
      .replace(/[\u2013\u2014\u2212]/g, '-')
      .replace(/\u2026/g, '...')
      .replace(/[^\x20-\x7E]/g, ' '),
  );
}

/**
 * JSON for a terminal or a pipe: characters that could reorder or hide text are written as \u escapes,
 * so the data stays exact while nothing invisible reaches the screen.
 */
export function safeJson(value: unknown): string {
  const json = JSON.stringify(value);
  // JSON.stringify already escapes C0 controls; most output has nothing else to escape.
  if (!HIDDEN_IN_JSON.test(json)) return json;
  return json.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const HIDDEN_IN_JSON = /[\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u2028\u2029]/;
