import type { Fee } from '../catalog/index.js';

export type Assessment = { readonly amountCents: number; readonly quantity?: number } | { readonly missingField: string };

/**
 * The amount a fee rule charges for an application: nothing, the fixed amount, or the unit amount
 * times the number on the form, rounded to the cent and capped.
 */
export function assessFee(fee: Fee, formData: Readonly<Record<string, unknown>>): Assessment {
  switch (fee.kind) {
    case 'free':
      return { amountCents: 0 };
    case 'fixed':
      return { amountCents: fee.amountCents };
    case 'computed': {
      const quantity = formData[fee.field];
      if (typeof quantity !== 'number' || !Number.isFinite(quantity)) return { missingField: fee.field };
      return { amountCents: Math.min(fee.capCents, Math.max(0, Math.round(fee.unitCents * quantity))), quantity };
    }
    default: {
      const unknown: never = fee;
      return unknown;
    }
  }
}
