/** What the Open311 API tests share: reading answers in both formats, and the hotline data they need. */
import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { XMLParser } from 'fast-xml-parser';
import { expect } from 'vitest';
import { ApiKeyCommandMessage, newApiKey } from '../../application/open311/api-keys.js';
import { classificationDecider, classificationStreamId, type ClassificationCommand } from '../../domain/hotline/index.js';
import type { Server } from '../../infrastructure/server.js';

/** Every list of the GeoReport v2 XML documents, so that one item still parses as a list. */
const XML_LISTS = new Set([
  'services.service',
  'service_requests.request',
  'errors.error',
  'service_definition.attributes.attribute',
  'service_definition.attributes.attribute.values.value',
  'discovery.endpoints.endpoint',
  'discovery.endpoints.endpoint.formats.format',
]);
const xml = new XMLParser({ parseTagValue: false, isArray: (_name, jpath) => XML_LISTS.has(String(jpath)) });

/** The caller of the requests below: none of it may ever leave through Open311. */
export const CALLER = { first_name: '三', last_name: '张', phone: '13912345678', email: 'zhangsan@example.com', account_id: 'acct-778899', device_id: 'device-4711' };
/** Where the caller lives, as they gave it: only the district and road may leave. */
export const CALLER_ADDRESS = '鼓楼区五一中路 18 号';
/** The callers' addresses and exact points of the requests below: Open311 gives the district (and road) and a point to about 100 m. */
export const PRIVATE_PLACES = ['五一中路 18 号', '八一七中路 88 号', '五四路 1 号', '某巷 3 号', '六一路 7 号', '26.0745', '119.2965'];
export const PERSONAL = ['张三', '13912345678', 'zhangsan@example.com', 'acct-778899', 'device-4711', '李四', '13812345678', ...PRIVATE_PLACES];

export const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];
export const W3_CHINA = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

export interface Raw {
  status: number;
  type: string;
  text: string;
}

/** Every answer the Open311 routes gave in this file: checked at the end for personal data. */
export const answers: string[] = [];

export async function call(base: string, method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<Raw> {
  const response = await fetch(base + url, {
    method,
    ...(form ? { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: new URLSearchParams(form).toString() } : {}),
  });
  const text = await response.text();
  answers.push(text);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text };
}

/** Parses an answer in its format; XML is checked for its declaration and root element. */
export function read(raw: Raw, root: 'services' | 'service_definition' | 'service_requests' | 'errors' | 'discovery', format: 'json' | 'xml'): any {
  if (format === 'json') {
    expect(raw.type).toMatch(/^application\/json; charset=utf-8/);
    return JSON.parse(raw.text);
  }
  expect(raw.type).toMatch(/^text\/xml; charset=utf-8/);
  expect(raw.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const doc = xml.parse(raw.text);
  const roots = Object.keys(doc).filter((k) => k !== '?xml');
  expect(roots).toEqual([root]);
  const body = doc[root];
  if (root === 'service_definition' || root === 'discovery') return body;
  const item = { services: 'service', service_requests: 'request', errors: 'error' }[root];
  return body === '' ? [] : (body[item] ?? []);
}

const classify = (server: Server, command: ClassificationCommand) =>
  server.pipeline.handle({ decider: classificationDecider }, classificationStreamId(), { commandId: randomUUID(), actor: { id: 'seed', role: 'admin' }, command });

/** 城市管理 › 噪音扰民 | 道路破损, 市场监管 › 食品安全; districts 鼓楼区, 台江区. */
export async function seedClassification(server: Server) {
  const commands: ClassificationCommand[] = [
    { type: 'DefineCategory', data: { code: 'city', name: '城市管理', parentCode: null } },
    { type: 'DefineCategory', data: { code: 'city.noise', name: '噪音扰民', parentCode: 'city' } },
    { type: 'DefineCategory', data: { code: 'city.road', name: '道路破损', parentCode: 'city' } },
    { type: 'DefineCategory', data: { code: 'market', name: '市场监管', parentCode: null } },
    { type: 'DefineCategory', data: { code: 'market.food', name: '食品安全', parentCode: 'market' } },
    { type: 'DefineDistrict', data: { code: 'gulou', name: '鼓楼区' } },
    { type: 'DefineDistrict', data: { code: 'taijiang', name: '台江区' } },
  ];
  for (const command of commands) {
    const outcome = await classify(server, command);
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
  }
  await server.runner.settle();
}

/** An API key issued straight through the command bus, as the admin route does. */
export async function issueKey(server: Server, client: string): Promise<string> {
  const { key, keyHash, keyPrefix } = newApiKey();
  const outcome = await server.app.get(CommandBus).execute(
    new ApiKeyCommandMessage({ commandId: randomUUID(), actor: { id: 'seed', role: 'admin' } }, { type: 'IssueApiKey', data: { keyId: randomUUID(), client, keyHash, keyPrefix } }),
  );
  expect(outcome.ok).toBe(true);
  await server.runner.settle();
  return key;
}
