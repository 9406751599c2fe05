import { bundleHandlers } from '../../../application/bundles/bundles.handlers.js';
import { bundleQueryHandlers } from '../../../application/bundles/bundles.queries.js';
import { BundlesController } from '../controllers/bundles.controller.js';
import type { ContextWiring } from './index.js';

/** Parallel approval (并联审批): bundles of cases across departments (their process manager runs in application/process-managers.ts). */
export const bundles: ContextWiring = { controllers: [BundlesController], providers: [...bundleHandlers, ...bundleQueryHandlers] };
