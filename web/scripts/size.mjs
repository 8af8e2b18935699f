// The citizen portal's first-load weight: the JS and CSS that index.html
// loads (gzip -9, as a server or proxy would send it), and what the heavier
// screens add when opened (from Vite's manifest). Run after `npm run build`.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);
const gz = (file) => gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const html = readFileSync(new URL('index.html', dist), 'utf8');
const first = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let total = 0;
console.log('First load of the citizen portal (index.html):');
for (const file of first) {
  const size = gz(file);
  total += size;
  console.log(`  ${file.padEnd(40)} ${kb(size)}`);
}
console.log(`  total JS+CSS gzip: ${kb(total)} (budget 100 KB)`);

// Each screen's chunk with its static imports and CSS, beyond the first load.
const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dist), 'utf8'));
const loaded = new Set(first);
function closure(key, seen = new Set()) {
  const entry = manifest[key];
  if (!entry || seen.has(entry.file)) return seen;
  seen.add(entry.file);
  for (const css of entry.css ?? []) seen.add(css);
  for (const dep of entry.imports ?? []) closure(dep, seen);
  return seen;
}
const screens = {
  'submit (/lapor, with the map)': ['src/citizen/submit.tsx', 'src/map/map.ts'],
  'track (/lacak/CODE)': ['src/citizen/track.tsx'],
  'officer console (/petugas)': ['src/officer/console.tsx'],
  'charts (uPlot, fetched when a dashboard or IKM chart is shown)': ['src/charts/draw.ts'],
};
for (const [name, keys] of Object.entries(screens)) {
  const files = new Set();
  for (const key of keys) for (const f of closure(key)) if (!loaded.has(f)) files.add(f);
  const extra = [...files].reduce((sum, f) => sum + gz(f), 0);
  console.log(`${name}: +${kb(extra)} → ${kb(total + extra)}`);
}
if (total > 100 * 1024) {
  console.error('over the 100 KB budget');
  process.exit(1);
}
