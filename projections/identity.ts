import type { DocumentProjection } from '../application/projection.js';
import type { WriteOp } from '../application/ports/document-store.js';
import type { DepartmentEvent, SessionEvent, UserEvent } from '../domain/identity/index.js';

/** Departments with their windows, and users with their roles (and password hash, never sent out). */
export const identityViews: DocumentProjection = {
  kind: 'documents',
  name: 'identity',
  version: 1,
  categories: ['department', 'user', 'session'],
  collections: ['departments', 'users', 'sessions'],
  indexes: { users: [{ fields: ['userId'], unique: true }, { fields: ['department'] }] },
  handle(recorded): WriteOp[] {
    const event = { type: recorded.type, data: recorded.data } as DepartmentEvent | UserEvent | SessionEvent;
    const at = recorded.metadata.occurredAt ?? recorded.recordedAt;
    switch (event.type) {
      case 'DepartmentCreated':
        return [{ op: 'upsert', collection: 'departments', id: event.data.code, doc: { ...event.data, createdAt: at } }];
      case 'WindowOpened':
        return [{ op: 'patch', collection: 'departments', id: event.data.code, push: { windows: event.data.window } }];
      case 'UserRegistered': {
        const { username, ...rest } = event.data;
        return [{ op: 'upsert', collection: 'users', id: username, doc: { username, ...rest, active: true, createdAt: at } }];
      }
      case 'UserPasswordChanged':
        return [{ op: 'patch', collection: 'users', id: usernameOf(recorded.streamId), set: { passwordHash: event.data.passwordHash } }];
      case 'UserRolesChanged':
        return [
          {
            op: 'patch',
            collection: 'users',
            id: usernameOf(recorded.streamId),
            set: { roles: event.data.roles, ...(event.data.department ? { department: event.data.department } : {}) },
            ...(event.data.department ? {} : { unset: ['department'] }),
          },
        ];
      case 'UserDisabled':
        return [{ op: 'patch', collection: 'users', id: usernameOf(recorded.streamId), set: { active: false } }];
      case 'SessionStarted':
        return [{ op: 'upsert', collection: 'sessions', id: event.data.sessionId, doc: { ...event.data, startedAt: at, ended: false } }];
      case 'SessionEnded':
        return [{ op: 'patch', collection: 'sessions', id: event.data.sessionId, set: { ended: true, endedAt: at, reason: event.data.reason } }];
      default:
        return [];
    }
  },
};

const usernameOf = (streamId: string) => streamId.slice('user-'.length);
