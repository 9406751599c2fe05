import type { Server } from '../server.js';

/** Demo data through the real command pipeline (filled in with the first slice). */
export async function seedDemo(_server: Server): Promise<void> {}
