/**
 * The embedded warehouse reading the embedded event store's file: chDB's `sqlite()` table
 * function reads a range of the `events` table (through its primary key), every event's hash is
 * checked in the same query (the text `hashText` covers, and the genesis link of a first event),
 * and a projection's `logSelect` turns the verified events into rows, all inside the engine.
 *
 * The store's file is read as any SQLite reader reads it (WAL: a snapshot, never waiting for the
 * writer), so a copy may run while the server appends.
 */
import type { EventLogCopyRequest } from '../../application/ports/warehouse.js';
import { GENESIS_HASH, HASH_TEXT_CLICKHOUSE } from '../event-store/hash-chain.js';
import { checkTableName, stringLiteral } from './common.js';

/** The message of the error a copy fails with when an event's hash does not match. */
export const TAMPERED = 'an event in this range does not match its hash';

/** The INSERT … SELECT that copies a range of the event log at `file` (an absolute path). */
export function eventLogCopySql({ table, select, after, upTo, categories }: EventLogCopyRequest, file: string, settings: string): string {
  checkTableName(table);
  if (!Number.isSafeInteger(after) || !Number.isSafeInteger(upTo) || after < 0 || upTo < after) {
    throw new RangeError(`not a range of positions: (${after}, ${upTo}]`);
  }
  if (!/^\s*SELECT\b[\s\S]*\bFROM\s+log\b/i.test(select)) throw new Error('a log select reads FROM log');
  const inCategories = categories && categories.length > 0 ? ` AND category IN (${categories.map(stringLiteral).join(', ')})` : '';
  // The range is filtered on the table's own columns, in the innermost query, so that SQLite
  // answers it from its primary key rather than the engine scanning the whole file.
  const range = `SELECT * FROM sqlite(${stringLiteral(file)}, 'events') WHERE position > ${after} AND position <= ${upTo}${inCategories}`;
  const verified =
    `SELECT toUInt64(position) AS position, id, stream_id, category, toUInt64(revision) AS revision, type, data, metadata, recorded_at` +
    ` FROM (${range}) WHERE throwIf(${HASH_TEXT_CLICKHOUSE} != unhex(hash)` +
    ` OR (revision = 0 AND JSONExtractString(metadata, 'prevHash') != '${GENESIS_HASH}'), ${stringLiteral(TAMPERED)}) = 0`;
  return `INSERT INTO ${table} WITH log AS (${verified}) ${select} SETTINGS ${settings}`;
}
