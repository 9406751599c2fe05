/**
 * Masks for personal data in list views and logs (DOMAIN.md "Identity numbers").
 * Only the first and last few characters stay visible.
 */
export function maskIdNumber(value: string): string {
  if (value.length <= 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

export function maskPhone(value: string): string {
  if (value.length < 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/** 张三 → 张*, 欧阳明华 → 欧***; an enterprise name keeps its first four characters. */
export function maskName(value: string, kind: 'person' | 'enterprise' = 'person'): string {
  const chars = [...value];
  if (kind === 'enterprise') return chars.length <= 4 ? value : `${chars.slice(0, 4).join('')}${'*'.repeat(Math.min(6, chars.length - 4))}`;
  if (chars.length <= 1) return '*';
  return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}
