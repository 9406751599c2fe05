// Shapes the server declares come from domain/ and from application/'s types-only views files: no server code reaches the bundle.
import type { CaseAction, CaseLight, CaseStatus as DomainCaseStatus, MissingMaterial, ProvidedMaterial } from '../../../domain/cases/index';
import type { Fee, Material, WorkflowStep } from '../../../domain/catalog/events';
import type { DeliveryMethod, Handling } from '../../../domain/catalog/rules';
import type { Role } from '../../../domain/identity/roles';
import type { Bilingual } from '../../../domain/shared/messages';

export type { DeliveryMethod, MissingMaterial, ProvidedMaterial, Role };
// The UI's names for domain types.
export type Localized = Bilingual;
export type FeeRule = Fee;
export type ItemMaterial = Material;

/** GET /api/auth/me's answer (`id`, `departmentName`), shaped in the controller: no declared server type. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  department?: string;
  departmentName?: string;
}

export interface Department {
  code: string;
  name: string;
}

export type CaseStatus = Exclude<DomainCaseStatus, 'none'>;
export type DueLight = CaseLight | null;
/** The steps the API offers (`allowedActions`): POST /api/cases/:id/<action>, grant and deny via /decide. */
export type { CaseAction };

// The views the query handlers declare they answer with, from types-only files beside them (cf. article-views.ts).
export type { CaseDetail, CasePage, CaseSummary, Certificate, InboxRow, TimelineEntry } from '../../../application/cases/case-views';
export type { RatingView } from '../../../application/ratings/rating-views';
export type { PrefillAnswer, LicenseRow as RegistryLicense } from '../../../application/registry/registry-views';

export interface ItemGuide extends CatalogItem {
  legalBasis: string;
  handling?: Handling;
  fee: FeeRule;
  materials: ItemMaterial[];
  form: JsonSchema;
  workflow: WorkflowStep[];
  delivery: DeliveryMethod[];
  onsiteVisits: number;
  versions?: { version: number; publishedAt: string }[];
}

/** Deliberately richer than the domain's opaque FormSchema: the JSON Schema keywords SchemaForm renders. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
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
