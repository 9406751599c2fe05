/** The fields a new request must have, in the order the form shows them (and focuses the first missing one). */
export const REQUIRED_FIELDS = ['content', 'category', 'district'] as const;

/** Which required fields are still empty, and the first of them. */
export function missingFields(form: { content: string; categoryCode: string; districtCode: string }): { missing: Record<string, boolean>; first: string | undefined } {
  const missing: Record<string, boolean> = {};
  if (!form.content.trim()) missing.content = true;
  if (!form.categoryCode) missing.category = true;
  if (!form.districtCode) missing.district = true;
  return { missing, first: REQUIRED_FIELDS.find((f) => missing[f]) };
}

/** `needed` less `field`, once the user has edited it; the same object when it was not marked. */
export function withoutNeeded(needed: Record<string, boolean>, field: string): Record<string, boolean> {
  if (!needed[field]) return needed;
  const { [field]: _gone, ...rest } = needed;
  return rest;
}

/** `{ [name]: value.trim() }` when the trimmed value is not empty, else nothing: for optional fields of a request body. */
export function optionalText<K extends string>(name: K, value: string): { [P in K]?: string } {
  const trimmed = value.trim();
  return (trimmed ? { [name]: trimmed } : {}) as { [P in K]?: string };
}
