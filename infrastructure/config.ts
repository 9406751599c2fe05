import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_OPEN311_SETTINGS, type Open311Settings } from '../application/open311/settings.js';

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .pipe(z.url().optional())
  .optional();

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  KURRENTDB_URL: z.string().trim().optional().transform((v) => v || undefined),
  MONGODB_URL: z.string().trim().optional().transform((v) => v || undefined),
  CLICKHOUSE_URL: optionalUrl,
  ADMIN_PASSWORD: z.string().min(8, 'ADMIN_PASSWORD must be at least 8 characters').optional(),
  SEED_DEMO: z.enum(['0', '1']).default('1'),
  /** Event store durability: `full` survives a power cut (the default for a system of record). */
  EVENT_STORE_SYNC: z.enum(['full', 'normal']).default('full'),
  /** *(default 2)* working days before the due date when a case's light turns yellow. */
  CASE_WARNING_WORKING_DAYS: z.coerce.number().int().min(0).max(20).default(2),
  /** *(default 15)* working days to verify and rectify a bad rating. */
  RATING_RECTIFICATION_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(15),
  /** 12345 hotline *(defaults, DOMAIN.md §3)*: urgent tickets are signed within hours and finished within calendar days, normal ones in working days. */
  HOTLINE_URGENT_SIGN_HOURS: z.coerce.number().int().min(1).max(72).default(2),
  HOTLINE_URGENT_FINISH_DAYS: z.coerce.number().int().min(1).max(30).default(1),
  HOTLINE_NORMAL_SIGN_WORKING_DAYS: z.coerce.number().int().min(1).max(10).default(1),
  HOTLINE_NORMAL_FINISH_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  HOTLINE_CALLBACK_WORKING_DAYS: z.coerce.number().int().min(1).max(20).default(2),
  /** Returns (退单) a ticket may have before the center must coordinate. */
  HOTLINE_MAX_RETURNS: z.coerce.number().int().min(0).max(10).default(2),
  /** The most working days one extension request (延期) may ask for. */
  HOTLINE_MAX_EXTENSION_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(10),
  /** Days back the duplicate check looks for similar tickets in the same district, and how alike (0–1) their texts must be. */
  HOTLINE_DUPLICATE_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  HOTLINE_DUPLICATE_THRESHOLD: z.coerce.number().min(0.05).max(1).default(0.35),
  /** Open311 GeoReport v2: `realtime` answers a new request with its number, `batch` with a token to look the number up by. */
  OPEN311_SERVICE_TYPE: z.enum(['realtime', 'batch']).default('realtime'),
  /** Open311: the district (区县 code) of a request whose district cannot be told from its attributes or address; none: refused. */
  OPEN311_DEFAULT_DISTRICT: z.string().trim().optional().transform((v) => v || undefined),
  /** Open311 service discovery: whom client developers contact (a phone number, an address); default 12345 政务服务便民热线. */
  OPEN311_CONTACT: z.string().trim().max(500).optional().transform((v) => v || DEFAULT_OPEN311_SETTINGS.contact),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly kurrentUrl?: string;
  readonly mongoUrl?: string;
  readonly clickhouseUrl?: string;
  readonly adminPassword?: string;
  readonly seedDemo: boolean;
  readonly eventStoreSync: 'full' | 'normal';
  readonly caseWarningWorkingDays: number;
  readonly ratingRectificationWorkingDays: number;
  readonly hotline: HotlineConfig;
  readonly open311: Open311Settings;
}

/** The 12345 hotline's time limits and duplicate check (HOTLINE_* variables). */
export interface HotlineConfig {
  readonly urgentSignHours: number;
  readonly urgentFinishDays: number;
  readonly normalSignWorkingDays: number;
  readonly normalFinishWorkingDays: number;
  readonly callbackWorkingDays: number;
  readonly maxReturns: number;
  readonly maxExtensionWorkingDays: number;
  readonly duplicateWindowDays: number;
  readonly duplicateThreshold: number;
}

/** Reads the environment once; a bad value stops the process with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`configuration is not valid: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    ...(e.KURRENTDB_URL ? { kurrentUrl: e.KURRENTDB_URL } : {}),
    ...(e.MONGODB_URL ? { mongoUrl: e.MONGODB_URL } : {}),
    ...(e.CLICKHOUSE_URL ? { clickhouseUrl: e.CLICKHOUSE_URL } : {}),
    ...(e.ADMIN_PASSWORD ? { adminPassword: e.ADMIN_PASSWORD } : {}),
    seedDemo: e.SEED_DEMO === '1',
    eventStoreSync: e.EVENT_STORE_SYNC,
    caseWarningWorkingDays: e.CASE_WARNING_WORKING_DAYS,
    ratingRectificationWorkingDays: e.RATING_RECTIFICATION_WORKING_DAYS,
    hotline: {
      urgentSignHours: e.HOTLINE_URGENT_SIGN_HOURS,
      urgentFinishDays: e.HOTLINE_URGENT_FINISH_DAYS,
      normalSignWorkingDays: e.HOTLINE_NORMAL_SIGN_WORKING_DAYS,
      normalFinishWorkingDays: e.HOTLINE_NORMAL_FINISH_WORKING_DAYS,
      callbackWorkingDays: e.HOTLINE_CALLBACK_WORKING_DAYS,
      maxReturns: e.HOTLINE_MAX_RETURNS,
      maxExtensionWorkingDays: e.HOTLINE_MAX_EXTENSION_WORKING_DAYS,
      duplicateWindowDays: e.HOTLINE_DUPLICATE_WINDOW_DAYS,
      duplicateThreshold: e.HOTLINE_DUPLICATE_THRESHOLD,
    },
    open311: { serviceType: e.OPEN311_SERVICE_TYPE, ...(e.OPEN311_DEFAULT_DISTRICT ? { defaultDistrict: e.OPEN311_DEFAULT_DISTRICT } : {}), contact: e.OPEN311_CONTACT },
  };
}
