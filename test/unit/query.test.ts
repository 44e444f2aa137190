import { describe, expect, it } from 'vitest';
import { parseHistoryQuery, QueryError } from '../../shared/domain/query';

const now = new Date('2026-11-28T12:00:00.000Z');

describe('history query', () => {
  it.each([
    [{ since: '30d' }, { since: '2026-10-29T12:00:00.000Z' }],
    [{ since: '12h' }, { since: '2026-11-28T00:00:00.000Z' }],
    [{ since: '2w' }, { since: '2026-11-14T12:00:00.000Z' }],
    [{ since: '2026-11-01' }, { since: '2026-11-01T00:00:00.000Z' }],
    [
      { topic: 'Xinjiang', country: 'kz' },
      { topic: 'xinjiang', country: 'KZ' },
    ],
    [{ limit: '25' }, { limit: 25 }],
  ])('reads %j as %j', (input, expected) => {
    expect(parseHistoryQuery(input, now)).toEqual(expected);
  });

  it.each([
    [{ since: 'last week' }, /since "last week" is neither a duration/],
    [{ country: 'Kazakhstan' }, /ISO 3166-1 alpha-2/],
    [{ limit: '0' }, /limit is at least 1/],
    [{ limit: '5000' }, /limit is at most 200/],
    [{ since: '1d', until: '2d' }, /since is after until/],
  ])('refuses %j with a clear message', (input, message) => {
    expect(() => parseHistoryQuery(input, now)).toThrow(QueryError);
    expect(() => parseHistoryQuery(input, now)).toThrow(message);
  });
});
