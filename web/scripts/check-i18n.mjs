// Fails when the translation files do not have the same keys, or a value is empty.
import { readFileSync } from 'node:fs';

const load = (lang) => JSON.parse(readFileSync(new URL(`../src/i18n/${lang}.json`, import.meta.url)));
const id = load('id');
const en = load('en');
const problems = [];
for (const key of Object.keys(id)) if (!(key in en)) problems.push(`en.json lacks ${key}`);
for (const key of Object.keys(en)) if (!(key in id)) problems.push(`id.json lacks ${key}`);
for (const [lang, dict] of [['id', id], ['en', en]]) {
  for (const [key, value] of Object.entries(dict)) {
    if (typeof value !== 'string' || value === '') problems.push(`${lang}.json: ${key} is empty`);
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
if (!process.env.SIGAP_QUIET) console.log(`i18n: ${Object.keys(id).length} keys in id.json and en.json`);
