import { materialQueryHandlers } from '../../../application/materials/materials.queries.js';
import { MaterialsController } from '../controllers/materials.controller.js';
import type { ContextWiring } from './index.js';

/** Uploaded materials, stored by content digest. */
export const materials: ContextWiring = { controllers: [MaterialsController], providers: materialQueryHandlers };
