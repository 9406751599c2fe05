import { describe, expect, it } from 'vitest';
import { coarseAddress, coarseLocation, findPersonalData, redactPersonalData, textSimilarity } from '../../domain/hotline/index.js';

describe('how alike two callers’ words are (重复诉求)', () => {
  const bbq = '小区楼下烧烤店每天夜里噪音扰民，油烟也很大';

  it('the same text, punctuation and spacing aside, is 1; nothing in common is 0', () => {
    expect(textSimilarity(bbq, '小区楼下烧烤店每天夜里噪音扰民 油烟也很大！')).toBeCloseTo(1);
    expect(textSimilarity(bbq, '医保卡丢失如何补办')).toBe(0);
    expect(textSimilarity('', bbq)).toBe(0);
  });

  it('two callers about the same barbecue stall score well above two about different matters', () => {
    const same = textSimilarity(bbq, '楼下烧烤店夜间噪音扰民严重，希望处理');
    const other = textSimilarity(bbq, '建筑工地夜间施工噪音扰民');
    expect(same).toBeGreaterThan(0.35);
    expect(other).toBeLessThan(same);
  });

  it('is symmetric and between 0 and 1', () => {
    const a = '公交站台顶棚破损漏雨';
    const b = '站台顶棚漏雨，下雨天没法等车';
    expect(textSimilarity(a, b)).toBeCloseTo(textSimilarity(b, a));
    expect(textSimilarity(a, b)).toBeGreaterThan(0);
    expect(textSimilarity(a, b)).toBeLessThanOrEqual(1);
  });
});

describe('personal data in text for the public (匿名公开)', () => {
  it('finds mobile and landline numbers however they are written', () => {
    for (const text of ['电话13800138000', '电话 138 0013 8000', '电话138-0013-8000', '座机0591-87654321', '+86 13800138000']) {
      expect(findPersonalData(text).map((f) => f.kind), text).toEqual(['phone']);
    }
  });

  it('finds a citizen ID number, and leaves dates, amounts and the hotline number alone', () => {
    expect(findPersonalData('身份证号 11010519491231002X').map((f) => f.kind)).toEqual(['id_number']);
    expect(findPersonalData('2026-11-02 拨打12345反映，罚款20000元，门牌88号')).toEqual([]);
  });

  it('finds the caller’s name, their own number in any form, and their address', () => {
    const facts = { caller: { name: '王秀英', phone: '87654321' }, address: '科技路88号' };
    expect(findPersonalData('王秀英来电，座机 8765 4321，住科技路88号', facts).map((f) => f.kind)).toEqual(['caller_name', 'phone', 'address']);
  });

  it('redacts what it finds with the masks', () => {
    expect(redactPersonalData('请王秀英回电13800138000', { caller: { name: '王秀英' } })).toBe('请王**回电138****8000');
  });
});

describe('the place of a request for the public (位置脱敏)', () => {
  it('keeps the district and a plain road, never the house number', () => {
    expect(coarseAddress('高新区科技路88号', '高新区')).toBe('高新区科技路');
    expect(coarseAddress('福州市台江区八一七中路 88 号', '台江区')).toBe('台江区八一七中路');
    expect(coarseAddress('高新区科技路88号3栋502室', '高新区')).toBe('高新区科技路');
    expect(coarseAddress('科技路88号', '高新区')).toBe('高新区科技路');
  });

  it('gives only the district when the road cannot be told safely', () => {
    for (const address of ['鼓楼区东街口', '鼓楼区某巷 3 号', '鼓楼区阳光花园3栋', '鼓楼区中山路与解放街交叉口', '鼓楼区', '台江区八一七中路 88 号']) {
      expect(coarseAddress(address, '鼓楼区'), address).toBe('鼓楼区');
    }
  });

  it('is the same when applied twice', () => {
    expect(coarseAddress(coarseAddress('高新区科技路88号', '高新区'), '高新区')).toBe('高新区科技路');
  });

  it('rounds a point to three decimals, about 100 m', () => {
    expect(coarseLocation({ lat: 26.0745, long: 119.2965 })).toEqual({ lat: 26.075, long: 119.297 });
    expect(coarseLocation({ lat: -33.86785, long: 151.20732 })).toEqual({ lat: -33.868, long: 151.207 });
  });
});
