// The tracking codes and reporter secrets of cases sent from this browser,
// so that a citizen finds their reports again (and can remove them).
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { navigate } from '../router';

export interface SavedCase {
  tracking_code: string;
  reporter_secret: string;
  title: string;
  created_at: string;
  // Filed as first sent: the citizen changed it after a try whose answer
  // never came, and that try had arrived (outbox.ts).
  first_version?: boolean;
}

const KEY = 'sigap.cases';

export function savedCases(): SavedCase[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

export function saveCase(entry: SavedCase) {
  const rest = savedCases().filter((c) => c.tracking_code !== entry.tracking_code);
  localStorage.setItem(KEY, JSON.stringify([entry, ...rest].slice(0, 30)));
}

export function forgetCase(code: string) {
  localStorage.setItem(KEY, JSON.stringify(savedCases().filter((c) => c.tracking_code !== code)));
}

export function secretFor(code: string): string {
  // The code as typed in an address ("/lacak/1r9hc-28443") is the same code.
  const wanted = normalizeCode(code);
  return savedCases().find((c) => normalizeCode(c.tracking_code) === wanted)?.reporter_secret ?? '';
}

// Tracking codes are typed by people: ignore spaces and dashes, any case.
export function normalizeCode(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

// Why `text` cannot be a tracking code (10 letters and digits once spaces and
// dashes are dropped), in the UI language; "" when it may be one.
export function codeProblem(text: string): string {
  const code = normalizeCode(text);
  if (!code) return t('track.code_empty');
  if (!/^[0-9A-Z]+$/.test(code)) return t('track.code_chars');
  if (code.length !== 10) return t('track.code_length', { n: code.length });
  return '';
}

// A tracking-code form's state: on submit a code that cannot be one is said
// (and the input with `inputId` focused) without asking the server, else
// its tracking page opens.
export function useCodeForm(inputId: string, initial = '') {
  const [code, setCode] = useState(initial);
  const [problem, setProblem] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    const found = codeProblem(code);
    setProblem(found);
    if (found) {
      document.getElementById(inputId)?.focus();
      return;
    }
    navigate(`/lacak/${encodeURIComponent(normalizeCode(code))}`);
  };
  return { code, setCode, problem, submit };
}
