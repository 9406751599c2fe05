import { describe } from 'vitest';
import { openEventStore } from '../../infrastructure/event-store/index.js';
import { eventStoreContract } from '../contract/event-store.contract.js';

const url = process.env.KURRENTDB_URL;
if (!url) {
  console.warn('skipped: set KURRENTDB_URL (e.g. kurrentdb://localhost:2113?tls=false) to run the event store contract against KurrentDB');
}

describe.skipIf(!url)('KurrentDB event store', () => {
  // Each test writes to streams of a fresh category, so a shared server is fine.
  eventStoreContract('KurrentDB', () => openEventStore({ dataDir: '', kurrentUrl: url }));
});
