/**
 * Rows in ClickHouse's Native format (one block, column after column), for the embedded engine's
 * inserts: ClickHouse reads it without parsing text, several times faster than JSONEachRow.
 *
 * Only plain values are encoded: strings, numbers, booleans, bigints and null, into columns of
 * string, number, date-time, UUID and enum types (and Nullable / LowCardinality of those). Text
 * bound for a UUID, date-time or enum column goes as a String column that ClickHouse converts
 * on insert, as it would have parsed the same text from JSON. That conversion reads date-times
 * in the basic format only ('2026-03-02 09:30:00.000', in the column's time zone, which is what
 * `toClickHouseTime` writes), so other date-time text (ISO with a zone) is left to JSON, whose
 * best-effort parsing reads it. Anything else (arrays, objects, Dates, a value that does not fit
 * its column) makes `encodeNative` answer undefined, and the caller sends JSONEachRow instead.
 */
import type { Row } from '../../application/ports/warehouse.js';

export interface ColumnInfo {
  readonly name: string;
  /** The column's ClickHouse type, e.g. `LowCardinality(Nullable(String))`. */
  readonly type: string;
}

type Kind = 'string' | 'date' | 'datetime' | 'datetime64' | 'u8' | 'u16' | 'u32' | 'u64' | 'i8' | 'i16' | 'i32' | 'i64' | 'f32' | 'f64' | 'bool';

interface Plan {
  readonly name: string;
  readonly kind: Kind;
  readonly nullable: boolean;
}

/** Bytes per value of fixed-width kinds. */
const WIDTH: Record<Exclude<Kind, Textual>, number> = { u8: 1, u16: 2, u32: 4, u64: 8, i8: 1, i16: 2, i32: 4, i64: 8, f32: 4, f64: 8, bool: 1 };
/** Kinds whose values are strings, sent in String columns. */
type Textual = 'string' | 'date' | 'datetime' | 'datetime64';
/** What a value of a date-time kind must look like to be converted exactly as JSON input would be. */
const TEXT_FORMAT: Record<Exclude<Textual, 'string'>, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  datetime: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
  datetime64: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?$/,
};
/** The type named in the block for each kind (ClickHouse converts it to the column's on insert). */
const BLOCK_TYPE: Record<Kind, string> = {
  string: 'String', date: 'String', datetime: 'String', datetime64: 'String', u8: 'UInt8', u16: 'UInt16', u32: 'UInt32', u64: 'UInt64', i8: 'Int8', i16: 'Int16', i32: 'Int32', i64: 'Int64', f32: 'Float32', f64: 'Float64', bool: 'Bool',
};
const NUMERIC: Record<string, Kind> = {
  UInt8: 'u8', UInt16: 'u16', UInt32: 'u32', UInt64: 'u64', Int8: 'i8', Int16: 'i16', Int32: 'i32', Int64: 'i64', Float32: 'f32', Float64: 'f64', Bool: 'bool',
};
/** Column types that take their values as text, converted by ClickHouse as its JSON input would. */
const TEXTUAL = /^(String|FixedString\(\d+\)|UUID|Enum(8|16)\(.*\)|IPv4|IPv6)$/s;

