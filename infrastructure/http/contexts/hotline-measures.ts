import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CALLER_KEYS, CallerKeys } from '../../../application/hotline/caller-key.js';
import { HOTLINE_MEASURES_SQL, hotlineMeasuresQueryHandlers, type HotlineMeasuresSql } from '../../../application/hotline-measures/measures.queries.js';
import type { Config } from '../../config.js';
import { analyticsDir } from '../../paths.js';
import { HotlineMeasuresController } from '../controllers/hotline-measures.controller.js';
import { CONFIG } from '../tokens.js';
import type { ContextWiring } from './index.js';

const dashboard = (name: string) => fs.readFileSync(path.join(analyticsDir, 'dashboards', `${name}.sql`), 'utf8');

/** The key of the caller keys lives in DATA_DIR, created on first start: the same phone keeps its key across restarts. */
function openCallerKeys(dataDir: string): CallerKeys {
  const file = path.join(dataDir, 'caller-key.key');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  return new CallerKeys(Buffer.from(fs.readFileSync(file, 'utf8'), 'base64'));
}

/** 12345 decision support: the three rates, hot topics and repeat callers, from the warehouse. */
export const hotlineMeasures: ContextWiring = {
  controllers: [HotlineMeasuresController],
  providers: [
    ...hotlineMeasuresQueryHandlers,
    {
      provide: HOTLINE_MEASURES_SQL,
      useFactory: (): HotlineMeasuresSql => ({
        threeRates: dashboard('hotline_three_rates'),
        hotTopics: dashboard('hotline_hot_topics'),
        repeatCallers: dashboard('hotline_repeat_callers'),
      }),
    },
    { provide: CALLER_KEYS, useFactory: (config: Config) => openCallerKeys(config.dataDir), inject: [CONFIG] },
  ],
};
