import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CALLER_KEYS, CallerKeys } from '../../../application/hotline/caller-key.js';
import { classificationHandlers } from '../../../application/hotline/classification.js';
import { ticketHandlers } from '../../../application/hotline/hotline.handlers.js';
import { ticketQueryHandlers } from '../../../application/hotline/hotline.queries.js';
import { HOTLINE_SETTINGS, type HotlineSettings } from '../../../application/hotline/settings.js';
import type { Config } from '../../config.js';
import { HotlineController } from '../controllers/hotline.controller.js';
import { HotlinePublicController } from '../controllers/hotline-public.controller.js';
import { CONFIG } from '../tokens.js';
import type { ContextWiring } from './index.js';

/** The city's hotline limits and duplicate check, from the HOTLINE_* settings. */
export function hotlineSettings({ hotline: h }: Pick<Config, 'hotline'>): HotlineSettings {
  return {
    limits: {
      urgent: { sign: { amount: h.urgentSignHours, unit: 'hours' }, finish: { amount: h.urgentFinishDays, unit: 'days' } },
      normal: { sign: { amount: h.normalSignWorkingDays, unit: 'working_days' }, finish: { amount: h.normalFinishWorkingDays, unit: 'working_days' } },
      callback: { amount: h.callbackWorkingDays, unit: 'working_days' },
      maxReturns: h.maxReturns,
      maxExtensionWorkingDays: h.maxExtensionWorkingDays,
    },
    duplicateWindowDays: h.duplicateWindowDays,
    duplicateThreshold: h.duplicateThreshold,
  };
}

/** The key of the caller keys lives in DATA_DIR, created on first start: the same phone keeps its key across restarts. */
function openCallerKeys(dataDir: string): CallerKeys {
  const file = path.join(dataDir, 'caller-key.key');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  return new CallerKeys(Buffer.from(fs.readFileSync(file, 'utf8'), 'base64'));
}

/** 12345 hotline: tickets, their classification, and the public pages. */
export const hotline: ContextWiring = {
  controllers: [HotlineController, HotlinePublicController],
  providers: [
    { provide: HOTLINE_SETTINGS, useFactory: hotlineSettings, inject: [CONFIG] },
    { provide: CALLER_KEYS, useFactory: (config: Config) => openCallerKeys(config.dataDir), inject: [CONFIG] },
    ...ticketHandlers,
    ...ticketQueryHandlers,
    ...classificationHandlers,
  ],
};
