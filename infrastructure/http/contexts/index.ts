import type { Provider, Type } from '@nestjs/common';
import { caseHandlers } from '../../../application/cases/cases.handlers.js';
import { caseQueryHandlers } from '../../../application/cases/cases.queries.js';
import { catalogHandlers } from '../../../application/catalog/catalog.handlers.js';
import { identityHandlers } from '../../../application/identity/identity.handlers.js';
import { AdminController } from '../controllers/admin.controller.js';
import { AnalyticsController } from '../controllers/analytics.controller.js';
import { AuthController } from '../controllers/auth.controller.js';
import { CasesController } from '../controllers/cases.controller.js';
import { CatalogController } from '../controllers/catalog.controller.js';
import { OperationsController } from '../controllers/operations.controller.js';
import { bundles } from './bundles.js';
import { hotline } from './hotline.js';
import { hotlineMeasures } from './hotline-measures.js';
import { knowledge } from './knowledge.js';
import { materials } from './materials.js';
import { open311 } from './open311.js';
import { ratings } from './ratings.js';
import { registry } from './registry.js';

/** What one bounded context adds to the HTTP application: its controllers and its handlers. */
export interface ContextWiring {
  readonly controllers: readonly Type[];
  readonly providers: readonly Provider[];
}

const identity: ContextWiring = { controllers: [AuthController, AdminController], providers: identityHandlers };
const catalog: ContextWiring = { controllers: [CatalogController], providers: catalogHandlers };
const cases: ContextWiring = { controllers: [CasesController], providers: [...caseHandlers, ...caseQueryHandlers] };
const decisionSupport: ContextWiring = { controllers: [AnalyticsController], providers: [] };
const operations: ContextWiring = { controllers: [OperationsController], providers: [] };

export const contexts: readonly ContextWiring[] = [identity, catalog, cases, registry, materials, bundles, ratings, hotline, knowledge, open311, decisionSupport, hotlineMeasures, operations];
