import fs from 'node:fs';
import path from 'node:path';
import { HOTLINE_MEASURES_SQL, hotlineMeasuresQueryHandlers, type HotlineMeasuresSql } from '../../../application/hotline-measures/measures.queries.js';
import { analyticsDir } from '../../paths.js';
import { HotlineMeasuresController } from '../controllers/hotline-measures.controller.js';
import type { ContextWiring } from './index.js';

const dashboard = (name: string) => fs.readFileSync(path.join(analyticsDir, 'dashboards', `${name}.sql`), 'utf8');

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
  ],
};
