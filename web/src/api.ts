// The JSON API client: problem+json errors, officer sessions (cookie + CSRF).
import { currentLanguage } from './i18n';

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

// An answer of the server that is not 2xx (RFC 9457 problem+json).
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly fields: FieldProblem[],
    readonly body: Record<string, unknown>,
    // The answer's headers (Retry-After of a 429 or 503), when there was one.
    readonly headers?: Headers,
  ) {
    super(detail || title || `HTTP ${status}`);
  }
}

// The request did not reach the server or its answer was lost.
export class NetworkError extends Error {}

export interface ApiOptions {
  method?: string;
  body?: unknown;
  // A file's bytes instead of a JSON body, sent with the file's own type.
  file?: Blob;
  headers?: Record<string, string>;
  // Officer requests carry the session cookie and, when they change
  // something, the CSRF token. Citizen requests carry no cookie at all.
  officer?: boolean;
  // The browser cache: by default every answer is revalidated ('no-cache');
  // 'no-store' skips the cache altogether, for a screen that must show
  // what it has just changed in a public list the server lets caches keep.
  cache?: RequestCache;
}

export interface ApiAnswer<T> {
  data: T;
  status: number;
  headers: Headers;
}

let csrfToken = sessionStorage.getItem('sigap.csrf') ?? '';

export function setCsrfToken(token: string) {
  csrfToken = token;
  if (token) sessionStorage.setItem('sigap.csrf', token);
  else sessionStorage.removeItem('sigap.csrf');
}

export function hasCsrfToken(): boolean {
  return csrfToken !== '';
}

export async function api<T>(path: string, options: ApiOptions = {}): Promise<ApiAnswer<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLanguage(),
    ...options.headers,
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.file !== undefined) headers['Content-Type'] = options.file.type;
  if (options.officer && method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.file ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      credentials: options.officer ? 'same-origin' : 'omit',
      cache: options.cache ?? 'no-cache',
    });
  } catch (e) {
    throw new NetworkError(String(e));
  }
  let body: unknown = null;
  const text = await response.text().catch(() => {
    throw new NetworkError('the answer was cut off');
  });
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!response.ok) {
    const problem = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    throw new ApiError(
      response.status,
      String(problem.title ?? ''),
      String(problem.detail ?? ''),
      Array.isArray(problem.errors) ? (problem.errors as FieldProblem[]) : [],
      problem,
      response.headers,
    );
  }
  return { data: body as T, status: response.status, headers: response.headers };
}

export async function get<T>(path: string, officer = false): Promise<T> {
  return (await api<T>(path, { officer })).data;
}
