import type { ContextWiring } from './index.js';

/** Registries (沉淀): enterprises, persons, projects, licenses. */
export const registry: ContextWiring = { controllers: [], providers: [] };
