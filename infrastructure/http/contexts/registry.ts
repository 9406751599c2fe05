import { registryHandlers } from '../../../application/registry/registry.handlers.js';
import { registryQueryHandlers } from '../../../application/registry/registry.queries.js';
import { RegistryController } from '../controllers/registry.controller.js';
import type { ContextWiring } from './index.js';

/** Registries (沉淀): enterprises, persons, projects, licenses. */
export const registry: ContextWiring = { controllers: [RegistryController], providers: [...registryHandlers, ...registryQueryHandlers] };
