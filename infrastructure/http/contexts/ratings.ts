import type { ContextWiring } from './index.js';

/** Ratings (好差评) and the rectification of bad ones. */
export const ratings: ContextWiring = { controllers: [], providers: [] };
