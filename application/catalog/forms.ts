import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FormChecker, FormProblem, FormSchema } from '../../domain/catalog/index.js';
import type { Bilingual } from '../../domain/shared/messages.js';

/** Compiled validators by schema text: an item's form is compiled once, not on every application. */
const MAX_CACHED = 500;

/**
 * The JSON Schema engine behind the domain's FormChecker: ajv (draft-07 and 2019 keywords), with
 * the standard formats (date, email, …). Strict mode is off so that a portal may add its own
 * rendering keywords (e.g. `ui:order`); a schema the meta-schema rejects still does not compile.
 * Schemas never load remote `$ref`s: ajv resolves only what the schema itself holds.
 */
export class AjvFormChecker implements FormChecker {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, validateSchema: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    addFormats.default(this.ajv);
  }

  schemaProblem(schema: FormSchema): string | undefined {
    try {
      this.validator(schema);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  problems(schema: FormSchema, data: unknown): readonly FormProblem[] {
    const validate = this.validator(schema);
    if (validate(data)) return [];
    return (validate.errors ?? []).map(problemOf);
  }

  private validator(schema: FormSchema): ValidateFunction {
    const key = JSON.stringify(schema);
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const validate = this.ajv.compile(structuredClone(schema) as object);
    // The schema's own $id would clash on a second compile of a changed version: keep ajv's registry empty.
    this.ajv.removeSchema();
    if (this.compiled.size >= MAX_CACHED) this.compiled.delete(this.compiled.keys().next().value!);
    this.compiled.set(key, validate);
    return validate;
  }
}

/** An ajv error as a field and a message in both languages. */
function problemOf(error: ErrorObject): FormProblem {
  const path = error.instancePath.split('/').slice(1).map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') path.push(String(params['missingProperty']));
  if (error.keyword === 'additionalProperties') path.push(String(params['additionalProperty']));
  return { field: path.join('.'), message: messageOf(error, params) };
}

function messageOf(error: ErrorObject, params: Record<string, unknown>): Bilingual {
  const en = error.message ?? 'is not valid';
  switch (error.keyword) {
    case 'required':
      return { zh: '为必填项', en: 'is required' };
    case 'type':
      return { zh: `类型应为 ${String(params['type'])}`, en };
    case 'minimum':
    case 'exclusiveMinimum':
      return { zh: `不能小于${error.keyword === 'exclusiveMinimum' ? '或等于' : ''} ${String(params['limit'])}`, en };
    case 'maximum':
    case 'exclusiveMaximum':
      return { zh: `不能大于${error.keyword === 'exclusiveMaximum' ? '或等于' : ''} ${String(params['limit'])}`, en };
    case 'minLength':
      return { zh: `至少 ${String(params['limit'])} 个字符`, en };
    case 'maxLength':
      return { zh: `最多 ${String(params['limit'])} 个字符`, en };
    case 'pattern':
      return { zh: '格式不正确', en };
    case 'format':
      return { zh: `格式应为 ${String(params['format'])}`, en };
    case 'enum':
      return { zh: `须为以下之一：${(params['allowedValues'] as unknown[] | undefined)?.join('、') ?? ''}`, en };
    case 'additionalProperties':
      return { zh: '不是申请表中的字段', en: 'is not a field of the form' };
    default:
      return { zh: '不符合要求', en };
  }
}

/** The one form checker of the process: compiled schemas are shared by catalog and cases. */
export const formChecker = new AjvFormChecker();
