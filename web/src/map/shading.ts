// Classes of a choropleth: kelurahan without cases blank, the others in five
// classes cut at the quintiles of the non-zero counts, so a few very busy
// kelurahan do not wash out the rest. Kept apart from map.ts so the legend
// can be drawn without loading Leaflet.
export const SHADES = ['#f4f7f5', '#d7eee5', '#a6d8c4', '#5fb496', '#25866a', '#0b4d3a'];

export interface Shading {
  counts: Record<string, number>;
  breaks: number[];  // upper bounds of classes 1–4; class 5 is above the last
  tooltip: (name: string, n: number, code: string) => string;
}

export function quintileBreaks(values: number[]): number[] {
  const sorted = values.filter((v) => v > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const breaks: number[] = [];
  for (const q of [0.2, 0.4, 0.6, 0.8]) {
    const b = at(q);
    if (breaks.length === 0 || b > breaks[breaks.length - 1]) breaks.push(b);
  }
  return breaks;
}

// 0 for no case, else 1 + the number of breaks below n.
export function shadeClass(n: number, breaks: number[]): number {
  if (n <= 0) return 0;
  let k = 1;
  for (const b of breaks) if (n > b) k += 1;
  return Math.min(k, SHADES.length - 1);
}
