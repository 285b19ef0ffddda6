/**
 * "Since when" for watches: an ISO 8601 date (`2026-11-01`, midnight UTC), an ISO 8601 date-time with an
 * offset (`2026-11-01T08:00:00Z`, `…+01:00`), or a span back from now (`7d`, `36h`, `90m`).
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const SPAN = /^(\d{1,5})([dhm])$/;
const SPAN_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/** The instant `value` names, or undefined when it is none of the accepted forms (or not a real date). */
export function parseSince(value: string, now: Date = new Date()): Date | undefined {
  const text = value.trim();
  const span = SPAN.exec(text);
  if (span) return new Date(now.getTime() - Number(span[1]) * SPAN_MS[span[2] as keyof typeof SPAN_MS]);
  const parts = DATE.exec(text) ?? DATE_TIME.exec(text);
  if (!parts) return undefined;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (year < 1900 || year > 2100) return undefined;
  // A real calendar day: Date would roll 2026-02-30 over into March.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  const instant = new Date(DATE.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}
