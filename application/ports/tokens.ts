/** Injection tokens for the ports; infrastructure binds the adapters to them. */
export const EVENT_STORE = Symbol('EventStore');
export const DOCUMENT_STORE = Symbol('DocumentStore');
export const WAREHOUSE = Symbol('Warehouse');
export const CLOCK = Symbol('Clock');
export const PASSWORD_HASHER = Symbol('PasswordHasher');
export const CALENDAR = Symbol('WorkingCalendar');
export const PROJECTION_RUNNER = Symbol('ProjectionRunner');
export const COMMAND_PIPELINE = Symbol('CommandPipeline');
export const BLOB_STORE = Symbol('BlobStore');
