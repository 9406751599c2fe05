import { createHash, randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { apiKeyDecider, apiKeyStreamId, type ApiKeyCommand } from '../../domain/open311/index.js';
import { CommandPipeline, type CommandOutcome } from '../command-pipeline.js';
import type { Issued } from '../identity/identity.handlers.js';
import type { DocumentStore } from '../ports/document-store.js';
import { COMMAND_PIPELINE, DOCUMENT_STORE } from '../ports/tokens.js';

/** The `open311_keys` view (projections/open311-keys.ts): one document per key, digest only. */
export interface ApiKeyDoc {
  keyId: string;
  client: string;
  keyHash: string;
  keyPrefix: string;
  issuedAt: string;
  issuedBy: string | null;
  active: boolean;
  revokedAt?: string;
  revokeReason?: string;
}

const KEY_MARK = 'o311_';
/** What the list shows of a key: its mark and the first few characters, enough to tell keys apart. */
const PREFIX_LENGTH = KEY_MARK.length + 6;

/** A fresh key: 256 random bits, URL-safe, marked so that a leaked key is recognisable in a scan. */
export function newApiKey(): { key: string; keyHash: string; keyPrefix: string } {
  const key = KEY_MARK + randomBytes(32).toString('base64url');
  return { key, keyHash: digestOf(key), keyPrefix: key.slice(0, PREFIX_LENGTH) };
}

/** Keys are random and long, so a plain SHA-256 digest is enough to store them safely and find them again. */
export function digestOf(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export class ApiKeyCommandMessage extends Command<CommandOutcome> {
  constructor(
    readonly issued: Issued,
    readonly command: ApiKeyCommand,
  ) {
    super();
  }
}

@CommandHandler(ApiKeyCommandMessage)
export class ApiKeyHandler implements ICommandHandler<ApiKeyCommandMessage> {
  constructor(@Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline) {}

  execute({ issued, command }: ApiKeyCommandMessage) {
    return this.pipeline.handle({ decider: apiKeyDecider }, apiKeyStreamId(command.data.keyId), { ...issued, command });
  }
}

export type ApiKeyView = Omit<ApiKeyDoc, 'keyHash'>;

/** Every key, newest first, without its digest. */
export class ListApiKeysQuery extends Query<{ items: ApiKeyView[] }> {}

@QueryHandler(ListApiKeysQuery)
export class ListApiKeysHandler implements IQueryHandler<ListApiKeysQuery> {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  async execute() {
    const page = await this.documents.find<ApiKeyDoc>('open311_keys', {}, { sort: { issuedAt: -1 }, limit: 1000 });
    return { items: page.items.map(({ _id, _pos, keyHash: _hash, ...view }) => view) };
  }
}

/** The client an API key was issued to, if the key is known and not revoked. */
export class AuthenticateApiKeyQuery extends Query<{ keyId: string; client: string } | undefined> {
  constructor(readonly key: string) {
    super();
  }
}

@QueryHandler(AuthenticateApiKeyQuery)
export class AuthenticateApiKeyHandler implements IQueryHandler<AuthenticateApiKeyQuery> {
  constructor(@Inject(DOCUMENT_STORE) private readonly documents: DocumentStore) {}

  async execute({ key }: AuthenticateApiKeyQuery) {
    if (!key.startsWith(KEY_MARK) || key.length > 200) return undefined;
    const found = (await this.documents.find<ApiKeyDoc>('open311_keys', { keyHash: digestOf(key), active: true }, { limit: 1 })).items[0];
    return found ? { keyId: found.keyId, client: found.client } : undefined;
  }
}

export const apiKeyHandlers = [ApiKeyHandler, ListApiKeysHandler, AuthenticateApiKeyHandler];
