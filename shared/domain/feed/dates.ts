/**
 * Lenient feed dates: RFC 822/1123 and their many broken variants, ISO 8601 / W3CDTF, named zones.
 * A time without a zone is taken as UTC (a server's local zone is unknowable from here).
 */

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  sept: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** Offsets in minutes east of UTC. Military single letters are left out: they are used wrongly too often. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  wet: 0,
  bst: 60,
  cet: 60,
  met: 60,
  cest: 120,
  mest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  ist: 330,
  hkt: 480,
  sgt: 480,
  awst: 480,
  jst: 540,
  kst: 540,
  acst: 570,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
  ast: -240,
  adt: -180,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
};

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offsetMin: number,
): string | null {
  if (y < 100) y += y < 50 ? 2000 : 1900;
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo, d, h, mi, Math.min(s, 59), ms) - offsetMin * 60_000;
  if (!Number.isFinite(t)) return null;
  const date = new Date(t);
  const year = date.getUTCFullYear();
  if (year < 1970 - 100 || year > 9999) return null;
  return date.toISOString();
}

function parseOffset(zone: string | undefined): number | null {
  if (!zone) return 0;
  const z = zone.trim().toLowerCase();
  if (z === '') return 0;
  const m = /^(?:gmt|utc|ut)?\s*([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (m) {
    const sign = m[1] === '-' ? -1 : 1;
    return sign * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  }
  const named = ZONES[z.replace(/[().]/g, '')];
  return named ?? null;
}

const ISO_RE =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?:[T\s]+(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?(?:[.,](\d+))?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5})?$/;

function parseIso(s: string): string | null {
  const m = ISO_RE.exec(s);
  if (!m) return null;
  const offset = parseOffset(m[8]);
  if (offset === null) return null;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return build(
    Number(m[1]),
    Number(m[2] ?? 1) - 1,
    Number(m[3] ?? 1),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    Math.min(ms, 999),
    offset,
  );
}

/** "Sun, 06 Jul 2014 12:56:00 GMT", "6 July 2014 12:56 +0200", "Jul 6, 2014 12:56:00 PM EST"… */
function parseRfcLike(s: string): string | null {
  const cleaned = s
    .replace(/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*/i, '')
    .replace(/,/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // day month year  |  month day year
  const m =
    /^(\d{1,2})[\s-]([A-Za-z]{3,9})\.?[\s-](\d{2,4})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?)?\s*(.*)$/.exec(
      cleaned,
    ) ??
    /^([A-Za-z]{3,9})\.?\s(\d{1,2})(?:st|nd|rd|th)?\s(\d{2,4})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?)?\s*(.*)$/.exec(
      cleaned,
    );
  if (!m) return null;
  const dayFirst = /^\d/.test(m[1] ?? '');
  const dayStr = dayFirst ? m[1] : m[2];
  const monStr = (dayFirst ? m[2] : m[1]) ?? '';
  const mon = MONTHS[monStr.slice(0, 3).toLowerCase()] ?? MONTHS[monStr.slice(0, 4).toLowerCase()];
  if (mon === undefined) return null;
  let hour = Number(m[4] ?? 0);
  const ampm = m[7]?.toLowerCase();
  if (ampm === 'pm' && hour < 12) hour += 12;
  if (ampm === 'am' && hour === 12) hour = 0;
  const offset = parseOffset(m[8]);
  if (offset === null) return null;
  return build(Number(m[3]), mon, Number(dayStr), hour, Number(m[5] ?? 0), Number(m[6] ?? 0), 0, offset);
}

/** Parses a feed date leniently to ISO-8601 UTC, or null when it cannot be read. */
export function parseFeedDate(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.replace(/\s+/g, ' ').trim();
  if (s === '' || s.length > 100) return null;
  return parseIso(s) ?? parseRfcLike(s) ?? fallback(s);
}

function fallback(s: string): string | null {
  // Last resort for shapes we did not foresee; only when the string names a year, so that
  // Date's guessing cannot turn "5" into a date.
  if (!/\d{4}/.test(s)) return null;
  const t = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}|GMT|UTC/.test(s) ? s : `${s} UTC`);
  if (!Number.isFinite(t)) return null;
  return new Date(t).toISOString();
}
