import type { Decider } from '../shared/decider.js';
import { conflict, forbidden, invalid, notFound } from '../shared/errors.js';
import type { ApiKeyCommand } from './commands.js';
import type { ApiKeyEvent } from './events.js';
import { API_KEY_ROLES, KEY_HASH, MAX_CLIENT_NAME_LENGTH, MAX_REVOKE_REASON_LENGTH } from './rules.js';

export type ApiKeyState = { status: 'none' } | { status: 'active' | 'revoked'; keyId: string; client: string };

export const apiKeyStreamId = (keyId: string) => `open311key-${keyId}`;

/** An Open311 API key: issued once, usable until revoked; a revoked key never comes back. */
export const apiKeyDecider: Decider<ApiKeyCommand, ApiKeyEvent, ApiKeyState> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    switch (event.type) {
      case 'ApiKeyIssued':
        return { status: 'active', keyId: event.data.keyId, client: event.data.client };
      case 'ApiKeyRevoked':
        return state.status === 'none' ? state : { ...state, status: 'revoked' };
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state, ctx) {
    if (!API_KEY_ROLES.includes(ctx.actor.role)) {
      return forbidden('open311_key.role_not_allowed', '只有管理员可以签发或作废接口密钥', 'Only an administrator issues or revokes API keys', { role: ctx.actor.role });
    }
    switch (command.type) {
      case 'IssueApiKey': {
        if (state.status !== 'none') return conflict('open311_key.exists', '该密钥已签发', 'This key has already been issued');
        const client = command.data.client.trim();
        if (!client || client.length > MAX_CLIENT_NAME_LENGTH) {
          return invalid('open311_key.client_required', `请填写使用方名称（不超过${MAX_CLIENT_NAME_LENGTH}字）`, `Name the client (at most ${MAX_CLIENT_NAME_LENGTH} characters)`);
        }
        if (!KEY_HASH.test(command.data.keyHash)) return invalid('open311_key.bad_hash', '密钥摘要格式不正确', 'The key digest is malformed');
        return [{ type: 'ApiKeyIssued', data: { ...command.data, client, issuedAt: ctx.now.toISOString() } }];
      }
      case 'RevokeApiKey': {
        if (state.status === 'none') return notFound('open311_key.not_found', '密钥不存在', 'No such key');
        if (state.status === 'revoked') return conflict('open311_key.revoked', '密钥已作废', 'The key has already been revoked');
        const reason = command.data.reason.trim();
        if (!reason || reason.length > MAX_REVOKE_REASON_LENGTH) {
          return invalid('open311_key.reason_required', '请填写作废原因', 'Give the reason for revoking the key');
        }
        return [{ type: 'ApiKeyRevoked', data: { keyId: command.data.keyId, reason, revokedAt: ctx.now.toISOString() } }];
      }
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