/** How a column's values are encoded, or undefined for a type this encoder leaves to JSON. */
function planColumn({ name, type }: ColumnInfo): Plan | undefined {
  let inner = type.trim();
  let nullable = false;
  for (let unwrapped = true; unwrapped; ) {
    unwrapped = false;
    for (const wrapper of ['LowCardinality', 'Nullable'] as const) {
      if (inner.startsWith(`${wrapper}(`) && inner.endsWith(')')) {
        inner = inner.slice(wrapper.length + 1, -1).trim();
        if (wrapper === 'Nullable') nullable = true;
        unwrapped = true;
      }
    }
  }
  const numeric = NUMERIC[inner];
  if (numeric) return { name, kind: numeric, nullable };
  if (TEXTUAL.test(inner)) return { name, kind: 'string', nullable };
  if (/^Date(32)?$/.test(inner)) return { name, kind: 'date', nullable };
  if (/^DateTime(\(\s*'[^']*'\s*\))?$/.test(inner)) return { name, kind: 'datetime', nullable };
  if (/^DateTime64\(\s*\d+\s*(,\s*'[^']*'\s*)?\)$/.test(inner)) return { name, kind: 'datetime64', nullable };
  return undefined;
}

/** Plans for the given columns of a table, in order; undefined when one of them is not encodable or unknown. */
export function planColumns(table: readonly ColumnInfo[], names: readonly string[]): Plan[] | undefined {
  const byName = new Map(table.map((c) => [c.name, c]));
  const plans: Plan[] = [];
  for (const name of names) {
    const column = byName.get(name);
    const plan = column && planColumn(column);
    if (!plan) return undefined;
    plans.push(plan);
  }
  return plans;
}

/** A growing byte buffer. */
class Writer {
  buf: Buffer;
  pos = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  varUInt(n: number): void {
    this.ensure(10);
    while (n >= 0x80) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }

  string(s: string): void {
    // Fewer than 43 UTF-16 units make at most 127 bytes: a one-byte length, known once written.
    if (s.length < 43) {
      this.ensure(1 + s.length * 3);
      const written = this.buf.write(s, this.pos + 1);
      this.buf[this.pos] = written;
      this.pos += 1 + written;
      return;
    }
    const length = Buffer.byteLength(s);
    this.varUInt(length);
    this.ensure(length);
    this.pos += this.buf.write(s, this.pos);
  }
}

const TWO_32 = 2 ** 32;

/** Writes one fixed-width value; false when it does not fit the kind (the block is then abandoned). */
function writeFixed(w: Writer, kind: Exclude<Kind, Textual>, value: unknown): boolean {
  const { buf, pos } = w;
  if (typeof value === 'bigint') {
    if (kind === 'u64' && value >= 0n && value < 2n ** 64n) buf.writeBigUInt64LE(value, pos);
    else if (kind === 'i64' && value >= -(2n ** 63n) && value < 2n ** 63n) buf.writeBigInt64LE(value, pos);
    else return false;
    w.pos += 8;
    return true;
  }
  if (kind === 'bool') {
    if (typeof value !== 'boolean') return false;
    buf[pos] = value ? 1 : 0;
    w.pos += 1;
    return true;
  }
  if (typeof value !== 'number') return false;
  switch (kind) {
    case 'f64':
      buf.writeDoubleLE(value, pos);
      break;
    case 'f32':
      buf.writeFloatLE(value, pos);
      break;
    case 'u64':
      if (!Number.isSafeInteger(value) || value < 0) return false;
      buf.writeUInt32LE(value % TWO_32, pos);
      buf.writeUInt32LE(Math.floor(value / TWO_32), pos + 4);
      break;
    case 'i64':
      if (!Number.isSafeInteger(value)) return false;
      buf.writeBigInt64LE(BigInt(value), pos);
      break;
    default: {
      if (!Number.isInteger(value)) return false;
      const width = WIDTH[kind];
      const signed = kind[0] === 'i';
      const min = signed ? -(2 ** (width * 8 - 1)) : 0;
      const max = signed ? 2 ** (width * 8 - 1) - 1 : 2 ** (width * 8) - 1;
      if (value < min || value > max) return false;
      if (signed) buf.writeIntLE(value, pos, width);
      else buf.writeUIntLE(value, pos, width);
    }
  }
  w.pos += WIDTH[kind];
  return true;
}

/**
 * A String column, value by value. (Writing each value into the buffer measured quicker than
 * joining a column into one text first, and leaves no garbage.)
 */
function writeStrings(w: Writer, rows: readonly Row[], name: string, nullable: boolean, format: RegExp | undefined): boolean {
  const n = rows.length;
  for (let i = 0; i < n; i++) {
    const value = rows[i]![name];
    if (typeof value === 'string') {
      if (format && !format.test(value)) return false;
      w.string(value);
    } else if (value === null && nullable) {
      w.ensure(1);
      w.buf[w.pos++] = 0;
    } else {
      return false;
    }
  }
  return true;
}

/**
 * The rows as one Native block of the named columns, or undefined when a value cannot be
 * encoded faithfully (wrong type, missing, or a key that is not among the columns).
 */
export function encodeNative(rows: readonly Row[], plans: readonly Plan[]): Buffer | undefined {
  const n = rows.length;
  // Every row must hold exactly these keys, none undefined: JSON would treat others differently.
  for (const row of rows) {
    let keys = 0;
    for (const key in row) {
      if (row[key] === undefined) return undefined;
      keys++;
    }
    if (keys !== plans.length) return undefined;
  }
  const w = new Writer(Math.max(4096, n * 64 * plans.length));
  w.varUInt(plans.length);
  w.varUInt(n);
  for (const { name, kind, nullable } of plans) {
    w.string(name);
    w.string(nullable ? `Nullable(${BLOCK_TYPE[kind]})` : BLOCK_TYPE[kind]);
    if (nullable) {
      w.ensure(n);
      for (let i = 0; i < n; i++) {
        const value = rows[i]![name];
        if (value === undefined) return undefined;
        w.buf[w.pos++] = value === null ? 1 : 0;
      }
    }
    if (kind === 'string' || kind === 'date' || kind === 'datetime' || kind === 'datetime64') {
      if (!writeStrings(w, rows, name, nullable, kind === 'string' ? undefined : TEXT_FORMAT[kind])) return undefined;
    } else {
      const width = WIDTH[kind];
      w.ensure(n * width);
      for (let i = 0; i < n; i++) {
        const value = rows[i]![name];
        if (value === null && nullable) {
          w.buf.fill(0, w.pos, w.pos + width);
          w.pos += width;
        } else if (!writeFixed(w, kind, value)) {
          return undefined;
        }
      }
    }
  }
  return w.buf.subarray(0, w.pos);
}
