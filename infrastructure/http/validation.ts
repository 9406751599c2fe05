import {
  applyDecorators,
  BadRequestException,
  createParamDecorator,
  Injectable,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';

const BODY = 'validation:body';
const QUERY = 'validation:query';

/** Declares and documents the JSON body of a route; the interceptor validates it before the handler runs. */
export function BodySchema(schema: z.ZodType) {
  return applyDecorators(SetMetadata(BODY, schema), ApiBody({ schema: openApiSchema(schema) }));
}

/** Declares and documents the query string of a route. */
export function QuerySchema(schema: z.ZodObject) {
  const json = openApiSchema(schema) as { properties?: Record<string, object>; required?: string[] };
  const params = Object.entries(json.properties ?? {}).map(([name, s]) =>
    ApiQuery({ name, required: json.required?.includes(name) ?? false, schema: s }),
  );
  return applyDecorators(SetMetadata(QUERY, schema), ...params);
}

function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

export function validationError(problems: readonly FieldProblem[]): BadRequestException {
  const list = problems.map((p) => `${p.field}: ${p.reason}`).join('; ');
  return new BadRequestException({
    code: 'validation_failed',
    message: { zh: `输入有误（${list}）`, en: `Invalid input (${list})` },
    details: { fields: problems },
  });
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw validationError(
    result.error.issues.map((issue) => ({
      field: issue.path.length ? issue.path.join('.') : where,
      reason: issue.message,
    })),
  );
}

/** Validates body and query against the schemas a route declares; routes read the parsed values. */
@Injectable()
export class ValidationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler) {
    const request = context.switchToHttp().getRequest<Request & { validQuery?: unknown }>();
    const body = this.reflector.get<z.ZodType | undefined>(BODY, context.getHandler());
    const query = this.reflector.get<z.ZodType | undefined>(QUERY, context.getHandler());
    if (body) request.body = parseWith(body, request.body ?? {}, 'body');
    if (query) request.validQuery = parseWith(query, request.query, 'query');
    return next.handle();
  }
}

/** The query string as validated by the route's QuerySchema. */
export const ValidQuery = createParamDecorator((_: unknown, context: ExecutionContext) => {
  return context.switchToHttp().getRequest<Request & { validQuery?: unknown }>().validQuery;
});
