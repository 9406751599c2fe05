import type { Projection } from '../application/projection.js';
import { identityViews } from './identity.js';
import { warehouseEvents } from './warehouse-events.js';

/** Every projection the process runs. */
export const allProjections: readonly Projection[] = [identityViews, warehouseEvents];
