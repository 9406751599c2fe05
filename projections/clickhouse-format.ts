/**
 * Values as ClickHouse parses them in JSONEachRow rows. DateTime64 columns take
 * 'YYYY-MM-DD HH:MM:SS.mmm' in UTC: ISO strings with 'T' and 'Z' are not read by the default
 * (basic) input format, and a bare local time would be read in the server's time zone.
 */

/** An instant (ISO 8601 or Date) as a UTC DateTime64(3) value; null stays null. */
export function toClickHouseTime(instant: string | Date): string;
export function toClickHouseTime(instant: string | Date | null | undefined): string | null;
export function toClickHouseTime(instant: string | Date | null | undefined): string | null {
  if (instant === null || instant === undefined) return null;
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** A boolean as UInt8; null stays null. */
export function toClickHouseBool(value: boolean | null | undefined): 0 | 1 | null {
  return value === null || value === undefined ? null : value ? 1 : 0;
}
