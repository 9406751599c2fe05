import type { Event } from '../shared/decider.js';

/**
 * An Open311 client's API key. Only the key's SHA-256 digest and its first characters (to tell
 * keys apart in lists) are ever recorded: the key itself is shown once, to the admin who issued it.
 */
export type ApiKeyIssued = Event<'ApiKeyIssued', { keyId: string; client: string; keyHash: string; keyPrefix: string; issuedAt: string }>;
export type ApiKeyRevoked = Event<'ApiKeyRevoked', { keyId: string; reason: string; revokedAt: string }>;
export type ApiKeyEvent = ApiKeyIssued | ApiKeyRevoked;
