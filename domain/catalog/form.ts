import type { Bilingual } from '../shared/messages.js';

/** An application form (申请表) as a JSON Schema: the portal renders it, the server validates it. */
export type FormSchema = Readonly<Record<string, unknown>>;

/** One place where form data fails its schema. */
export interface FormProblem {
  /** The field, as a dotted path ('' for the form as a whole). */
  readonly field: string;
  readonly message: Bilingual;
}

/**
 * Checks forms against their JSON Schema. The domain states when a form must be valid; the
 * application supplies the JSON Schema engine (ajv), which the domain does not import.
 */
export interface FormChecker {
  /** Why a schema cannot be used to validate forms (it does not compile), or undefined. */
  schemaProblem(schema: FormSchema): string | undefined;
  /** Where the data fails the schema; empty when it passes. */
  problems(schema: FormSchema, data: unknown): readonly FormProblem[];
}

/** The schema of a numeric field the form requires, if there is one by that name. */
export function requiredNumberField(schema: FormSchema, field: string): boolean {
  const properties = schema['properties'] as Record<string, { type?: unknown }> | undefined;
  const required = schema['required'];
  const type = properties && Object.hasOwn(properties, field) ? properties[field]?.type : undefined;
  return (type === 'number' || type === 'integer') && Array.isArray(required) && required.includes(field);
}
