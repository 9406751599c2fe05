import type { ItemDefinition } from '../../domain/catalog/index.js';

/** 食品经营许可 as the market department defines it: three materials, one of them conditional, and a three-step workflow. */
export const foodLicence: ItemDefinition = {
  code: 'XK00101001',
  name: '食品经营许可',
  type: 'license',
  department: 'market',
  legalBasis: '《中华人民共和国食品安全法》第三十五条',
  statutoryLimitDays: 20,
  promisedLimitDays: 10,
  handling: 'single',
  fee: { kind: 'free' },
  materials: [
    { name: '食品经营许可申请书', form: 'original', count: 1, required: true, standIns: [] },
    { name: '营业执照', form: 'copy', count: 1, required: true, standIns: ['XK00100001'] },
    { name: '授权委托书', form: 'original', count: 1, required: false, condition: '委托他人代为办理的', standIns: [] },
  ],
  form: { type: 'object' },
  workflow: [
    { name: '受理', kind: 'accept' },
    { name: '审查', kind: 'review' },
    { name: '决定', kind: 'decide' },
  ],
  delivery: ['window', 'mail'],
  onsiteVisits: 0,
};
