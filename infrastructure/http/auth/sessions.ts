import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { jwtVerify, SignJWT } from 'jose';
import type { Request } from 'express';
import type { Clock } from '../../../application/ports/clock.js';
import type { DocumentStore } from '../../../application/ports/document-store.js';
import type { UserDoc } from '../../../application/identity/identity.handlers.js';
import type { SessionUser } from './session-user.js';

export const SESSION_COOKIE = 'gh_session';

/**
 * Sessions are signed tokens (HttpOnly cookie, or a bearer header for scripts) naming a user and a
 * session id. Every request re-reads the user, so a changed role or a disabled account takes
 * effect at once; a session ended by logout is refused.
 */
export class Sessions {
  private constructor(
    private readonly key: Uint8Array,
    private readonly documents: DocumentStore,
    private readonly clock: Clock,
  ) {}

  /** The signing key lives in DATA_DIR so sessions survive a restart; created on first start. */
  static open(dataDir: string, documents: DocumentStore, clock: Clock): Sessions {
    const file = path.join(dataDir, 'session.key');
    if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    return new Sessions(Buffer.from(fs.readFileSync(file, 'utf8'), 'base64'), documents, clock);
  }

  async issue(username: string, sessionId: string, expiresAt: Date): Promise<string> {
    return new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(username)
      .setIssuedAt(Math.floor(this.clock.now().getTime() / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
  }

  async authenticate(request: Request): Promise<SessionUser | undefined> {
    const token = tokenOf(request);
    if (!token) return undefined;
    let username: string;
    let sessionId: string;
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], currentDate: this.clock.now() });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return undefined;
      username = payload.sub;
      sessionId = payload.sid;
    } catch {
      return undefined;
    }
    const [user, session] = await Promise.all([
      this.documents.get<UserDoc>('users', username),
      this.documents.get<{ ended: boolean }>('sessions', sessionId),
    ]);
    if (!user?.active || session?.ended) return undefined;
    return {
      userId: user.userId,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      ...(user.department ? { department: user.department } : {}),
      sessionId,
    };
  }
}

function tokenOf(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const cookies = (request as Request & { cookies?: Record<string, string> }).cookies;
  return cookies?.[SESSION_COOKIE];
}

/**
 * A secret shared with the local command line through a file only the server's user can read
 * (DATA_DIR/server.json), so `npm run projections` can drive the running server.
 */
export class ControlToken {
  readonly value = randomBytes(24).toString('base64url');

  matches(candidate: string | undefined): boolean {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.value);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
