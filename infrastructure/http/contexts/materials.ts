import type { ContextWiring } from './index.js';

/** Uploaded materials, stored by content digest. */
export const materials: ContextWiring = { controllers: [], providers: [] };
