// Translations: Bahasa Indonesia by default, English on request. Every text
// the app shows comes from i18n/id.json or i18n/en.json (same keys).
import { useEffect, useState } from 'preact/hooks';
import id from './i18n/id.json';

export type Key = keyof typeof id;
export type Language = 'id' | 'en';

let language: Language = 'id';
let dict: Record<string, string> = id;
const listeners = new Set<() => void>();

export function currentLanguage(): Language {
  return language;
}

// Loads `lang` (English is fetched on first use) and re-renders the app.
// The user's choice is kept in the browser (`remember`); the language taken
// from the browser's preferences at the first visit is not.
export async function setLanguage(lang: Language, remember = true): Promise<void> {
  dict = lang === 'en' ? (await import('./i18n/en.json')).default : id;
  language = lang;
  document.documentElement.lang = lang;
  if (remember) localStorage.setItem('sigap.lang', lang);
  for (const listener of listeners) listener();
}

// Fetches the English texts while the page is idle, so that switching
// language later works without a connection (a citizen filling in a report
// offline); a failure here is retried by setLanguage itself.
export function preloadLanguages(): void {
  const load = () => void import('./i18n/en.json').catch(() => undefined);
  if ('requestIdleCallback' in window) window.requestIdleCallback(load, { timeout: 5000 });
  else setTimeout(load, 2000);
}

// The language chosen in this browser; before any choice, English when the
// browser's preferred languages put English before Indonesian ("en-US",
// "en-GB, id"), else Indonesian.
export function storedLanguage(): Language {
  const stored = localStorage.getItem('sigap.lang');
  if (stored === 'en' || stored === 'id') return stored;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language ?? ''];
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'en') return 'en';
    // "in" is the older code of Indonesian (still sent by some Android phones).
    if (primary === 'id' || primary === 'in') return 'id';
  }
  return 'id';
}

// Returns the text of `key` with {name} placeholders filled from `params`.
export function t(key: Key, params?: Record<string, string | number>): string {
  const text = dict[key] ?? (id as Record<string, string>)[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (all, name: string) =>
    name in params ? String(params[name]) : all,
  );
}

// `t(key, {n, ...})`, taking `key_one` when n is 1 and the language has one
// ("1 working day"; Indonesian needs none).
export function tn(key: Key, n: number, params: Record<string, string | number> = {}): string {
  const one = `${key}_one`;
  const text = n === 1 && dict[one] ? dict[one] : dict[key] ?? (id as Record<string, string>)[key] ?? key;
  const all: Record<string, string | number> = { n, ...params };
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in all ? String(all[name]) : whole));
}

// The label of an API value (status, kind, action, ...): `prefix.value`,
// falling back to the value itself for one this version does not know.
export function label(prefix: string, value: string, fallback = value): string {
  const key = `${prefix}.${value}`;
  return dict[key] ?? (id as Record<string, string>)[key] ?? fallback;
}

// Re-renders the caller when the language changes.
export function useLanguage(): Language {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return language;
}
