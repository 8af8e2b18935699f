// The citizen's draft and the submission waiting to be sent.
//
// What the citizen types is kept in localStorage as they type. Pressing
// "send" freezes the body with a fresh Idempotency-Key; the body and key are
// kept until the server answers 201 (or refuses the content), and every
// retry — by the button, when the browser comes back online, on a timer, or
// on the next visit — sends the same key, so the server files it once. When
// the server itself answered "not now" (busy, maintenance, rate limit), that
// answer is kept with the submission and the next try waits as long as its
// Retry-After asks.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, NetworkError } from '../api';
import type { Attachment, CaseKind, Receipt } from '../types';
import { saveCase } from './receipts';

export interface Fields {
  kind: CaseKind;
  service_code: string;
  category: string;
  title: string;
  description: string;
  lat: number | null;
  lng: number | null;
  district_code: string;
  region_code: string;
  address: string;
  name: string;
  phone: string;
  email: string;
  anonymous: boolean;
  confidential: boolean;
  // Answers to the service's questions, by question code (one value, or
  // several for a multivaluelist; a datetime as entered, local time).
  answers?: Record<string, string[]>;
  // Photos already uploaded (POST /api/v1/attachments), named by hash.
  photos?: Attachment[];
}

export interface Pending {
  key: string;
  body: Record<string, unknown>;
  title: string;
  attempts: number;
  // The version the citizen changed after a try whose answer never came:
  // the key is kept for the changed one, and if the server says the key is
  // taken, the first version did arrive (see flush).
  earlier?: { body: Record<string, unknown>; title: string };
  // The server's answer to the last try when it did answer (429, 5xx), with
  // its problem+json detail; absent when the connection failed.
  server?: { status: number; detail: string };
  // When the next automatic try is due (milliseconds since the epoch).
  retry_at?: number;
}

export type OutboxState =
  | { status: 'idle' }
  | { status: 'sending' }
  | { status: 'waiting'; error: unknown }
  | { status: 'sent'; receipt: Receipt }
  | { status: 'refused'; error: ApiError };

const DRAFT = 'sigap.draft';
const PENDING = 'sigap.pending';
// A pending submission the citizen took back to change after a try whose
// answer never came: it may have been filed.
const EARLIER = 'sigap.earlier';
const RETRY_SECONDS = [3, 10, 30, 60];

let state: OutboxState = { status: 'idle' };
let timer: number | undefined;
const listeners = new Set<() => void>();

function setState(next: OutboxState) {
  state = next;
  for (const listener of listeners) listener();
}

function read<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

export function loadDraft(): Partial<Fields> | null {
  return read<Partial<Fields>>(DRAFT);
}

export function saveDraft(fields: Fields) {
  localStorage.setItem(DRAFT, JSON.stringify(fields));
}

export function clearDraft() {
  localStorage.removeItem(DRAFT);
}

export function pending(): Pending | null {
  return read<Pending>(PENDING);
}

// 32 hex digits: the time in milliseconds (12), then 80 random bits (20),
// as a UUIDv7 orders them. The server keeps every key it was sent, and
// keys that follow each other in time are stored side by side: random ones
// would each touch a page of their own (about a fifth less intake under
// load, bench/RESULTS.md).
function newKey(): string {
  const random = crypto.getRandomValues(new Uint8Array(10));
  const time = Date.now().toString(16).padStart(12, '0').slice(-12);
  return time + Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('');
}

// A 4xx other than a timeout or a rate limit is about the content: sending
// the same body again cannot succeed.
function retryable(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  if (error instanceof ApiError) return error.status >= 500 || [408, 425, 429].includes(error.status);
  return true;
}

// The wait a 429 or 503 asks for in its Retry-After (seconds, or an HTTP
// date), in milliseconds, from a second to a day; null when it asks for none.
function retryAfter(error: ApiError): number | null {
  const value = error.headers?.get('Retry-After')?.trim();
  if (!value) return null;
  const wait = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  if (Number.isNaN(wait)) return null;
  return Math.min(Math.max(wait, 1000), 24 * 3600 * 1000);
}

