import type { Request } from 'express';
import { z } from 'zod';
import { MAX_TICKET_TEXT_LENGTH } from '../../../domain/hotline/rules.js';
import { Open311Error } from './errors.js';

/** GeoReport v2: an optional argument sent empty is the same as one not sent. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

/** A comma-delimited list ("can be declared multiple times, comma delimited"). */
const list = <T extends z.ZodType>(item: T, max: number) =>
  optional(z.preprocess(splitList, z.array(item).min(1).max(max)));

function splitList(value: unknown): unknown {
  if (typeof value !== 'string' && !Array.isArray(value)) return value;
  return (Array.isArray(value) ? value : [value]).flatMap((s) => String(s).split(',')).map((s) => s.trim()).filter(Boolean);
}

/** W3C date-time with its time zone ("Must use w3 format, eg 2010-01-01T00:00:00Z"). */
const w3DateTime = z.iso.datetime({ offset: true, message: 'must be a date-time with a time zone, e.g. 2026-11-02T09:00:00+08:00' }).transform((v) => new Date(v));

export const RequestsQuery = z.object({
  jurisdiction_id: optional(z.string().max(200)),
  service_request_id: list(z.string().min(1).max(64), 1000),
  service_code: list(z.string().min(1).max(64), 200),
  start_date: optional(w3DateTime),
  end_date: optional(w3DateTime),
  status: list(z.enum(['open', 'closed']), 2),
});
export type RequestsQuery = z.infer<typeof RequestsQuery>;

export const JurisdictionQuery = z.object({ jurisdiction_id: optional(z.string().max(200)) });

const coordinate = (min: number, max: number) => optional(z.coerce.number().min(min).max(max));

/** POST Service Request, its arguments by their names in the specification. */
export const NewServiceRequest = z.object({
  api_key: optional(z.string().max(200)),
  jurisdiction_id: optional(z.string().max(200)),
  service_code: z.string({ message: 'required' }).trim().min(1, 'required').max(64),
  lat: coordinate(-90, 90),
  long: coordinate(-180, 180),
  address_string: optional(z.string().trim().max(500)),
  address_id: optional(z.string().trim().max(64)),
  email: optional(z.string().max(200)),
  device_id: optional(z.string().max(200)),
  account_id: optional(z.string().max(200)),
  first_name: optional(z.string().trim().max(50)),
  last_name: optional(z.string().trim().max(50)),
  phone: optional(z.string().trim().max(30)),
  description: optional(z.string().trim().max(MAX_TICKET_TEXT_LENGTH)),
  media_url: optional(z.string().max(2000)),
  /** attribute[code]=value, or attribute[code][]=v1&attribute[code][]=v2 for a multivaluelist. */
  attribute: z.record(z.string().max(64), z.union([z.string().max(MAX_TICKET_TEXT_LENGTH), z.array(z.string().max(500)).max(50)])).default({}),
});
export type NewServiceRequest = z.infer<typeof NewServiceRequest>;

/** Validates with a schema; every problem becomes one of the specification's errors, 400. */
export function parseOpen311<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new Open311Error(
    400,
    result.error.issues.map((issue) => {
      // An argument by its name in the specification: `status`, not `status.0`; `attribute[code]`.
      const [name, key] = issue.path.map(String);
      const field = name === undefined ? 'request' : name === 'attribute' && key ? `attribute[${key}]` : name;
      return { zh: `参数 ${field} 有误`, en: `${field}: ${issue.message}` };
    }),
  );
}

const FORM = 'application/x-www-form-urlencoded';
/** A service request is a short form; anything larger is not one. */
const MAX_FORM_BYTES = 64 * 1024;

/**
 * The arguments of a POST, as the specification sends them (a urlencoded form; some clients put
 * them in the query string) or as JSON. The form is read here, for these routes only: the rest of
 * the API takes JSON alone, which keeps cross-site form posts away from cookie-authenticated routes.
 */
export async function readArguments(request: Request): Promise<Record<string, unknown>> {
  const fromQuery = collect(Object.entries(request.query as Record<string, unknown>));
  if (request.body && typeof request.body === 'object') return { ...fromQuery, ...(request.body as Record<string, unknown>) };
  if (!request.is(FORM)) return fromQuery;
  const text = await readText(request);
  return { ...fromQuery, ...collect([...new URLSearchParams(text).entries()]) };
}

/** `attribute[code]` and `attribute[code][]` gathered into `attribute: { code: value | values }`. */
function collect(entries: readonly [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const attribute: Record<string, string | string[]> = {};
  for (const [key, value] of entries) {
    const match = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (match) {
      const code = match[1]!;
      const values = Array.isArray(value) ? value.map(String) : [String(value)];
      if (match[2]) attribute[code] = [...((attribute[code] as string[] | undefined) ?? []), ...values];
      else attribute[code] = values.at(-1)!;
    } else if (key in out && typeof value === 'string') {
      out[key] = [...(Array.isArray(out[key]) ? (out[key] as string[]) : [out[key] as string]), value];
    } else {
      out[key] = value;
    }
  }
  if (Object.keys(attribute).length) out.attribute = attribute;
  return out;
}

async function readText(request: Request): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Open311Error(413, { zh: '提交的内容过大', en: 'The request is too large' });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
