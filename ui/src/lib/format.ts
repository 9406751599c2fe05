const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-03-05 14:23` in the viewer's time zone: the form Chinese government documents use. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Due dates are calendar days; a bare `YYYY-MM-DD` is shown as it is, not shifted by time zone. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function percent(part: number, whole: number): string {
  if (!whole) return '—';
  return `${((part / whole) * 100).toFixed(1)}%`;
}

/** Fen as yuan: `¥500.00`. */
export function yuan(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  return `¥${(cents / 100).toFixed(2)}`;
}
