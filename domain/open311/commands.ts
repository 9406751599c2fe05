import type { Command } from '../shared/decider.js';

/** The key arrives already digested: generating and hashing it is done outside the domain. */
export type IssueApiKey = Command<'IssueApiKey', { keyId: string; client: string; keyHash: string; keyPrefix: string }>;
export type RevokeApiKey = Command<'RevokeApiKey', { keyId: string; reason: string }>;
export type ApiKeyCommand = IssueApiKey | RevokeApiKey;
