import { WarehouseError, type Row } from '../../application/ports/warehouse.js';

/** Settings both adapters run with, so the same SQL returns the same JSON on either engine. */
export const QUERY_SETTINGS = {
  // Counts and positions come back as numbers, as dashboards expect; values past 2^53 need toString() in SQL.
  output_format_json_quote_64bit_integers: 0,
} as const;

export const INSERT_SETTINGS = {
  // Accepts what JSON.stringify makes of a Date (ISO 8601 with `Z`) as well as ClickHouse's own format.
  date_time_input_format: 'best_effort',
} as const;

/** Rows per INSERT: large enough for few parts, small enough to keep each JSON payload a few MB. */
export const INSERT_BATCH_ROWS = 50_000;

/** A ClickHouse string literal. */
export function stringLiteral(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** Settings as a ClickHouse SETTINGS list: numbers as they are, others as strings. */
export function settingsList(settings: Readonly<Record<string, string | number>>): string {
  return Object.entries(settings).map(([k, v]) => `${k} = ${typeof v === 'number' ? v : stringLiteral(v)}`).join(', ');
}

const TABLE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/** Table names are interpolated into INSERT statements, so only plain (optionally db-qualified) names pass. */
export function checkTableName(table: string): void {
  if (!TABLE.test(table)) throw new WarehouseError(`invalid table name ${JSON.stringify(table)}`);
}

export function closedError(): WarehouseError {
  return new WarehouseError('the warehouse is closed');
}

/** JSON text in which BigInts (64-bit values) become strings, which ClickHouse parses into its integer columns. */
export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
}

/**
 * Dates as Unix seconds with milliseconds, the way @clickhouse/client sends them (chDB alone would drop
 * the milliseconds): absolute instants, whatever the server's time zone.
 */
export function toQueryParams(params: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const convert = (v: unknown): unknown =>
    v instanceof Date ? (v.getTime() / 1000).toFixed(3).replace(/\.000$/, '') : Array.isArray(v) ? v.map(convert) : v;
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, convert(v)]));
}

/** Wraps an engine error, keeping ClickHouse's own message. */
export function toWarehouseError(e: unknown): WarehouseError {
  if (e instanceof WarehouseError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new WarehouseError(message, { cause: e });
}
