import { describe, it } from 'vitest';
import { apiKeyDecider, type ApiKeyEvent, type IssueApiKey } from '../../domain/open311/index.js';
import { spec } from '../support/decider-spec.js';

const admin = { id: 'u-admin', role: 'admin' };
const ctx = { now: new Date('2026-11-02T01:00:00Z'), actor: admin, newId: (p: string) => `id-${p}` };
const given = (events: ApiKeyEvent[]) => spec(apiKeyDecider, ctx).given(events);

const keyHash = 'a'.repeat(64);
const issue = (more: Partial<IssueApiKey['data']> = {}): IssueApiKey => ({ type: 'IssueApiKey', data: { keyId: 'k-1', client: '市民随手拍 App', keyHash, keyPrefix: 'o311_abcdef', ...more } });
const issued: ApiKeyEvent = { type: 'ApiKeyIssued', data: { keyId: 'k-1', client: '市民随手拍 App', keyHash, keyPrefix: 'o311_abcdef', issuedAt: '2026-11-02T01:00:00.000Z' } };

describe('Open311 API keys', () => {
  it('an admin issues a key to a named client; only its digest is recorded', () => {
    given([]).when(issue()).then([{ type: 'ApiKeyIssued', data: { keyId: 'k-1', client: '市民随手拍 App', keyHash, issuedAt: '2026-11-02T01:00:00.000Z' } }]);
  });

  it('only an admin issues or revokes keys', () => {
    given([]).when(issue(), { actor: { id: 'u-op', role: 'hotline_operator' } }).thenError('open311_key.role_not_allowed', 'forbidden');
    given([issued]).when({ type: 'RevokeApiKey', data: { keyId: 'k-1', reason: '泄露' } }, { actor: { id: 'u-op', role: 'hotline_operator' } }).thenError('open311_key.role_not_allowed', 'forbidden');
  });

  it('a key needs a client name and a well-formed digest, and is issued once', () => {
    given([]).when(issue({ client: '  ' })).thenError('open311_key.client_required', 'invalid');
    given([]).when(issue({ keyHash: 'the-key-itself' })).thenError('open311_key.bad_hash', 'invalid');
    given([issued]).when(issue()).thenError('open311_key.exists', 'conflict');
  });

  it('a key is revoked with a reason, once, and never comes back', () => {
    given([issued]).when({ type: 'RevokeApiKey', data: { keyId: 'k-1', reason: '合作终止' } }).then([{ type: 'ApiKeyRevoked', data: { keyId: 'k-1', reason: '合作终止' } }]);
    given([issued]).when({ type: 'RevokeApiKey', data: { keyId: 'k-1', reason: ' ' } }).thenError('open311_key.reason_required', 'invalid');
    const revoked: ApiKeyEvent = { type: 'ApiKeyRevoked', data: { keyId: 'k-1', reason: '合作终止', revokedAt: '2026-11-02T02:00:00.000Z' } };
    given([issued, revoked]).when({ type: 'RevokeApiKey', data: { keyId: 'k-1', reason: '再次' } }).thenError('open311_key.revoked', 'conflict');
    given([]).when({ type: 'RevokeApiKey', data: { keyId: 'k-9', reason: '不存在' } }).thenError('open311_key.not_found', 'not_found');
  });
});
