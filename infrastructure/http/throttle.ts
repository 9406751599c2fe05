import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * Counts requests per address and, for logins, per address and account: guessing one account's
 * password is slowed down without locking out colleagues who share the hall's network address.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, any>): Promise<string> {
    const address = String(request.ip ?? request.socket?.remoteAddress ?? 'unknown');
    const username = typeof request.body?.username === 'string' ? request.body.username.trim().toLowerCase() : '';
    return username ? `${address}|${username}` : address;
  }
}
