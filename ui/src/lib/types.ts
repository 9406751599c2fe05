export type Role =
  | 'applicant'
  | 'window_staff'
  | 'reviewer'
  | 'department_head'
  | 'legal_office'
  | 'hotline_operator'
  | 'department_handler'
  | 'trading_admin'
  | 'agency'
  | 'bidder'
  | 'expert'
  | 'supervisor'
  | 'leader'
  | 'auditor'
  | 'admin';

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  department?: string;
  departmentName?: string;
}

export interface Localized {
  zh: string;
  en: string;
}

export interface Department {
  code: string;
  name: string;
}

export type CaseStatus = 'submitted' | 'accepted' | 'granted' | 'denied' | 'completed';
export type DueLight = 'green' | 'yellow' | 'red' | null;
export type CaseAction = 'accept' | 'grant' | 'deny' | 'complete';

export interface CaseSummary {
  caseId: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  department: string;
  departmentName: string;
  applicantName: string;
  status: CaseStatus;
  channel: string;
  submittedAt: string;
  acceptedAt?: string;
  dueDate?: string;
  light: DueLight;
  updatedAt: string;
}

export interface CasePage {
  items: CaseSummary[];
  next?: string;
  total: number;
}

export interface TimelineEntry {
  at: string;
  type: string;
  actorRole: string;
  summary: Localized;
}

export interface CaseDetail extends CaseSummary {
  applicant: { kind: string; name: string; idNumber?: string; creditCode?: string };
  formData: Record<string, unknown>;
  decision?: { granted: boolean; reasons?: string; appealRights?: string };
  timeline: TimelineEntry[];
  allowedActions: CaseAction[];
}

export interface CatalogItem {
  code: string;
  name: string;
  type: string;
  department: string;
  departmentName: string;
  status: string;
  version: number | string;
  promisedLimitDays: number;
  statutoryLimitDays: number;
}

export interface DepartmentStats {
  department: string;
  departmentName: string;
  total: number;
  completed: number;
  onTime: number;
  overdue: number;
}
