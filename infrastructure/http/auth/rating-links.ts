import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../../../application/ports/clock.js';

/** How long the link in a rating SMS stays usable. */
export const RATING_LINK_DAYS = 30;

export interface RatingLinkSubject {
  readonly caseId: string;
  readonly applicantId: string;
}

/**
 * The link in a rating SMS (好差评短信): it names the case and its applicant and is signed, so the
 * applicant rates without logging in and nobody else can. The domain allows one rating per case,
 * which makes the link single-use.
 */
export class RatingLinks {
  private constructor(
    private readonly key: Buffer,
    private readonly clock: Clock,
  ) {}

  /** The key lives in DATA_DIR so links survive a restart; created on first start. */
  static open(dataDir: string, clock: Clock): RatingLinks {
    const file = path.join(dataDir, 'rating-link.key');
    if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    return new RatingLinks(Buffer.from(fs.readFileSync(file, 'utf8'), 'base64'), clock);
  }

  issue(subject: RatingLinkSubject): { token: string; expiresAt: string } {
    const expiresAt = new Date(this.clock.now().getTime() + RATING_LINK_DAYS * 86_400_000).toISOString();
    const payload = Buffer.from(JSON.stringify({ c: subject.caseId, a: subject.applicantId, e: expiresAt })).toString('base64url');
    return { token: `${payload}.${this.sign(payload)}`, expiresAt };
  }

  /** The subject of a genuine, unexpired link; undefined for anything else. */
  read(token: string): RatingLinkSubject | undefined {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const { c, a, e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { c: string; a: string; e: string };
      if (typeof c !== 'string' || typeof a !== 'string' || !(new Date(e) > this.clock.now())) return undefined;
      return { caseId: c, applicantId: a };
    } catch {
      return undefined;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
