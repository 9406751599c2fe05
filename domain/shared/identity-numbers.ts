/**
 * Check characters of the two national identifiers (DOMAIN.md "Identity numbers").
 *  - Citizen ID number, GB 11643-1999: 17 digits and a check character (0-9 or X), ISO 7064 MOD 11-2.
 *  - Unified social credit code, GB 32100-2015: 17 characters and a check character, MOD 31.
 */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function citizenIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('a citizen ID number starts with 17 digits');
  const sum = ID_WEIGHTS.reduce((total, weight, i) => total + weight * Number(first17[i]), 0);
  return ID_CHECK[sum % 11]!;
}

export function isValidCitizenId(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const birth = value.slice(6, 14);
  const date = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10).replaceAll('-', '') !== birth) return false;
  return citizenIdCheckCharacter(value.slice(0, 17)) === value[17];
}

/** The 31 characters of GB 32100 (no I, O, S, V, Z). */
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckCharacter(first17: string): string {
  const values = [...first17].map((c) => CODE_CHARS.indexOf(c));
  if (values.length !== 17 || values.some((v) => v < 0)) throw new RangeError('a credit code starts with 17 characters of GB 32100');
  const sum = values.reduce((total, v, i) => total + v * CODE_WEIGHTS[i]!, 0);
  return CODE_CHARS[(31 - (sum % 31)) % 31]!;
}

export function isValidCreditCode(value: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) return false;
  return creditCodeCheckCharacter(value.slice(0, 17)) === value[17];
}
