/**
 * The classification of tickets as managed data (分类 and 区域): a category tree and a district
 * list, kept in one stream so that every change sees the whole tree (a parent exists, no cycles).
 */
import type { Decider, DecideContext, Decision } from '../shared/decider.js';
import { conflict, forbidden, invalid, notFound } from '../shared/errors.js';
import type { ClassificationCommand } from './commands.js';
import type { CategoryRef, ClassificationEvent, DistrictRef } from './events.js';
import { TICKET_ROLES } from './rules.js';

export interface CategoryNode {
  readonly code: string;
  readonly name: string;
  readonly parentCode: string | null;
  readonly active: boolean;
}

export interface DistrictNode {
  readonly code: string;
  readonly name: string;
  readonly active: boolean;
}

export interface ClassificationState {
  readonly categories: Readonly<Record<string, CategoryNode>>;
  readonly districts: Readonly<Record<string, DistrictNode>>;
}

/** Codes are short and stable: letters, digits, dot, dash, underscore. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const MAX_NAME_LENGTH = 40;
/** The tree stays shallow enough to read: 城市管理 / 市容环境 / 噪音扰民 / … */
export const MAX_CATEGORY_DEPTH = 5;

const initialState: ClassificationState = { categories: {}, districts: {} };

function evolve(state: ClassificationState, event: ClassificationEvent): ClassificationState {
  switch (event.type) {
    case 'HotlineCategoryDefined': {
      const { code, name, parentCode } = event.data;
      return { ...state, categories: { ...state.categories, [code]: { code, name, parentCode, active: true } } };
    }
    case 'HotlineCategoryRetired': {
      const node = state.categories[event.data.code];
      return node ? { ...state, categories: { ...state.categories, [node.code]: { ...node, active: false } } } : state;
    }
    case 'HotlineDistrictDefined': {
      const { code, name } = event.data;
      return { ...state, districts: { ...state.districts, [code]: { code, name, active: true } } };
    }
    case 'HotlineDistrictRetired': {
      const node = state.districts[event.data.code];
      return node ? { ...state, districts: { ...state.districts, [node.code]: { ...node, active: false } } } : state;
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function decide(command: ClassificationCommand, state: ClassificationState, ctx: DecideContext): Decision<ClassificationEvent> {
  if (!(TICKET_ROLES.classify as readonly string[]).includes(ctx.actor.role)) {
    return forbidden('classification.role_not_allowed', '只有话务中心或管理员可以维护分类和区域', 'Only the hotline center or an administrator maintains the classification', { role: ctx.actor.role });
  }
  const now = ctx.now.toISOString();
  const code = typeof command.data.code === 'string' ? command.data.code.trim() : '';
  if (!CODE.test(code)) {
    return invalid('classification.bad_code', '编码须为 1 至 32 位字母、数字、点、横线或下划线', 'A code is 1 to 32 letters, digits, dots, dashes or underscores', { field: 'code' });
  }
  switch (command.type) {
    case 'DefineCategory': {
      const name = nameOf(command.data.name);
      if (typeof name !== 'string') return name;
      const parentCode = command.data.parentCode?.trim() || null;
      if (parentCode !== null) {
        const parent = state.categories[parentCode];
        if (!parent || !parent.active) return notFound('classification.unknown_parent', `上级分类不存在：${parentCode}`, `No such parent category: ${parentCode}`, { field: 'parentCode' });
        const ancestors = pathOf(state, parentCode);
        if (ancestors.includes(code)) return invalid('classification.cycle', '分类不能放在自己或自己的下级之下', 'A category cannot be placed under itself or its own subcategory', { field: 'parentCode' });
        if (ancestors.length >= MAX_CATEGORY_DEPTH) {
          return invalid('classification.too_deep', `分类最多 ${MAX_CATEGORY_DEPTH} 级`, `Categories are at most ${MAX_CATEGORY_DEPTH} levels deep`, { field: 'parentCode' });
        }
      }
      const existing = state.categories[code];
      if (existing && existing.active && existing.name === name && existing.parentCode === parentCode) return [];
      return [{ type: 'HotlineCategoryDefined', data: { code, name, parentCode, definedAt: now } }];
    }
    case 'RetireCategory': {
      const node = state.categories[code];
      if (!node || !node.active) return notFound('classification.unknown_category', `分类不存在或已停用：${code}`, `No such category in use: ${code}`, { field: 'code' });
      if (Object.values(state.categories).some((c) => c.active && c.parentCode === code)) {
        return conflict('classification.has_children', '请先停用该分类的下级分类', 'Retire its subcategories first', { code });
      }
      return [{ type: 'HotlineCategoryRetired', data: { code, retiredAt: now } }];
    }
    case 'DefineDistrict': {
      const name = nameOf(command.data.name);
      if (typeof name !== 'string') return name;
      const existing = state.districts[code];
      if (existing && existing.active && existing.name === name) return [];
      return [{ type: 'HotlineDistrictDefined', data: { code, name, definedAt: now } }];
    }
    case 'RetireDistrict': {
      const node = state.districts[code];
      if (!node || !node.active) return notFound('classification.unknown_district', `区域不存在或已停用：${code}`, `No such district in use: ${code}`, { field: 'code' });
      return [{ type: 'HotlineDistrictRetired', data: { code, retiredAt: now } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

function nameOf(value: unknown) {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name) return invalid('classification.name_required', '请填写名称', 'A name is required', { field: 'name' });
  if ([...name].length > MAX_NAME_LENGTH) return invalid('classification.name_too_long', `名称不能超过 ${MAX_NAME_LENGTH} 字`, `At most ${MAX_NAME_LENGTH} characters`, { field: 'name' });
  return name;
}

/** Codes from the root down to `code`. */
function pathOf(state: Pick<ClassificationState, 'categories'>, code: string): string[] {
  const path: string[] = [];
  for (let at: string | null = code; at !== null && !path.includes(at); at = state.categories[at]?.parentCode ?? null) path.unshift(at);
  return path;
}

/** A category in use with its path of codes and names, as a ticket records it; undefined when unknown or retired. */
export function categoryRef(categories: Readonly<Record<string, Pick<CategoryNode, 'code' | 'name' | 'parentCode' | 'active'>>>, code: string): CategoryRef | undefined {
  const node = categories[code];
  if (!node || !node.active) return undefined;
  const path = pathOf({ categories: categories as ClassificationState['categories'] }, code);
  return { code, name: node.name, path, pathNames: path.map((c) => categories[c]?.name ?? c) };
}

export function districtRef(districts: Readonly<Record<string, Pick<DistrictNode, 'code' | 'name' | 'active'>>>, code: string): DistrictRef | undefined {
  const node = districts[code];
  return node && node.active ? { code, name: node.name } : undefined;
}

export const classificationDecider: Decider<ClassificationCommand, ClassificationEvent, ClassificationState> = { initialState, evolve, decide };

/** One stream holds the whole classification. */
export const CLASSIFICATION_ID = 'main';
export const classificationStreamId = (id: string = CLASSIFICATION_ID) => `hotline-classification-${id}`;
