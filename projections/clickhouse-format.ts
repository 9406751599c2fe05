/**
 * Values as ClickHouse parses them in JSONEachRow rows. DateTime64 columns take
 * 'YYYY-MM-DD HH:MM:SS.mmm' in UTC: ISO strings with 'T' and 'Z' are not read by the default
 * (basic) input format, and a bare local time would be read in the server's time zone.
 */

const CANONICAL = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** An instant (ISO 8601 or Date) as a UTC DateTime64(3) value; null stays null. */
export function toClickHouseTime(instant: string | Date): string;
export function toClickHouseTime(instant: string | Date | null | undefined): string | null;
export function toClickHouseTime(instant: string | Date | null | undefined): string | null {
  if (instant === null || instant === undefined) return null;
  // An instant as Date.toISOString writes it (how events record time) needs only its 'T' and 'Z'
  // dropped. Days past the 28th and hour 24 go the long way, which rolls them over as Date does.
  if (typeof instant === 'string' && instant.length === 24 && CANONICAL.test(instant)) return `${instant.slice(0, 10)} ${instant.slice(11, 23)}`;
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** A boolean as UInt8; null stays null. */
export function toClickHouseBool(value: boolean | null | undefined): 0 | 1 | null {
  return value === null || value === undefined ? null : value ? 1 : 0;
}
