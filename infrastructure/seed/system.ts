import type { Actor } from '../../domain/shared/decider.js';

/** The installation itself, as the actor of what it does on start (the admin account, demo data). */
export const SYSTEM: Actor = { id: 'system', role: 'admin' };
