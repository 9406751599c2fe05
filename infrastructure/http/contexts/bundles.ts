import type { ContextWiring } from './index.js';

/** Parallel approval (并联审批): bundles of cases across departments. */
export const bundles: ContextWiring = { controllers: [], providers: [] };
