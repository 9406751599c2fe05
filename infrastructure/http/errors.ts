import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { isDomainError, type DomainError } from '../../domain/shared/errors.js';
import { logger } from '../logging/logger.js';
import { answerOpen311, isOpen311Path } from './open311/errors.js';

const log = logger('http');

const DOMAIN_STATUS: Record<DomainError['kind'], number> = {
  conflict: HttpStatus.CONFLICT,
  invalid: HttpStatus.UNPROCESSABLE_ENTITY,
  not_found: HttpStatus.NOT_FOUND,
  forbidden: HttpStatus.FORBIDDEN,
  unauthenticated: HttpStatus.UNAUTHORIZED,
};

/** A domain refusal travels as an exception only through Nest's plumbing; the filter answers it as 4xx. */
export class DomainRefusal extends Error {
  constructor(readonly error: DomainError) {
    super(error.code);
  }
}

const DEFAULT_MESSAGES: Record<number, { code: string; zh: string; en: string }> = {
  400: { code: 'bad_request', zh: '请求有误', en: 'Bad request' },
  401: { code: 'unauthenticated', zh: '请先登录', en: 'Please log in' },
  403: { code: 'forbidden', zh: '无权执行此操作', en: 'You are not allowed to do this' },
  404: { code: 'not_found', zh: '未找到', en: 'Not found' },
  413: { code: 'payload_too_large', zh: '提交的内容过大', en: 'The request is too large' },
  415: { code: 'unsupported_media_type', zh: '不支持的内容类型', en: 'Unsupported content type' },
  429: { code: 'too_many_requests', zh: '操作过于频繁，请稍后再试', en: 'Too many requests; try again later' },
};

/**
 * Every error leaves as `{ statusCode, code, message: { zh, en }, details? }`. Bad input is 4xx;
 * only a fault of ours is 500, and it is logged without the request body.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<{ method: string; url: string }>();
    // Open311 clients read errors in GeoReport v2's own shape and format.
    if (isOpen311Path(request.url)) return answerOpen311(exception, request, response);
    const { status, body } = describe(exception);
    if (status >= 500) log.error({ err: exception, method: request.method, url: request.url }, 'request failed');
    if (response.headersSent) return;
    response.status(status).json({ statusCode: status, ...body });
  }
}

function describe(exception: unknown): { status: number; body: Record<string, unknown> } {
  if (exception instanceof DomainRefusal || isDomainError(exception)) {
    const error = exception instanceof DomainRefusal ? exception.error : (exception as DomainError);
    return {
      status: DOMAIN_STATUS[error.kind],
      body: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
    };
  }
  // body-parser's errors (malformed JSON, too large, bad charset) arrive wrapped by Nest or raw.
  const parserError = (exception instanceof HttpException ? exception.cause : exception) as { status?: number; type?: string } | undefined;
  if (typeof parserError?.type === 'string' && typeof parserError.status === 'number' && parserError.status < 500) {
    if (parserError.type === 'entity.parse.failed') {
      return {
        status: 400,
        body: { code: 'malformed_json', message: { zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' } },
      };
    }
    const fallback = DEFAULT_MESSAGES[parserError.status] ?? DEFAULT_MESSAGES[400]!;
    return { status: parserError.status, body: { code: fallback.code, message: { zh: fallback.zh, en: fallback.en } } };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const answer = exception.getResponse();
    if (typeof answer === 'object' && answer !== null && 'code' in answer) return { status, body: answer as Record<string, unknown> };
    const fallback = DEFAULT_MESSAGES[status] ?? { code: `http_${status}`, zh: '请求失败', en: exception.message };
    return { status, body: { code: fallback.code, message: { zh: fallback.zh, en: fallback.en } } };
  }
  return { status: 500, body: { code: 'internal_error', message: { zh: '系统内部错误', en: 'Internal error' } } };
}
