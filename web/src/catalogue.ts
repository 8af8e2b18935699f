// The public catalogue, fetched once per page load and shared by the screens.
import { get } from './api';
import { setTimeZone } from './format';
import type { Agency, Category, Region, Service } from './types';

const cache = new Map<string, Promise<unknown>>();

function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let promise = cache.get(key) as Promise<T> | undefined;
  if (!promise) {
    promise = load();
    promise.catch(() => cache.delete(key));  // a failure is retried next time
    cache.set(key, promise);
  }
  return promise;
}

export function services(): Promise<Service[]> {
  return once('services', async () => (await get<{ items: Service[] }>('/api/v1/services')).items);
}

// The satisfaction surveys open today (GET /api/v1/surveys answers the
// public with open ones only).
export function openSurveys(): Promise<{ id: number }[]> {
  return once('surveys', async () => (await get<{ items: { id: number }[] }>('/api/v1/surveys')).items);
}

export function agencies(): Promise<Agency[]> {
  return once('agencies', async () => (await get<{ items: Agency[] }>('/api/v1/agencies')).items);
}

// Forgets the agencies fetched so far: after the Instansi screen added or
// changed one, the other screens fetch the list again.
export function forgetAgencies() {
  cache.delete('agencies');
}

// The categories the Pemda offers (issue 8), each main category followed by
// its sub-categories; empty when the Pemda has no taxonomy.
export function categories(): Promise<Category[]> {
  return once('categories', async () => (await get<{ items: Category[] }>('/api/v1/categories')).items);
}

// Categories grouped for a <select>: each main category with its
// sub-categories (a main category may be chosen too).
export function categoryGroups(list: Category[]): { main: Category; subs: Category[] }[] {
  const groups = list.filter((c) => c.parent_code === '').map((main) => ({ main, subs: [] as Category[] }));
  for (const c of list) {
    if (c.parent_code !== '') groups.find((g) => g.main.code === c.parent_code)?.subs.push(c);
  }
  return groups;
}

// "Main › Sub" for a category code; the code itself when unknown.
export function categoryLabel(list: Category[], code: string): string {
  const c = list.find((x) => x.code === code);
  if (!c) return code;
  const main = c.parent_code ? list.find((x) => x.code === c.parent_code) : undefined;
  return main ? `${main.name} › ${c.name}` : c.name;
}

// The kecamatan of the Pemda (level 3).
export function districts(): Promise<Region[]> {
  return once('districts', async () => (await get<{ items: Region[] }>('/api/v1/regions')).items);
}

// The kelurahan/desa of one kecamatan.
export function villages(district: string): Promise<Region[]> {
  return once(`villages:${district}`, async () => {
    const path = `/api/v1/regions?parent=${encodeURIComponent(district)}`;
    return (await get<{ items: Region[] }>(path)).items;
  });
}

// A kelurahan's or kecamatan's name for people: "Miroto, Semarang Tengah"
// for a kelurahan, "Semarang Tengah" for a kecamatan; the code itself when
// the Pemda has no such region (a code from elsewhere) or the names cannot
// be loaded, and "" for no code.
export async function regionName(code: string): Promise<string> {
  if (!code) return '';
  const district = code.split('.').slice(0, 3).join('.');
  try {
    const ds = await districts();
    const d = ds.find((r) => r.code === district)?.name;
    if (!d) return code;
    if (code === district) return d;
    const v = (await villages(district)).find((r) => r.code === code)?.name;
    return v ? `${v}, ${d}` : code;
  } catch {
    return code;
  }
}

// The Pemda itself (its name for the header), found through its kecamatan.
export function pemda(): Promise<Region | null> {
  return once('pemda', async () => {
    const list = await districts();
    if (list.length === 0 || !list[0].parent_code) return null;
    return get<Region>(`/api/v1/regions/${encodeURIComponent(list[0].parent_code)}`);
  });
}

// Learns the Pemda's time zone for dates (kept for the next visit).
export function loadTimeZone(): Promise<void> {
  return once('tz', async () => {
    const year = new Date().getFullYear();
    const calendar = await get<{ time_zone?: string }>(`/api/v1/calendar?year=${year}`);
    if (calendar.time_zone) setTimeZone(calendar.time_zone);
  });
}

export function agencyName(list: Agency[], code: string): string {
  return list.find((a) => a.code === code)?.name ?? code;
}

// The codes of the units under `parent` (their parent_code), and theirs in
// turn: whose cases, ratings and IKM the parent's head reads (the server's
// domain::UnitsUnder).
export function unitsUnder(list: Agency[], parent: string): string[] {
  const out: string[] = [];
  if (!parent) return out;
  const pending = [parent];
  while (pending.length > 0) {
    const at = pending.pop();
    for (const a of list) {
      if (a.parent_code !== at || a.code === parent || out.includes(a.code)) continue;
      out.push(a.code);
      pending.push(a.code);
    }
  }
  return out;
}
