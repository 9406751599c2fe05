import type { Projection } from '../application/projection.js';
import { bundlesView } from './bundles-view.js';
import { caseFacts } from './case-facts.js';
import { casesView } from './cases-view.js';
import { catalogItems } from './catalog-items.js';
import { identityViews } from './identity.js';
import { licensesView } from './licenses.js';
import { ratingFacts } from './rating-facts.js';
import { ratingsView } from './ratings.js';
import { registries } from './registries.js';
import { warehouseEvents } from './warehouse-events.js';

/** Every projection the process runs. */
export const allProjections: readonly Projection[] = [
  identityViews,
  catalogItems,
  casesView,
  bundlesView,
  caseFacts,
  ratingsView,
  ratingFacts,
  warehouseEvents,
  licensesView,
  registries,
];
