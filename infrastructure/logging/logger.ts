import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Personal data never reaches a log line. Known fields are redacted by path; free text is
 * scrubbed of anything shaped like a citizen ID number or a mobile phone number.
 */
const PERSONAL_FIELDS = [
  'idNumber', 'idCard', 'citizenId', 'phone', 'mobile', 'telephone', 'name', 'personName',
  'applicantName', 'callerName', 'callerPhone', 'contactName', 'contactPhone', 'address', 'password',
];
const REDACT_PATHS = [
  ...PERSONAL_FIELDS,
  ...PERSONAL_FIELDS.map((f) => `*.${f}`),
  ...PERSONAL_FIELDS.map((f) => `*.*.${f}`),
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
];

const ID_NUMBER = /\b(\d{6})\d{8}(\d{3}[\dXx])\b/g;
const PHONE = /\b(1[3-9]\d)\d{4}(\d{4})\b/g;

/** Masks ID numbers and mobile numbers inside free text: 110101********1234, 138****5678. */
export function maskPersonalText(text: string): string {
  return text.replace(ID_NUMBER, '$1********$2').replace(PHONE, '$1****$2');
}

/** The project's logger settings: redaction, masking, and a readable format in a terminal. */
export function loggerOptions(): LoggerOptions {
  const pretty = process.env.LOG_FORMAT === 'pretty' || (process.env.LOG_FORMAT !== 'json' && process.stdout.isTTY && process.env.NODE_ENV !== 'production');
  return {
    level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { log: (object) => scrub(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskPersonalText(a) : a)) as typeof args;
        method.apply(this, masked);
      },
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  };
}

function scrub(value: unknown, depth = 0): unknown {
  if (depth > 6) return value;
  if (typeof value === 'string') return maskPersonalText(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Error)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
  }
  if (value instanceof Error) return { type: value.name, message: maskPersonalText(value.message), stack: value.stack };
  return value;
}

export const rootLogger: Logger = pino(loggerOptions());

/** A child logger for one module: `logger('projections')`. */
export function logger(module: string): Logger {
  return rootLogger.child({ module });
}
