import type { CaseDetail, CaseStatus, CaseSummary } from './types';

export const CASE_STATUSES: readonly CaseStatus[] = [
  'submitted',
  'supplement_requested',
  'refused',
  'accepted',
  'suspended',
  'granted',
  'denied',
  'certificate_issued',
  'delivered',
  'completed',
  'withdrawn',
  'terminated',
];

/** Due-light filter: the URL and the API use the light's colour. */
export const LIGHT_FILTERS = [
  { value: '', label: 'filters.lightAll' },
  { value: 'yellow', label: 'filters.lightWarning' },
  { value: 'red', label: 'filters.lightOverdue' },
] as const;

export interface CaseFilters {
  status: string;
  department: string;
  light: string;
}

export function filtersFrom(params: URLSearchParams): CaseFilters {
  return {
    status: params.get('status') ?? '',
    department: params.get('department') ?? '',
    light: params.get('light') ?? '',
  };
}

export function casesQuery(filters: Partial<CaseFilters>, limit: number, after?: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  params.set('limit', String(limit));
  if (after) params.set('after', after);
  return `/cases?${params}`;
}

/** Whether a case that appeared through a live update belongs in a list with these filters. */
export function matches(c: CaseSummary, filters: Partial<CaseFilters>): boolean {
  return (
    (!filters.status || c.status === filters.status) &&
    (!filters.department || c.department === filters.department) &&
    (!filters.light || c.light === filters.light)
  );
}

export function toSummary(d: CaseDetail): CaseSummary {
  return {
    caseId: d.caseId,
    caseNo: d.caseNo,
    itemCode: d.itemCode,
    itemName: d.itemName,
    department: d.department,
    departmentName: d.departmentName,
    applicantName: d.applicantName,
    status: d.status,
    channel: d.channel,
    submittedAt: d.submittedAt,
    acceptedAt: d.acceptedAt,
    dueDate: d.dueDate,
    light: d.light,
    updatedAt: d.updatedAt,
  };
}
