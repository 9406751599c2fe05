import { HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDomainError, type DomainError } from '../../../domain/shared/errors.js';
import type { Bilingual } from '../../../domain/shared/messages.js';
import { logger } from '../../logging/logger.js';
import { formatOf, reply } from './format.js';

const log = logger('open311');

/**
 * The HTTP statuses of GeoReport v2: 404 for what does not exist, 403 for a wrong or missing
 * api_key, 400 for any other request that cannot be fulfilled. 413 and 429 keep their meaning.
 */
export type Open311Status = 400 | 403 | 404 | 413 | 429 | 500;

export interface Open311Problem {
  /** The HTTP status, as the specification's examples do. */
  readonly code: number;
  /** Meant to be read by the user: Chinese first, then English. */
  readonly description: string;
}

/** A refusal of the Open311 edge, answered as `<errors><error><code/><description/></error></errors>`. */
export class Open311Error extends Error {
  readonly problems: readonly Open311Problem[];
  constructor(
    readonly status: Open311Status,
    messages: Bilingual | readonly Bilingual[],
  ) {
    const list = Array.isArray(messages) ? (messages as readonly Bilingual[]) : [messages as Bilingual];
    super(list.map((m) => m.en).join('; '));
    this.problems = list.map((m) => ({ code: status, description: describe(m) }));
  }
}

const describe = (message: Bilingual) => `${message.zh}（${message.en}）`;

export const badRequest = (zh: string, en: string) => new Open311Error(400, { zh, en });
export const unknown = (zh: string, en: string) => new Open311Error(404, { zh, en });

/** Open311's own routes: the only ones whose errors leave in its format. */
export const isOpen311Path = (url: string) => /^\/open311(\/|$)/.test(url);

const DOMAIN_STATUS: Record<DomainError['kind'], Open311Status> = {
  not_found: 404,
  forbidden: 403,
  unauthenticated: 403,
  invalid: 400,
  conflict: 400,
};

/** Any exception raised while serving an Open311 route, as the specification's error list. */
export function toOpen311Error(exception: unknown): Open311Error {
  if (exception instanceof Open311Error) return exception;
  // A DomainRefusal (infrastructure/http/errors.ts) carries its DomainError as `error`.
  const domain = isDomainError(exception) ? exception : isDomainError((exception as { error?: unknown } | null)?.error) ? (exception as { error: DomainError }).error : undefined;
  if (domain) return new Open311Error(DOMAIN_STATUS[domain.kind], domain.message);
  const parser = (exception instanceof HttpException ? exception.cause : exception) as { status?: number; type?: string } | undefined;
  if (typeof parser?.type === 'string' && typeof parser.status === 'number' && parser.status < 500) {
    if (parser.status === 413) return new Open311Error(413, { zh: '提交的内容过大', en: 'The request is too large' });
    return new Open311Error(400, { zh: '请求体无法解析', en: 'The request body could not be read' });
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) return new Open311Error(404, { zh: '没有这个资源', en: 'No such resource' });
    if (status === 401 || status === 403) return new Open311Error(403, { zh: 'api_key 缺失或无效', en: 'Missing or invalid api_key' });
    if (status === 413) return new Open311Error(413, { zh: '提交的内容过大', en: 'The request is too large' });
    if (status === 429) return new Open311Error(429, { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' });
    if (status < 500) return new Open311Error(400, { zh: '请求有误', en: 'The request cannot be fulfilled' });
  }
  return new Open311Error(500, { zh: '系统内部错误，请联系我们', en: 'Internal error; please notify us' });
}

/** Answers an exception on an Open311 route in the caller's format (the path's extension). */
export function answerOpen311(exception: unknown, request: Pick<Request, 'method' | 'url'>, response: Response): void {
  const error = toOpen311Error(exception);
  if (error.status >= 500) log.error({ err: exception, method: request.method, url: request.url.split('?')[0] }, 'open311 request failed');
  if (response.headersSent) return;
  reply(response, formatOf(request.url), { root: 'errors', items: error.problems }, error.status);
}
