// Writes a gzip -9 sibling ("app.js.gz") of each text file in dist/:
// `sigap serve` sends it with Content-Encoding: gzip to browsers that accept
// it, so a phone on a slow connection downloads a third of the bytes.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const compressible = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!name.startsWith('.')) walk(path);
    } else if (compressible.test(name)) {
      const data = readFileSync(path);
      const packed = gzipSync(data, { level: 9 });
      if (data.length > 512 && packed.length < data.length) writeFileSync(`${path}.gz`, packed);
    }
  }
}
walk(dist);
