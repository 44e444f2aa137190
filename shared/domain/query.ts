/**
 * History queries as users write them ("--since 30d --country kz") validated into the store's form.
 * The CLI and the HTTP API share this, so both accept and refuse the same things.
 */
import { z } from 'zod';
import type { HistoryQuery } from '../ports';

export class QueryError extends Error {
  override name = 'QueryError';
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "30d", "12h", "45m", "2w" → that long before `now`; an ISO date or instant → itself. */
export function parseInstant(value: string, now: Date, name: string): string {
  const relative = /^(\d{1,5})\s*([mhdw])$/i.exec(value.trim());
  if (relative) {
    const ms = Number(relative[1]) * (UNIT_MS[(relative[2] as string).toLowerCase()] as number);
    return new Date(now.getTime() - ms).toISOString();
  }
  const parsed = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim()) || Number.isNaN(parsed)) {
    throw new QueryError(
      `${name} "${value}" is neither a duration like 30d, 12h, 2w nor a date like 2026-11-01`,
    );
  }
  return new Date(parsed).toISOString();
}

const rawQuery = z.object({
  topic: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/i, 'a topic id is letters, digits and dashes')
    .optional(),
  country: z
    .string()
    .regex(/^[a-z]{2}$/i, 'a country is an ISO 3166-1 alpha-2 code such as KZ')
    .optional(),
  since: z.string().optional(),
  until: z.string().optional(),
  limit: z.coerce
    .number()
    .int('limit is a whole number')
    .min(1, 'limit is at least 1')
    .max(200, 'limit is at most 200')
    .optional(),
  cursor: z.string().max(2048).optional(),
});

export type RawHistoryQuery = z.input<typeof rawQuery>;

export function parseHistoryQuery(input: RawHistoryQuery, now: Date): HistoryQuery {
  const result = rawQuery.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new QueryError(`${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`);
  }
  const q = result.data;
  const since = q.since ? parseInstant(q.since, now, 'since') : undefined;
  const until = q.until ? parseInstant(q.until, now, 'until') : undefined;
  if (since && until && since > until) throw new QueryError('since is after until');
  return {
    ...(q.topic ? { topic: q.topic.toLowerCase() } : {}),
    ...(q.country ? { country: q.country.toUpperCase() } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    ...(q.limit ? { limit: q.limit } : {}),
    ...(q.cursor ? { cursor: q.cursor } : {}),
  };
}
