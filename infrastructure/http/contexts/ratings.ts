import { ratingHandlers } from '../../../application/ratings/ratings.handlers.js';
import { ratingQueryHandlers } from '../../../application/ratings/ratings.queries.js';
import { RatingsController } from '../controllers/ratings.controller.js';
import type { ContextWiring } from './index.js';

/** Ratings (好差评) and the rectification of bad ones. */
export const ratings: ContextWiring = { controllers: [RatingsController], providers: [...ratingHandlers, ...ratingQueryHandlers] };
