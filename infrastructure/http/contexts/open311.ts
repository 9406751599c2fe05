import { apiKeyHandlers } from '../../../application/open311/api-keys.js';
import { serviceRequestHandlers } from '../../../application/open311/requests.js';
import { serviceHandlers } from '../../../application/open311/services.js';
import { OPEN311_SETTINGS } from '../../../application/open311/settings.js';
import { submitHandlers } from '../../../application/open311/submit.js';
import type { Config } from '../../config.js';
import { Open311KeysController } from '../controllers/open311-keys.controller.js';
import { Open311Controller } from '../controllers/open311.controller.js';
import { CONFIG } from '../tokens.js';
import type { ContextWiring } from './index.js';

/** Open311 GeoReport v2 (/open311/v2): the hotline as civic tools see it, and the API keys of those tools. */
export const open311: ContextWiring = {
  controllers: [Open311Controller, Open311KeysController],
  providers: [
    ...apiKeyHandlers,
    ...serviceHandlers,
    ...serviceRequestHandlers,
    ...submitHandlers,
    { provide: OPEN311_SETTINGS, useFactory: (config: Config) => config.open311, inject: [CONFIG] },
  ],
};