// Freezes `body` with an Idempotency-Key and sends it: a new key, unless
// it is the change of a version that may have arrived (then its key).
export function enqueue(body: Record<string, unknown>, title: string): Promise<void> {
  const earlier = read<Pending>(EARLIER);
  localStorage.removeItem(EARLIER);
  const entry: Pending = earlier
    ? { key: earlier.key, body, title, attempts: 0, earlier: { body: earlier.body, title: earlier.title } }
    : { key: newKey(), body, title, attempts: 0 };
  localStorage.setItem(PENDING, JSON.stringify(entry));
  return flush();
}

// Whether the server refused `error` because the key already filed another
// body: the earlier version did arrive.
function keyTaken(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 409 &&
    error.fields.some((f) => f.field === 'Idempotency-Key')
  );
}

// Sends the pending submission, if any, with its own key.
export async function flush(): Promise<void> {
  const entry = pending();
  if (!entry || state.status === 'sending') return;
  window.clearTimeout(timer);
  setState({ status: 'sending' });
  const send = (body: Record<string, unknown>) =>
    api<Receipt>('/api/v1/cases', {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': entry.key, 'X-Sigap-Client': 'portal' },
    });
  try {
    let answer;
    let first_version = false;
    try {
      answer = await send(entry.body);
    } catch (error) {
      if (!entry.earlier || !keyTaken(error)) throw error;
      // The first version had arrived before the citizen changed it: its
      // receipt (and reporter secret) comes back for the same key and body,
      // and the change is not filed as a second report.
      answer = await send(entry.earlier.body);
      first_version = true;
    }
    const receipt = answer.data;
    saveCase({
      tracking_code: receipt.tracking_code,
      reporter_secret: receipt.reporter_secret,
      title: first_version && entry.earlier ? entry.earlier.title : entry.title,
      created_at: receipt.created_at,
      ...(first_version ? { first_version: true } : {}),
    });
    localStorage.removeItem(PENDING);
    clearDraft();
    setState({ status: 'sent', receipt });
  } catch (error) {
    if (!retryable(error)) {
      // The draft stays for the citizen to correct; the next send gets a new key.
      localStorage.removeItem(PENDING);
      setState({ status: 'refused', error: error as ApiError });
      return;
    }
    entry.attempts += 1;
    let delay = RETRY_SECONDS[Math.min(entry.attempts - 1, RETRY_SECONDS.length - 1)] * 1000;
    if (error instanceof ApiError) {
      entry.server = { status: error.status, detail: error.detail };
      delay = retryAfter(error) ?? delay;
    } else {
      delete entry.server;
    }
    entry.retry_at = Date.now() + delay;
    localStorage.setItem(PENDING, JSON.stringify(entry));
    setState({ status: 'waiting', error });
    timer = window.setTimeout(() => void flush(), delay);
  }
}

// Takes the pending submission back for the citizen to change. If a try
// may have reached the server (no answer came), its key and body are kept
// for the changed version (enqueue): one report either way.
export function cancelPending() {
  window.clearTimeout(timer);
  const entry = pending();
  if (entry && entry.attempts > 0) {
    const first = entry.earlier ? { ...entry, body: entry.earlier.body, title: entry.earlier.title } : entry;
    localStorage.setItem(EARLIER, JSON.stringify(first));
  }
  localStorage.removeItem(PENDING);
  setState({ status: 'idle' });
}

export function acknowledge() {
  if (state.status === 'sent' || state.status === 'refused') setState({ status: 'idle' });
}

// Retries on start and whenever the browser is back online. Returns a cleanup.
export function startOutbox(): () => void {
  // Back online helps a try the connection lost, not one the server put off.
  const online = () => {
    if (!pending()?.server) void flush();
  };
  window.addEventListener('online', online);
  // A try the server asked to put off waits until then, even across visits;
  // one the connection lost goes at once.
  const entry = pending();
  const wait = entry?.server ? (entry.retry_at ?? 0) - Date.now() : 0;
  if (wait > 0) timer = window.setTimeout(() => void flush(), wait);
  else if (entry) void flush();
  return () => {
    window.removeEventListener('online', online);
    window.clearTimeout(timer);
  };
}

export function useOutbox(): OutboxState {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return state;
}
