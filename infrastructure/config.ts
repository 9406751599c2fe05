import path from 'node:path';
import { z } from 'zod';

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
  };
}
