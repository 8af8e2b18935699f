// The tracking codes and reporter secrets of cases sent from this browser,
// so that a citizen finds their reports again (and can remove them).
export interface SavedCase {
  tracking_code: string;
  reporter_secret: string;
  title: string;
  created_at: string;
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
  return savedCases().find((c) => c.tracking_code === code)?.reporter_secret ?? '';
}

// Tracking codes are typed by people: ignore spaces and dashes, any case.
export function normalizeCode(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}
