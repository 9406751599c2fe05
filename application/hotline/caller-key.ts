import { createHmac } from 'node:crypto';

/** Injection token of the installation's {@link CallerKeys}. */
export const CALLER_KEYS = Symbol('CallerKeys');

/**
 * The caller key (来电人标识) that lets the warehouse count repeat callers without holding a phone
 * number: an HMAC-SHA-256 of the normalised phone under a key that only this installation has, so
 * the same phone gives the same key on every ticket, and a key cannot be turned back into a phone
 * by trying every number without the installation's key. The register handler puts it on
 * `TicketRegistered` as `callerKey`; projections/ticket-facts.ts copies it to the warehouse.
 */
export class CallerKeys {
  constructor(private readonly secret: Buffer) {
    if (secret.length < 16) throw new RangeError('the caller key secret must be at least 16 bytes');
  }

  /** The key of a phone number; undefined when there is no usable number. */
  of(phone: string | undefined): string | undefined {
    const normalised = normalisePhone(phone);
    return normalised === undefined ? undefined : createHmac('sha256', this.secret).update(normalised).digest('base64url').slice(0, 22);
  }
}

/**
 * One phone, one spelling: digits only, without the country code (+86, 0086) — so '138 0013 8000'
 * and '+86-13800138000' are the same caller. Fewer than 5 digits is no number.
 */
export function normalisePhone(phone: string | undefined): string | undefined {
  if (phone === undefined) return undefined;
  let digits = phone.replace(/\D/g, '');
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  return digits.length >= 5 ? digits : undefined;
}
