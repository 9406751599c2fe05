import { yuan } from './format';
import type { FeeRule } from './types';

type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

/** A fee rule as the guide states it. */
export function feeRuleText(rule: FeeRule | undefined, t: Translate): string {
  if (!rule || rule.kind === 'free') return t('fee.free');
  if (rule.kind === 'fixed') return t('fee.fixed', { values: { amount: yuan(rule.amountCents) } });
  return t('fee.computed', { values: { unit: yuan(rule.unitCents), per: rule.unit ?? rule.field, field: rule.field, cap: yuan(rule.capCents) } });
}
