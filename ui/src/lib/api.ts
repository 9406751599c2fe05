import type { Localized } from './types';

/** The API's error body: `{ statusCode, code, message: { zh, en }, details? }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly localized: Localized | null,
    readonly details?: unknown,
  ) {
    super(localized?.en ?? code);
  }
}

type Fetch = typeof fetch;

/** Called when a request (other than the session probe) comes back 401: the session has ended. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** One key per user action, so that a repeated request is not acted on twice. */
  idempotencyKey?: string;
  fetch?: Fetch;
  /** Let a 401 through to the caller instead of ending the session (login, me). */
  allow401?: boolean;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, idempotencyKey, allow401 = false } = options;
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;

  let response: Response;
  try {
    response = await doFetch(`/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', null);
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const error = await toApiError(response);
  if (response.status === 401 && !allow401) onUnauthorized();
  throw error;
}

async function toApiError(response: Response): Promise<ApiError> {
  try {
    const body = await response.json();
    const message = body?.message;
    const localized =
      message && typeof message === 'object' && typeof message.zh === 'string'
        ? { zh: message.zh, en: typeof message.en === 'string' ? message.en : message.zh }
        : null;
    return new ApiError(response.status, String(body?.code ?? `HTTP_${response.status}`), localized, body?.details);
  } catch {
    return new ApiError(response.status, `HTTP_${response.status}`, null);
  }
}

/**
 * A fresh idempotency key. `crypto.randomUUID` exists only in secure contexts (https or
 * localhost); an intranet deployment over plain http still has `getRandomValues`.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Holds the idempotency key of one user action until the server has answered it: a double click
 * or a retry after a dropped connection sends the same key; the next action gets a new one.
 */
export class UserAction {
  private key: string | null = null;

  async run<T>(path: string, body: unknown): Promise<T> {
    this.key ??= newIdempotencyKey();
    try {
      const result = await api<T>(path, { method: 'POST', body, idempotencyKey: this.key });
      this.key = null;
      return result;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 0)) this.key = null;
      throw error;
    }
  }

  /** The user changed what they are asking for (e.g. edited the reason): a new action. */
  reset(): void {
    this.key = null;
  }
}

/** A material as the store keeps it: by its SHA-256 digest. */
export interface StoredMaterial {
  digest: string;
  size: number;
  type: string;
}

/** POST /api/materials (multipart, field `file`): the digest goes into the application or supplement. */
export async function uploadMaterial(file: File | Blob, filename = 'material'): Promise<StoredMaterial> {
  const form = new FormData();
  form.append('file', file, file instanceof File ? file.name : filename);
  let response: Response;
  try {
    response = await fetch('/api/materials', {
      method: 'POST',
      headers: { accept: 'application/json', 'idempotency-key': newIdempotencyKey() },
      credentials: 'same-origin',
      body: form,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', null);
  }
  if (response.ok) return (await response.json()) as StoredMaterial;
  const error = await toApiError(response);
  if (response.status === 401) onUnauthorized();
  throw error;
}

/** Field-level problems in an API error: `details.problems` (form), `details.fields` (body), `details.field`. */
export function fieldProblems(error: unknown): { field: string; message: Localized | string }[] {
  if (!(error instanceof ApiError) || !error.details || typeof error.details !== 'object') return [];
  const d = error.details as Record<string, unknown>;
  const out: { field: string; message: Localized | string }[] = [];
  if (Array.isArray(d.problems)) {
    for (const p of d.problems as { field?: string; message?: Localized }[]) out.push({ field: p.field ?? '', message: p.message ?? '' });
  }
  if (Array.isArray(d.fields)) {
    for (const p of d.fields as { field?: string; reason?: string }[]) out.push({ field: p.field ?? '', message: p.reason ?? '' });
  }
  if (typeof d.field === 'string' && error.localized) out.push({ field: d.field, message: error.localized });
  return out;
}
