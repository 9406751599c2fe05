import { describe, expect, it } from 'vitest';
import { fold } from '../../domain/shared/decider.js';
import { categoryRef, classificationDecider, classificationStreamId, districtRef, type ClassificationEvent } from '../../domain/hotline/index.js';
import { spec } from '../support/decider-spec.js';
import { ctx, marketHandler } from './hotline-fixtures.js';

const given = (events: readonly ClassificationEvent[]) => spec(classificationDecider, ctx).given(events);
const defined = (code: string, name: string, parentCode: string | null = null): ClassificationEvent => ({
  type: 'HotlineCategoryDefined',
  data: { code, name, parentCode, definedAt: '2026-11-01T00:00:00.000Z' },
});
const tree = [defined('CG', '城市管理'), defined('CG.SR', '市容环境', 'CG'), defined('CG.SR.ZY', '噪音扰民', 'CG.SR')];

describe('the category tree (诉求分类)', () => {
  it('the center adds a category under a parent', () => {
    given(tree)
      .when({ type: 'DefineCategory', data: { code: 'CG.SR.YY', name: '油烟污染', parentCode: 'CG.SR' } })
      .then([{ type: 'HotlineCategoryDefined', data: { code: 'CG.SR.YY', name: '油烟污染', parentCode: 'CG.SR' } }]);
    expect(classificationStreamId()).toBe('hotline-classification-main');
  });

  it('a ticket records the whole path of its category', () => {
    const state = fold(classificationDecider, tree);
    expect(categoryRef(state.categories, 'CG.SR.ZY')).toEqual({ code: 'CG.SR.ZY', name: '噪音扰民', path: ['CG', 'CG.SR', 'CG.SR.ZY'], pathNames: ['城市管理', '市容环境', '噪音扰民'] });
    expect(categoryRef(state.categories, 'NOPE')).toBeUndefined();
  });

  it('refuses an unknown parent, a cycle and a missing name', () => {
    given(tree).when({ type: 'DefineCategory', data: { code: 'X', name: '其他', parentCode: 'NOPE' } }).thenError('classification.unknown_parent', 'not_found');
    given(tree).when({ type: 'DefineCategory', data: { code: 'CG', name: '城市管理', parentCode: 'CG.SR.ZY' } }).thenError('classification.cycle');
    given(tree).when({ type: 'DefineCategory', data: { code: 'X', name: ' ' } }).thenError('classification.name_required');
    given(tree).when({ type: 'DefineCategory', data: { code: '城管', name: '城管' } }).thenError('classification.bad_code');
  });

  it('defining a category as it already is changes nothing', () => {
    given(tree).when({ type: 'DefineCategory', data: { code: 'CG', name: '城市管理' } }).then([]);
  });

  it('a retired category is no longer offered; a parent is retired after its children', () => {
    given(tree).when({ type: 'RetireCategory', data: { code: 'CG.SR' } }).thenError('classification.has_children', 'conflict');
    given(tree).when({ type: 'RetireCategory', data: { code: 'CG.SR.ZY' } }).then([{ type: 'HotlineCategoryRetired', data: { code: 'CG.SR.ZY' } }]);
    const state = fold(classificationDecider, [...tree, { type: 'HotlineCategoryRetired', data: { code: 'CG.SR.ZY', retiredAt: '2026-11-02T00:00:00.000Z' } }]);
    expect(categoryRef(state.categories, 'CG.SR.ZY')).toBeUndefined();
  });

  it('only the center or an administrator maintains it', () => {
    given(tree).when({ type: 'DefineCategory', data: { code: 'X', name: '其他' } }, { actor: marketHandler }).thenError('classification.role_not_allowed', 'forbidden');
  });
});

describe('the district list (区域)', () => {
  it('districts are added, renamed and retired', () => {
    given([]).when({ type: 'DefineDistrict', data: { code: 'GX', name: '高新区' } }).then([{ type: 'HotlineDistrictDefined', data: { code: 'GX', name: '高新区' } }]);
    const gx: ClassificationEvent = { type: 'HotlineDistrictDefined', data: { code: 'GX', name: '高新区', definedAt: '2026-11-01T00:00:00.000Z' } };
    given([gx]).when({ type: 'DefineDistrict', data: { code: 'GX', name: '高新技术产业开发区' } }).then([{ type: 'HotlineDistrictDefined', data: { name: '高新技术产业开发区' } }]);
    given([gx]).when({ type: 'RetireDistrict', data: { code: 'GX' } }).then([{ type: 'HotlineDistrictRetired' }]);
    given([]).when({ type: 'RetireDistrict', data: { code: 'GX' } }).thenError('classification.unknown_district', 'not_found');
    expect(districtRef(fold(classificationDecider, [gx]).districts, 'GX')).toEqual({ code: 'GX', name: '高新区' });
  });
});
