import type { NextFunction, Request, Response } from 'express';

/**
 * Civic apps in browsers on other origins call GeoReport v2: any origin may read it and post to it,
 * never with cookies (a new request carries its api_key). Mounted on /open311/v2 alone: the /api
 * routes, which a session cookie authenticates, stay same-origin.
 */
export function open311Cors(request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Access-Control-Allow-Origin', '*');
  // helmet answers `same-origin` everywhere, which would keep those apps from reading the answers.
  response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  if (request.method !== 'OPTIONS') return next();
  response.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  response.setHeader('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key');
  response.setHeader('Access-Control-Max-Age', '86400');
  response.status(204).end();
}
