import type { Projection } from '../application/projection.js';
import { articlesView } from './articles.js';
import { bundlesView } from './bundles-view.js';
import { caseFacts } from './case-facts.js';
import { casesView } from './cases-view.js';
import { catalogItems } from './catalog-items.js';
import { hotlineClassification } from './hotline-classification.js';
import { identityViews } from './identity.js';
import { licensesView } from './licenses.js';
import { open311Keys } from './open311-keys.js';
import { open311Requests } from './open311-requests.js';
import { ratingFacts } from './rating-facts.js';
import { ratingsView } from './ratings.js';
import { registries } from './registries.js';
import { ticketFacts } from './ticket-facts.js';
import { ticketsView } from './tickets.js';
import { warehouseEvents } from './warehouse-events.js';

/** Every projection the process runs. */
export const allProjections: readonly Projection[] = [
  identityViews,
  catalogItems,
  articlesView,
  casesView,
  bundlesView,
  caseFacts,
  ratingsView,
  ratingFacts,
  hotlineClassification,
  ticketsView,
  ticketFacts,
  warehouseEvents,
  licensesView,
  registries,
  open311Keys,
  open311Requests,
];
