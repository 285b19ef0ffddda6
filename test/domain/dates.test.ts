import { describe, expect, it } from 'vitest';
import { parseSince } from '../../src/domain/dates.js';

const NOW = new Date('2026-11-28T12:00:00Z');

describe('parseSince', () => {
  it('should read a date as midnight UTC and a date-time with its offset', () => {
    expect(parseSince('2026-11-01')?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseSince('2026-11-01T08:30:00Z')?.toISOString()).toBe('2026-11-01T08:30:00.000Z');
    expect(parseSince('2026-11-01T08:30+01:00')?.toISOString()).toBe('2026-11-01T07:30:00.000Z');
    expect(parseSince(' 2024-02-29 ')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('should read spans back from now', () => {
    expect(parseSince('7d', NOW)?.toISOString()).toBe('2026-11-21T12:00:00.000Z');
    expect(parseSince('36h', NOW)?.toISOString()).toBe('2026-11-27T00:00:00.000Z');
    expect(parseSince('90m', NOW)?.toISOString()).toBe('2026-11-28T10:30:00.000Z');
  });

  it('should refuse anything else, including days that do not exist and times without an offset', () => {
    for (const bad of [
      '',
      'yesterday',
      '2026-02-30',
      '2023-02-29',
      '2026-13-01',
      '2026-11-01T08:00',
      '1850-01-01',
      '7w',
      '-7d',
      '2026-11-01T25:00Z',
    ]) {
      expect(parseSince(bad, NOW), bad).toBeUndefined();
    }
  });
});
