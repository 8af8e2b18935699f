// End-to-end tests of the web app in a real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core) against a real `sigap serve`
// on a temporary database with the demo Pemda.
//
//   node web/e2e/run.mjs --sigap build/asan/sigap [--screenshots build/screenshots]
//
// Prints one line per test and "N passed, N failed" at the end; exits 1 when
// a test failed. Screenshots of every main page at 360×640 and 1366×768 go
// to --screenshots; axe-core checks every page (serious/critical fail).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chartTable, expectBars } from './charts.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const webDir = resolve(here, '..');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

function argument(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const sigapBinary = resolve(argument('sigap', process.env.SIGAP_BINARY ?? ''));
const screenshots = resolve(argument('screenshots', join(webDir, '..', 'build', 'screenshots')));
const chromiumPath = '/usr/bin/chromium';
const PHONE = { width: 360, height: 640 };
const DESKTOP = { width: 1366, height: 768 };
const started = Date.now();

for (const [what, path] of [
  ['sigap (--sigap)', sigapBinary],
  ['Chromium (apt-get install chromium; scripts/setup does)', chromiumPath],
  ['the built app (npm run build in web/)', join(webDir, 'dist', 'index.html')],
]) {
  if (!existsSync(path)) {
    console.error(`e2e: ${what} not found at ${path}`);
    process.exit(1);
  }
}

// --- sigap ------------------------------------------------------------------

const work = mkdtempSync(join(tmpdir(), 'sigap-e2e-'));
const db = join(work, 'sigap.db');
execFileSync(sigapBinary, ['migrate', '--db', db], { cwd: work, stdio: 'pipe' });
// Without the demo's SKM surveys: the tests open their own.
const demoOut = execFileSync(sigapBinary, ['demo', '--db', db, '--cases', '40', '--survey-quarters', '0'], {
  cwd: work,
  encoding: 'utf8',
});
const passwords = Object.fromEntries(
  [...demoOut.matchAll(/^\s+([a-z.]+)\s+(\S+)\s*$/gm)].map((m) => [m[1], m[2]]),
);
for (const user of ['verifikator', 'petugas.dpu']) {
  if (!passwords[user]) throw new Error(`no password for ${user} in: ${demoOut}`);
}

const server = spawn(sigapBinary, ['serve', '--db', db, '--listen', '127.0.0.1:0'], {
  cwd: work,
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, SIGAP_LOG_LEVEL: 'warn', SIGAP_SERVER_ACCESS_LOG: 'false', SIGAP_ADAPT_INTERVAL_SECONDS: '1', SIGAP_RULES_INTERVAL_SECONDS: '1',
    // The webhook receiver of admin_keys.mjs listens on loopback.
    SIGAP_NOTIFY_WEBHOOK_PRIVATE_TARGETS: 'true',
    // Retraining from the screen learns the SP4N-LAPOR! reports too: the demo
    // database here has too few dispositions per agency on its own.
    SIGAP_ROUTING_CORPUS: resolve(here, '../../data/demo/complaints.csv') },
});
// Never leave the server behind, whatever happens below.
process.on('exit', () => server.exitCode === null && server.kill('SIGTERM'));
let serverLog = '';
server.stderr.on('data', (d) => (serverLog += d));
const base = await new Promise((resolveBase, reject) => {
  let out = '';
  const timer = setTimeout(() => reject(new Error(`sigap serve did not start: ${out}${serverLog}`)), 30000);
  server.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/Sigap listening on (http:\/\/\S+)/);
    if (m) {
      clearTimeout(timer);
      resolveBase(m[1]);
    }
  });
  server.on('exit', (code) => reject(new Error(`sigap serve exited ${code}: ${out}${serverLog}`)));
});

// The API from node: an officer session (cookie + CSRF token).
async function officerSession(user) {
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password: passwords[user] }),
  });
  if (!r.ok) throw new Error(`login ${user}: ${r.status}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await r.json();
  const call = async (method, path, body, headers = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        Cookie: cookie,
        'X-CSRF-Token': csrf,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
  return { call };
}

async function submitByApi(body) {
  const r = await fetch(`${base}/api/v1/cases`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (r.status !== 201) throw new Error(`submit: ${r.status} ${await r.text()}`);
  return r.json();
}

// A complaint filed through the API that the verifier sends to DPU and DPU
// resolves: what a test needs that the stories' case would give it only
// when the stories ran first. Its receipt (tracking_code, reporter_secret).
async function resolvedByApi(title) {
  const receipt = await submitByApi({
    kind: 'complaint',
    title,
    description: 'Jalan berlubang di depan pasar, membahayakan pengendara motor.',
    reporter: { name: 'Warga Penilai', phone: '081234567891' },
  });
  const verifier = await officerSession('verifikator');
  const dpu = await officerSession('petugas.dpu');
  for (const [who, step] of [
    [verifier, { action: 'verify' }],
    [verifier, { action: 'dispose', agency_code: 'DPU' }],
    [dpu, { action: 'start' }],
    [dpu, { action: 'resolve', text: 'Lubang sudah ditambal dan diaspal ulang.' }],
  ]) {
    const r = await who.call('POST', `/api/v1/cases/${receipt.tracking_code}/events`, step);
    if (r.status !== 201) throw new Error(`${step.action}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return receipt;
}

// --- the browser -----------------------------------------------------------

mkdirSync(screenshots, { recursive: true });
// launch() starts Chromium with a fresh temporary --user-data-dir of its own.
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
// The citizen's phone and the officers' desktop are separate browsers.
const contexts = {};
for (const [who, viewport] of [['citizen', PHONE], ['officer', DESKTOP]]) {
  contexts[who] = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
  contexts[who].setDefaultTimeout(15000);
}

// Problems seen on any page: script errors, CSP violations, dialogs (alert).
const pageProblems = [];
async function newPage(viewport) {
  const page = await contexts[viewport === PHONE ? 'citizen' : 'officer'].newPage();
  await page.setViewportSize(viewport);
  page.on('pageerror', (e) => pageProblems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    pageProblems.push(`dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) {
      pageProblems.push(`CSP: ${m.text()}`);
    }
  });
  return page;
}

async function axe(page, name) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    throw new Error(`axe on ${name}: ${bad.map((v) => `${v.id} (${v.impact}) at ${v.nodes.join(', ')}`).join('; ')}`);
  }
}

const shotsTaken = [];
async function shot(page, name) {
  const size = page.viewportSize();
  const file = join(screenshots, `${name}-${size.width}x${size.height}.png`);
  // A screenshot is a record for review, not an assertion; on a loaded
  // machine Chromium sometimes misses a frame, so a timed-out capture is
  // tried once more with more time before the test fails.
  try {
    await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  } catch (error) {
    if (!/Timeout/.test(String(error))) throw error;
    console.log(`screenshot ${name}: ${String(error).split('\n')[0]}; trying again`);
    await page.waitForTimeout(500);
    await page.screenshot({ path: file, fullPage: true, animations: 'disabled', timeout: 60000 });
  }
  shotsTaken.push(file);
}

// Screenshot and accessibility check of the page as it is, at both sizes.
async function capture(page, name) {
  const original = page.viewportSize();
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await shot(page, name);
    await axe(page, `${name} at ${size.width}×${size.height}`);
  }
  await page.setViewportSize(original);
}

async function ready(page) {
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
}

// The report form with no draft an earlier test left in the browser.
async function emptyReportForm(page) {
  await page.goto(`${base}/lapor`);
  await ready(page);
  await page.evaluate(() => localStorage.removeItem('sigap.draft'));
  await page.reload();
  await ready(page);
}

// Clicks the map until a kelurahan is found under the pin.
async function pinOnMap(page) {
  const map = page.locator('.map');
  await page.locator('.leaflet-overlay-pane path').first().waitFor();
  const box = await map.boundingBox();
  for (const [fx, fy] of [[0.5, 0.5], [0.45, 0.55], [0.55, 0.45], [0.4, 0.4], [0.6, 0.6]]) {
    await map.click({ position: { x: box.width * fx, y: box.height * fy } });
    const status = await page.locator('.place-status').textContent();
    if (/Kelurahan/.test(status)) return status;
  }
  throw new Error('no kelurahan found under the pins');
}

async function login(page, user, password = passwords[user]) {
  await page.goto(`${base}/petugas`);
  const signOut = page.getByRole('button', { name: 'Keluar' });
  await Promise.race([signOut.waitFor(), page.locator('#username').waitFor()]);
  if (await signOut.isVisible()) {
    await signOut.click();
    await page.locator('#username').waitFor();
  }
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.getByRole('heading', { name: 'Antrean laporan' }).waitFor();
}

async function act(page, action, fill) {
  await page.locator(`button[data-action="${action}"]`).click();
  const form = page.locator('form.action-form');
  await form.waitFor();
  if (fill) await fill(form);
  await form.locator('button[type=submit]').click();
  await page.locator('.notice-info').waitFor();
  await form.waitFor({ state: 'detached' });
}

// --- tests -----------------------------------------------------------------

const results = [];
const only = argument('only', '');  // a regular expression: run only the matching tests
async function test(name, body) {
  if (only && !new RegExp(only, 'i').test(name)) return;
  const before = pageProblems.length;
  const t0 = Date.now();
  try {
    await body();
    const problems = pageProblems.slice(before);
    if (problems.length > 0) throw new Error(problems.join('\n'));
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    results.push({ name, ok: false });
    // What each open page showed when the test failed.
    const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
    const pages = [...contexts.citizen.pages(), ...contexts.officer.pages()];
    for (const [i, p] of pages.entries()) {
      await p.screenshot({ path: join(screenshots, `FAILED-${slug}-${i}.png`), fullPage: true }).catch(() => {});
    }
    console.log(`FAIL ${name}: ${e.stack ?? e}`);
  }
}

const unique = Date.now().toString(36);
const story = {};

await test('serving: the app, its caching headers and the CSP', async () => {
  const index = await fetch(`${base}/lacak/ABC`, { headers: { Accept: 'text/html' } });
  if (index.status !== 200) throw new Error(`SPA route: ${index.status}`);
  if (index.headers.get('cache-control') !== 'no-cache') throw new Error('index.html must be no-cache');
  const csp = index.headers.get('content-security-policy') ?? '';
  if (!csp.includes("script-src 'self'") || csp.includes('unsafe-inline')) throw new Error(`CSP: ${csp}`);
  const html = await index.text();
  if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) throw new Error('index.html has an inline script');
  const asset = html.match(/\/assets\/[^"]+\.js/)[0];
  const js = await fetch(`${base}${asset}`);
  if (js.headers.get('cache-control') !== 'public, max-age=31536000, immutable') {
    throw new Error(`asset cache: ${js.headers.get('cache-control')}`);
  }
  const api = await fetch(`${base}/api/v1/nothing`, { headers: { Accept: 'text/html' } });
  if (api.status !== 404) throw new Error(`unknown API path: ${api.status}`);
});

const citizen = await newPage(PHONE);
// Every address the citizen's phone asks for: the reporter secret must be in none.
const citizenRequests = [];
citizen.on('request', (r) => citizenRequests.push(r.url()));

// Throws when the reporter secret is in an address the citizen's phone
// asked for, or in an href or src of the page (or its own address).
async function expectSecretInNoAddress(page, requests, secret) {
  const leaked = requests.filter((url) => url.toUpperCase().includes(secret.toUpperCase()));
  if (leaked.length > 0) throw new Error(`the reporter secret is in request addresses: ${leaked.join(', ')}`);
  const inDom = await page.evaluate((secret) => {
    const values = [location.href];
    for (const e of document.querySelectorAll('[href], [src]')) values.push(e.getAttribute('href') ?? '', e.getAttribute('src') ?? '');
    return values.filter((v) => v.toUpperCase().includes(secret));
  }, secret.toUpperCase());
  if (inDom.length > 0) throw new Error(`the reporter secret is in the page's addresses: ${inDom.join(', ')}`);
}

await test('story 1: a citizen on a phone files a complaint with a map pin and a photo', async () => {
  await citizen.goto(base);
  await ready(citizen);
  await capture(citizen, 'home');
  await citizen.getByRole('link', { name: 'Buat laporan' }).click();
  await ready(citizen);
  await citizen.locator('#kind-complaint').check();
  await citizen.locator('#service_code').selectOption('PU-DRAINASE');
  story.title = `Saluran tersumbat di depan SD ${unique}`;
  await citizen.locator('#title').fill(story.title);
  await citizen.locator('#description').fill('Saluran di depan SD tersumbat sampah sejak seminggu, air meluap ke jalan.');
  // A camera-sized picture (2400×1800 PNG, drawn by the browser itself): the
  // portal must shrink it to a JPEG of at most 1600 px before uploading.
  const png = Buffer.from(await citizen.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 2400;
    canvas.height = 1800;
    const g = canvas.getContext('2d');
    for (let i = 0; i < 40; i++) {
      g.fillStyle = `hsl(${i * 9}, 60%, ${30 + (i % 5) * 10}%)`;
      g.fillRect((i * 60) % 2400, (i * 45) % 1800, 300, 200);
    }
    return canvas.toDataURL('image/png').split(',')[1];
  }), 'base64');
  await citizen.locator('#photos').setInputFiles({ name: 'saluran.png', mimeType: 'image/png', buffer: png });
  await citizen.locator('.photo-list li', { hasText: 'saluran.jpg' }).waitFor();
  const status = await pinOnMap(citizen);
  story.place = status;
  await citizen.locator('#address').fill('Jl. Pemuda 12');
  await capture(citizen, 'submit');
  await citizen.getByRole('button', { name: 'Kirim laporan' }).click();
  await citizen.getByRole('heading', { name: 'Laporan terkirim' }).waitFor();
  story.code = (await citizen.getByTestId('tracking-code').textContent()).replace(/\s/g, '');
  story.secret = (await citizen.getByTestId('reporter-secret').textContent()).replace(/\s/g, '');
  if (!/^[0-9A-Z]{10}$/.test(story.code)) throw new Error(`tracking code ${story.code}`);
  // Sent: the draft is gone, so the next report starts empty.
  if ((await citizen.evaluate(() => localStorage.getItem('sigap.draft'))) !== null) {
    throw new Error('the draft outlived a successful submission');
  }
  await capture(citizen, 'sent');
  const view = await (await fetch(`${base}/api/v1/cases/${story.code}`, {
    headers: { 'X-Reporter-Secret': story.secret },
  })).json();
  if (typeof view.location.lat !== 'number' || !/^33\.74\.\d\d\.\d{4}$/.test(view.location.region_code)) {
    throw new Error(`location not sent: ${JSON.stringify(view.location)}`);
  }
  if (view.channel !== 'web') throw new Error(`channel ${view.channel}`);
  const photo = view.attachments?.[0];
  if (view.attachments?.length !== 1 || photo.content_type !== 'image/jpeg' || photo.size_bytes >= png.length) {
    throw new Error(`photo not attached, or not shrunk: ${JSON.stringify(view.attachments)} (${png.length} bytes sent)`);
  }
  const fileUrl = `${base}/api/v1/cases/${story.code}/attachments/${photo.sha256}`;
  const own = await fetch(fileUrl, { headers: { 'X-Reporter-Secret': story.secret } });
  const bytes = Buffer.from(await own.arrayBuffer());
  if (own.status !== 200 || own.headers.get('content-type') !== 'image/jpeg' || bytes[0] !== 0xff || bytes[1] !== 0xd8) {
    throw new Error(`the reporter cannot fetch the photo: ${own.status} ${own.headers.get('content-type')}`);
  }
  if ((await fetch(fileUrl)).status !== 404) throw new Error('the photo is public');
  story.photo = photo;
  await citizen.getByRole('link', { name: 'Lihat perkembangan' }).click();
  await ready(citizen);
  await citizen.getByText('Diterima', { exact: true }).first().waitFor();
  // Each page names the browser tab.
  const tab = await citizen.title();
  if (!tab.startsWith(`Lacak ${story.code.slice(0, 5)} ${story.code.slice(5)} · Sigap`)) throw new Error(`title: ${tab}`);
  // The reporter sees the photo, and the secret is in no address.
  await citizen.waitForFunction(() => {
    const img = document.querySelector('.attachment-list img');
    return img && img.complete && img.naturalWidth > 0;
  });
  await expectSecretInNoAddress(citizen, citizenRequests, story.secret);
  await capture(citizen, 'track');
});

const officer = await newPage(DESKTOP);

await test('story 2: the verifier verifies and disposes to DPU', async () => {
  await officer.goto(`${base}/petugas`);
  await ready(officer);
  await capture(officer, 'officer-login');
  await login(officer, 'verifikator');
  // The code the citizen reads out on the phone, as the verifier types it.
  await officer.locator('#f-q').fill(`${story.code.slice(0, 5)}-${story.code.slice(5)}`.toLowerCase());
  await officer.getByRole('button', { name: 'Terapkan' }).click();
  await officer.getByRole('link', { name: story.title }).waitFor();
  // The unfiltered queue listed the case too (it is the newest): wait for
  // the search's answer to replace it before counting its rows.
  const alone = await officer
    .waitForFunction(() => document.querySelectorAll('table.queue tbody tr').length === 1, null, { timeout: 10000 })
    .then(() => true, () => false);
  if (!alone) {
    const rows = await officer.locator('table.queue tbody tr').count();
    throw new Error(`a tracking code typed into the search lists ${rows} rows, not just its case`);
  }
  // Words are found in their other forms: "penyumbatan" finds the
  // "tersumbat" of the title (both are "sumbat").
  await officer.locator('#f-q').fill(`penyumbatan ${unique}`);
  await officer.locator('#f-status').selectOption('received');
  await officer.getByRole('button', { name: 'Terapkan' }).click();
  await officer.getByRole('link', { name: story.title }).waitFor();
  await ready(officer);
  await capture(officer, 'officer-queue');
  await officer.getByRole('link', { name: story.title }).click();
  await ready(officer);
  await officer.locator('button[data-action="verify"]').waitFor();
  const thumbnail = officer.locator('.attachment-list img').first();
  await thumbnail.waitFor();
  await officer.waitForFunction(() => document.querySelector('.attachment-list img')?.naturalWidth > 0);
  const width = await thumbnail.evaluate((img) => img.naturalWidth);
  if (width !== 1600) throw new Error(`the officer sees a photo ${width} px wide, expected 1600`);
  await capture(officer, 'officer-case');
  await act(officer, 'verify');
  await officer.locator('.case-meta .badge', { hasText: 'Terverifikasi' }).waitFor();
  await act(officer, 'dispose', async (form) => {
    await form.locator('#act-agency_code').selectOption('DPU');
    await form.locator('#act-support-DISPERKIM').check();
    await capture(officer, 'officer-dispose');
  });
  await officer.locator('.case-meta .badge', { hasText: 'Didisposisikan' }).waitFor();
  await officer.getByRole('button', { name: 'Keluar' }).click();
  await officer.locator('#username').waitFor();
});

await test('story 3: the DPU officer posts an update and resolves', async () => {
  await login(officer, 'petugas.dpu');
  await officer.goto(`${base}/petugas/kasus/${story.code}`);
  await ready(officer);
  await act(officer, 'public_update', (f) => f.locator('#act-text').fill('Tim DPU sudah meninjau lokasi.'));
  await act(officer, 'note', (f) => f.locator('#act-text').fill('Butuh truk sedot lumpur (internal).'));
  await act(officer, 'start');
  await officer.locator('.case-meta .badge', { hasText: 'Sedang ditangani' }).waitFor();
  story.response = 'Saluran sudah dibersihkan pada hari Senin; air tidak lagi meluap.';
  // The response carries a photo of the work done: public, unlike the citizen's.
  const pixel = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  await act(officer, 'resolve', async (f) => {
    await f.locator('#act-text').fill(story.response);
    await f.locator('#act-photos').setInputFiles({ name: 'sesudah.png', mimeType: 'image/png', buffer: pixel });
    await f.locator('.photo-list li', { hasText: 'sesudah.jpg' }).waitFor();
  });
  await officer.locator('.case-meta .badge', { hasText: 'Selesai ditangani' }).waitFor();
  await officer.waitForFunction(() => {
    const img = document.querySelector('.timeline-public .event-resolved img');
    return img && img.complete && img.naturalWidth > 0;
  });
  const internal = await officer.locator('.timeline-internal').textContent();
  const publicPart = await officer.locator('.timeline-public').textContent();
  if (!internal.includes('truk sedot') || publicPart.includes('truk sedot')) {
    throw new Error('internal notes and public updates are not kept apart');
  }
  await capture(officer, 'officer-case-resolved');
});

await test('story 4: the citizen sees the timeline with the response', async () => {
  await citizen.reload();
  await ready(citizen);
  await citizen.locator('.facts .badge', { hasText: 'Selesai ditangani' }).waitFor();
  const responses = await citizen.locator('.responses').textContent();
  if (!responses.includes(story.response) || !responses.includes('Tim DPU sudah meninjau')) {
    throw new Error(`responses: ${responses}`);
  }
  await citizen.waitForFunction(() => {
    const img = document.querySelector('.responses img');
    return img && img.complete && img.naturalWidth > 0;
  });
  const anonymous = await fetch(`${base}/api/v1/cases/${story.code}/timeline`).then((r) => r.json());
  const photo = anonymous.events.find((e) => e.kind === 'resolved')?.payload?.attachments?.[0];
  if (!photo?.sha256) throw new Error(`no photo on the public response: ${JSON.stringify(anonymous.events)}`);
  const file = await fetch(`${base}/api/v1/cases/${story.code}/attachments/${photo.sha256}`);
  if (file.status !== 200) throw new Error(`the response photo is not public: ${file.status}`);
  const timeline = await citizen.locator('.timeline').textContent();
  if (timeline.includes('truk sedot')) throw new Error('an internal note reached the citizen');
  if (!/Didisposisikan kepada Dinas Pekerjaan Umum/.test(timeline)) throw new Error(`timeline: ${timeline}`);
  if (!/WIB/.test(timeline)) throw new Error('dates are not in the Pemda time zone');
  await citizen.locator('button', { hasText: 'Buka kembali laporan' }).waitFor();
  await expectSecretInNoAddress(citizen, citizenRequests, story.secret);
  await capture(citizen, 'track-resolved');
});

await test('reporter: a confidential case opens with the secret; requested information is sent', async () => {
  const receipt = await submitByApi({
    kind: 'complaint',
    title: `Bantuan sosial tidak diterima ${unique}`,
    description: 'Nama saya ada di daftar tetapi bantuan belum diterima.',
    confidential: true,
  });
  const verifier = await officerSession('verifikator');
  const asked = await verifier.call('POST', `/api/v1/cases/${receipt.tracking_code}/events`, {
    action: 'request_info',
    text: 'Mohon sebutkan nomor KKS Anda.',
  });
  if (asked.status !== 201) throw new Error(`request_info: ${asked.status}`);
  const page = await newPage(PHONE);
  await page.goto(`${base}/lacak/${receipt.tracking_code}`);
  await page.getByText('Laporan ini rahasia').waitFor();
  if ((await page.locator('.pre').count()) !== 0) throw new Error('a confidential case was shown');
  await page.locator('#secret').fill(receipt.reporter_secret);
  await page.getByRole('button', { name: 'Buka sebagai pelapor' }).click();
  // The officer's question stands beside the form that answers it.
  await page.locator('blockquote.question', { hasText: 'Mohon sebutkan nomor KKS Anda.' }).waitFor();
  await ready(page);
  await capture(page, 'track-needs-info');
  await page.locator('#reporter-provide_info').fill('Nomor KKS saya 1234 5678.');
  await page.getByRole('button', { name: 'Kirim informasi tambahan' }).click();
  await page.locator('.facts .badge', { hasText: 'Diterima' }).waitFor();
  await page.getByText('Nomor KKS saya 1234 5678.').waitFor();
  await page.close();
});

await test('offline retry: the same Idempotency-Key, one case', async () => {
  const page = await newPage(PHONE);
  const keys = [];
  const replayed = [];
  let first = true;
  await page.route('**/api/v1/cases', async (route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.continue();
    keys.push(request.headers()['idempotency-key']);
    if (first) {
      // The server files the case, but the answer never reaches the phone.
      first = false;
      await route.fetch();
      return route.abort('connectionreset');
    }
    const response = await route.fetch();
    replayed.push(response.headers()['idempotent-replayed'] ?? '');
    return route.fulfill({ response });
  });
  const sentAfter = Date.now();
  await page.goto(`${base}/lapor`);
  await ready(page);
  const title = `Lampu jalan mati ${unique}`;
  await page.locator('#kind-complaint').check();
  await page.locator('#title').fill(title);
  await page.locator('#description').fill('Lampu PJU di gang 3 mati sejak dua minggu.');
  await page.locator('#district').selectOption({ index: 1 });
  await page.locator('#village').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Kirim laporan' }).click();
  await page.getByText('Laporan belum terkirim').waitFor();
  // The draft survives a reload while it waits (read at once: the retry
  // a few seconds later clears it, and a screenshot on a loaded machine
  // can take that long).
  const saved = await page.evaluate(() => localStorage.getItem('sigap.pending'));
  if (!saved || !saved.includes(title)) throw new Error('the pending report is not kept on the device');
  await capture(page, 'submit-offline');
  // Sent again by itself a few seconds later (the button does the same at once).
  await page.getByRole('heading', { name: 'Laporan terkirim' }).waitFor();
  if (keys.length !== 2 || keys[0] !== keys[1] || !keys[0]) throw new Error(`keys: ${keys}`);
  // Time first, so that the server stores the keys of one day side by side.
  const sentAt = /^[0-9a-f]{32}$/.test(keys[0]) ? parseInt(keys[0].slice(0, 12), 16) : NaN;
  if (!(sentAt >= sentAfter && sentAt <= Date.now())) throw new Error(`the key ${keys[0]} does not start with its time`);
  if (replayed[0] !== 'true') throw new Error('the retry was not answered as a replay');
  const verifier = await officerSession('verifikator');
  const list = await verifier.call('GET', '/api/v1/cases?limit=20');
  const same = list.body.items.filter((c) => c.title === title);
  if (same.length !== 1) throw new Error(`${same.length} cases with the title`);
  await page.close();
});

await test('draft: a draft left from before is restored with a notice; starting afresh clears it', async () => {
  const page = await newPage(PHONE);
  await page.goto(`${base}/`);
  // A refused submission left this on the phone: anonymous, with contact details.
  await page.evaluate(() => localStorage.setItem('sigap.draft', JSON.stringify({
    kind: 'complaint', service_code: '', category: '', title: 'Laporan lama', description: 'Uraian lama',
    lat: null, lng: null, district_code: '', region_code: '', address: 'Jl. Lama 1', name: '',
    phone: '', email: 'lama@contoh.id', anonymous: true, confidential: false, answers: {},
  })));
  await page.goto(`${base}/lapor`);
  await ready(page);
  const notice = page.getByTestId('draft-restored');
  await notice.waitFor();
  if (!/Draf laporan sebelumnya dipulihkan/.test(await notice.textContent())) throw new Error(await notice.textContent());
  if (!(await page.locator('#anonymous').isChecked()) || (await page.locator('#email').inputValue()) !== 'lama@contoh.id') {
    throw new Error('the draft was not restored');
  }
  await capture(page, 'submit-draft-restored');
  await notice.getByRole('button', { name: 'Mulai laporan baru' }).click();
  await notice.waitFor({ state: 'detached' });
  for (const id of ['title', 'description', 'email', 'address']) {
    if ((await page.locator(`#${id}`).inputValue()) !== '') throw new Error(`#${id} kept after starting afresh`);
  }
  if (await page.locator('#anonymous').isChecked()) throw new Error('Anonim kept after starting afresh');
  const left = await page.evaluate(() => localStorage.getItem('sigap.draft'));
  if (left !== null) throw new Error(`the draft is still stored: ${left}`);
  // A fresh page has nothing to restore: no notice.
  await page.reload();
  await ready(page);
  if ((await page.getByTestId('draft-restored').count()) !== 0) throw new Error('a notice without a draft');
  // An unknown service in the address is dropped, not kept invisibly.
  await page.goto(`${base}/lapor?layanan=TIDAK-ADA`);
  await ready(page);
  await page.waitForFunction(() => document.querySelector('#service_code')?.options.length > 1);
  await page.waitForFunction(() => document.querySelector('#service_code')?.value === '');
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('sigap.draft') ?? '{}').service_code ?? '');
  if (stored !== '') throw new Error(`unknown service kept in the draft: ${stored}`);
  await page.evaluate(() => localStorage.removeItem('sigap.draft'));
  await page.close();
});

await test('language switch: English on request, kept after reload', async () => {
  const page = await newPage(PHONE);
  await page.goto(base);
  await ready(page);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: 'Tell us, then track what happens' }).waitFor();
  if ((await page.getAttribute('html', 'lang')) !== 'en') throw new Error('html lang is not en');
  await page.reload();
  await page.getByRole('heading', { name: 'Tell us, then track what happens' }).waitFor();
  // A resolved case of its own: the stories above need not have run.
  const resolved = await resolvedByApi(`Jalan berlubang dalam bahasa Inggris ${unique}`);
  await page.goto(`${base}/lacak/${resolved.tracking_code}`);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await page.getByText('Resolved', { exact: true }).first().waitFor();
  await capture(page, 'track-english');
  await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
  await page.getByRole('heading', { name: 'Perjalanan laporan' }).waitFor();
  await page.close();
});

await test('XSS: case text renders as text for the citizen and the officer', async () => {
  const receipt = await submitByApi({
    kind: 'complaint',
    title: `<script>window.__xss=1</script> judul ${unique}`,
    description: 'Uraian <img src=x onerror=alert(1)> dan <script>alert(2)</script> selesai.',
    location: { address: '<b onmouseover=alert(3)>alamat</b>' },
  });
  const page = await newPage(PHONE);
  await page.goto(`${base}/lacak/${receipt.tracking_code}`);
  await ready(page);
  const description = await page.getByTestId('case-description').textContent();
  if (!description.includes('<img src=x onerror=alert(1)>')) throw new Error(`shown as: ${description}`);
  if ((await page.locator('main img, main script, main b').count()) !== 0) throw new Error('markup was rendered');
  await officer.goto(`${base}/petugas/kasus/${receipt.tracking_code}`);
  await ready(officer);
  const officerText = await officer.getByTestId('case-description').textContent();
  if (!officerText.includes('<script>alert(2)</script>')) throw new Error(`officer sees: ${officerText}`);
  if ((await officer.locator('main img, main script, main b').count()) !== 0) throw new Error('markup in console');
  for (const p of [page, officer]) {
    if (await p.evaluate(() => window.__xss === 1)) throw new Error('a script from a case ran');
  }
  await page.close();
});

await test('keyboard only: a verifier disposes a case', async () => {
  const receipt = await submitByApi({
    kind: 'complaint',
    service_code: 'PU-JALAN',
    title: `Jalan berlubang ${unique}`,
    description: 'Lubang besar di tengah jalan.',
    attributes: { JENIS_KERUSAKAN: 'berlubang' },
  });
  const verifier = await officerSession('verifikator');
  const verified = await verifier.call('POST', `/api/v1/cases/${receipt.tracking_code}/events`, { action: 'verify' });
  if (verified.status !== 201) throw new Error(`verify: ${verified.status}`);
  await login(officer, 'verifikator');
  await officer.goto(`${base}/petugas/kasus/${receipt.tracking_code}`);
  await ready(officer);
  const focused = () => officer.evaluate(() => {
    const e = document.activeElement;
    return `${e?.tagName}|${e?.id}|${e?.getAttribute('data-action') ?? ''}|${e?.getAttribute('type') ?? ''}`;
  });
  async function tabTo(test, limit = 80) {
    for (let i = 0; i < limit; i++) {
      await officer.keyboard.press('Tab');
      if (test(await focused())) return;
    }
    throw new Error('not reachable with Tab');
  }
  await tabTo((f) => f.startsWith('BUTTON||dispose|'));
  await officer.keyboard.press('Enter');
  // The form opens with the lead agency picker focused.
  await officer.waitForFunction(() => document.activeElement?.id === 'act-agency_code');
  await officer.keyboard.type('Dinas Pekerjaan Umum');
  await tabTo((f) => f.startsWith('INPUT|act-support-DLH'));
  await officer.keyboard.press('Space');
  await tabTo((f) => f.startsWith('TEXTAREA|act-text'));
  await officer.keyboard.type('Mohon segera ditinjau.');
  await tabTo((f) => f.startsWith('BUTTON||') && f.endsWith('|submit'));
  await officer.keyboard.press('Enter');
  await officer.locator('.case-meta .badge', { hasText: 'Didisposisikan' }).waitFor();
  const view = await verifier.call('GET', `/api/v1/cases/${receipt.tracking_code}`);
  if (view.body.agency_code !== 'DPU') throw new Error(`lead ${view.body.agency_code}`);
  if (!view.body.handling.supporting.some((s) => s.agency_code === 'DLH')) throw new Error('no DLH');
  // The status message took the focus, so the officer hears the outcome.
  await officer.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status');
});

await test('If-Match: a stale action is refused and the case reloads', async () => {
  await login(officer, 'verifikator');
  const receipt = await submitByApi({ kind: 'complaint', title: `Pohon tumbang ${unique}`, description: 'Pohon tumbang.' });
  await officer.goto(`${base}/petugas/kasus/${receipt.tracking_code}`);
  await ready(officer);
  await officer.locator('button[data-action="verify"]').waitFor();
  const verifier = await officerSession('verifikator');
  await verifier.call('POST', `/api/v1/cases/${receipt.tracking_code}/events`, { action: 'note', text: 'dibaca' });
  await officer.locator('button[data-action="verify"]').click();
  await officer.locator('form.action-form button[type=submit]').click();
  await officer.getByText('baru saja diubah oleh orang lain').waitFor();
  await officer.locator('.timeline-internal', { hasText: 'dibaca' }).waitFor();
  await act(officer, 'verify');
  await officer.locator('.case-meta .badge', { hasText: 'Terverifikasi' }).waitFor();
  // A longer text typed while someone else changed the case is still there
  // when the officer opens the action again.
  await verifier.call('POST', `/api/v1/cases/${receipt.tracking_code}/events`, { action: 'note', text: 'dibaca lagi' });
  await officer.locator('button[data-action="note"]').click();
  const typed = `Catatan panjang yang tidak boleh hilang ${unique}`;
  await officer.locator('form.action-form #act-text').fill(typed);
  await officer.locator('form.action-form button[type=submit]').click();
  await officer.getByText('baru saja diubah oleh orang lain').waitFor();
  await officer.locator('.timeline-internal', { hasText: 'dibaca lagi' }).waitFor();
  if ((await officer.locator('form.action-form').count()) === 0) {
    await officer.locator('button[data-action="note"]').click();
  }
  const kept = await officer.locator('form.action-form #act-text').inputValue();
  if (kept !== typed) throw new Error(`the typed note was lost: "${kept}"`);
});

await test('session expired during an action: sign in again on the spot, the typed note is kept', async () => {
  await login(officer, 'verifikator');
  const receipt = await submitByApi({ kind: 'complaint', title: `Trotoar rusak ${unique}`, description: 'Trotoar rusak.' });
  await officer.goto(`${base}/petugas/kasus/${receipt.tracking_code}`);
  await ready(officer);
  await officer.locator('button[data-action="note"]').click();
  const note = `Cek ulang besok pagi ${unique}`;
  await officer.locator('form.action-form #act-text').fill(note);
  // The session ends on the server (as when it expires) while the form is open.
  const ended = await officer.evaluate(async () => {
    const r = await fetch('/api/v1/session', {
      method: 'DELETE',
      headers: { 'X-CSRF-Token': sessionStorage.getItem('sigap.csrf') ?? '' },
    });
    return r.status;
  });
  if (ended >= 300) throw new Error(`sign-out: ${ended}`);
  await officer.locator('form.action-form button[type=submit]').click();
  // The sign-in form, saying why, instead of a dead end.
  await officer.getByText('Sesi di tab ini perlu diperbarui. Silakan masuk lagi.').waitFor();
  await officer.locator('#username').fill('verifikator');
  await officer.locator('#password').fill(passwords.verifikator);
  await officer.getByRole('button', { name: 'Masuk', exact: true }).click();
  // Back on the case with the note form open and the text still in it.
  const text = officer.locator('form.action-form #act-text');
  await text.waitFor();
  if ((await text.inputValue()) !== note) throw new Error(`the note was lost: "${await text.inputValue()}"`);
  if (!officer.url().endsWith(`/petugas/kasus/${receipt.tracking_code}`)) throw new Error(`at ${officer.url()}`);
  await officer.locator('form.action-form button[type=submit]').click();
  await officer.locator('.timeline-internal', { hasText: note }).waitFor();
  // Sent: the kept text is gone; a reload opens no form.
  await officer.reload();
  await ready(officer);
  if ((await officer.locator('form.action-form').count()) !== 0) throw new Error('the sent note is offered again');
});

await test('console: a case link opened in another tab acts without a second sign-in', async () => {
  await login(officer, 'verifikator');
  const receipt = await submitByApi({ kind: 'complaint', title: `Lampu jalan mati ${unique}`, description: 'Lampu jalan mati.' });
  const tab = await newPage(DESKTOP);
  await tab.goto(`${base}/petugas/kasus/${receipt.tracking_code}`);
  await tab.locator('button[data-action="verify"]').waitFor();
  await act(tab, 'verify');
  await tab.locator('.case-meta .badge', { hasText: 'Terverifikasi' }).waitFor();
  await tab.close();
});

await test('bulk: a verifier verifies three cases at once; one changed meanwhile is reported, not overwritten', async () => {
  const marker = `Massal${unique}`;
  const codes = [];
  for (const n of [1, 2, 3]) {
    codes.push((await submitByApi({ kind: 'complaint', title: `${marker} lampu ${n}`, description: 'Lampu jalan mati.' })).tracking_code);
  }
  await login(officer, 'verifikator');
  await officer.locator('#f-q').fill(marker);
  await officer.getByRole('button', { name: 'Terapkan' }).click();
  for (const code of codes) await officer.locator(`input[data-select="${code}"]`).waitFor();
  await officer.getByLabel('Pilih semua laporan yang ditampilkan').check();
  // Someone verifies the third one after the queue was shown.
  const verifier = await officerSession('verifikator');
  await verifier.call('POST', `/api/v1/cases/${codes[2]}/events`, { action: 'note', text: 'dibaca dulu' });
  await officer.locator('#bulk-action').selectOption('verify');
  await capture(officer, 'officer-bulk');
  await officer.getByRole('button', { name: 'Jalankan untuk 3 laporan' }).click();
  const outcome = officer.getByTestId('bulk-outcome');
  await outcome.waitFor();
  const said = await outcome.textContent();
  if (!said.includes('2 berhasil, 1 gagal')) throw new Error(`bulk outcome: ${said}`);
  const statuses = [];
  for (const code of codes) statuses.push((await verifier.call('GET', `/api/v1/cases/${code}`)).body.status);
  if (statuses.join() !== 'verified,verified,received') throw new Error(`statuses ${statuses}`);
});

await test('budget: the citizen first load is at most 100 KB of JS+CSS gzip', async () => {
  const out = execFileSync(process.execPath, [join(webDir, 'scripts', 'size.mjs')], { encoding: 'utf8' });
  console.log(out.trimEnd().replace(/^/gm, '     '));
});

await test('slow phone: the home page is usable within 5 s at 400 kbit/s, 400 ms RTT', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'id-ID' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 400,
    downloadThroughput: 400000 / 8,
    uploadThroughput: 400000 / 8,
  });
  const t0 = Date.now();
  await page.goto(base, { waitUntil: 'commit' });
  await page.getByRole('link', { name: 'Buat laporan' }).first().waitFor();
  const usable = Date.now() - t0;
  await page.locator('details summary').first().waitFor({ timeout: 30000 });
  const catalogue = Date.now() - t0;
  console.log(`     usable after ${(usable / 1000).toFixed(1)} s; catalogue after ${(catalogue / 1000).toFixed(1)} s`);
  await context.close();
  if (usable > 5000) throw new Error(`usable only after ${usable} ms`);
});

await test('screenshots and axe: the service page and the tracking form', async () => {
  const page = await newPage(PHONE);
  await page.goto(`${base}/layanan/PU-DRAINASE`);
  await page.getByRole('heading', { name: 'Standar Pelayanan' }).waitFor();
  await ready(page);
  await capture(page, 'service');
  await page.goto(`${base}/lacak`);
  await ready(page);
  await capture(page, 'track-form');
  // A code that cannot be one is said at once, without asking the server.
  const asked = [];
  page.on('request', (r) => r.url().includes('/api/v1/cases/') && asked.push(r.url()));
  await page.getByRole('button', { name: 'Lacak' }).click();
  await page.locator('#track-code-error', { hasText: 'Masukkan kode pelacakan' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'track-code');
  await page.locator('#track-code').fill('ABC12');
  await page.getByRole('button', { name: 'Lacak' }).click();
  await page.locator('#track-code-error', { hasText: '10 karakter' }).waitFor();
  if (asked.length > 0) throw new Error(`asked the server: ${asked}`);
  // A well-formed code of no report (its check character right: the one
  // ZZZZZZZZZ? the server does not call mistyped): the form to correct it,
  // no useless retry, no word of a typo.
  let wellFormed = '';
  for (const c of '0123456789ABCDEFGHJKMNPQRSTVWXYZ') {
    const answer = await fetch(`${base}/api/v1/cases/ZZZZZZZZZ${c}`);
    if (answer.status === 404 && !(await answer.json()).errors) {
      wellFormed = `ZZZZZ ZZZZ${c}`;
      break;
    }
  }
  if (!wellFormed) throw new Error('no well-formed ZZZZZZZZZ? code');
  await page.locator('#track-code').fill(wellFormed);
  await page.getByRole('button', { name: 'Lacak' }).click();
  await page.getByTestId('track-not-found').waitFor();
  if ((await page.getByTestId('track-mistyped').count()) !== 0) throw new Error('a code of no report called a typo');
  if ((await page.locator('#track-code').inputValue()) !== wellFormed) throw new Error('the code to correct is not offered');
  if ((await page.getByRole('button', { name: 'Coba lagi' }).count()) !== 0) throw new Error('a retry of the same wrong code');
  await page.locator('#track-code').fill(story.code);
  await page.getByRole('button', { name: 'Lacak' }).click();
  await page.getByRole('heading', { name: story.title }).waitFor();
  await page.close();
});

// --- issue 5: routing by place, nearby duplicates and support ----------------

await test('issue 5: before filing, a nearby open case of the service can be supported instead', async () => {
  const page = await newPage(PHONE);
  await page.goto(`${base}/lapor`);
  await ready(page);
  await page.locator('#kind-complaint').check();
  await page.locator('#service_code').selectOption('PU-JALAN');
  await page.locator('#title').fill('Jalan berlubang');
  await page.locator('#description').fill('Lubang besar di tengah jalan, berbahaya bagi motor.');
  await pinOnMap(page);
  const draft = await page.evaluate(() => JSON.parse(localStorage.getItem('sigap.draft') ?? '{}'));
  if (typeof draft.lat !== 'number') throw new Error(`no pin in the draft: ${JSON.stringify(draft)}`);
  // Someone else already reported it, 20 m away.
  const existing = await submitByApi({
    kind: 'complaint',
    service_code: 'PU-JALAN',
    title: `Jalan berlubang besar ${unique}`,
    description: 'Lubang besar di jalan dekat pasar.',
    attributes: { JENIS_KERUSAKAN: 'berlubang' },
    location: { lat: draft.lat + 0.00018, lng: draft.lng },
  });
  await page.locator('#title').fill(`Jalan berlubang besar ${unique}`);
  const box = page.getByTestId('nearby');
  await box.locator(`button[data-support="${existing.tracking_code}"]`).waitFor();
  await capture(page, 'submit-nearby');
  await box.locator(`button[data-support="${existing.tracking_code}"]`).click();
  await page.getByTestId('support-done').waitFor();
  const text = await page.getByTestId('support-done').textContent();
  if (!/Dukungan Anda tercatat/.test(text) || !/1 pendukung/.test(text)) throw new Error(text);
  const view = await (await fetch(`${base}/api/v1/cases/${existing.tracking_code}`)).json();
  if (view.supporters !== 1) throw new Error(`supporters ${view.supporters}`);
  await page.evaluate(() => localStorage.removeItem('sigap.draft'));
  await page.close();
});

await test('issue 5: the verifier sees the proposal, overrides it with a reason; outside the Pemda is flagged', async () => {
  // Inside Miroto (33.74.01.1001): DLH-SAMPAH goes to the kecamatan office.
  const receipt = await submitByApi({
    kind: 'complaint',
    service_code: 'DLH-SAMPAH',
    title: `Sampah pasar menumpuk ${unique}`,
    description: 'Sampah pasar belum diangkut tiga hari.',
    attributes: { JENIS_SAMPAH: ['rumah_tangga'] },
    location: { lat: -6.98371, lng: 110.41869 },
  });
  const outside = await submitByApi({
    kind: 'complaint',
    service_code: 'PU-DRAINASE',
    title: `Saluran di luar kota ${unique}`,
    description: 'Titik di luar wilayah kota.',
    location: { lat: -6.6, lng: 110.7 },
  });
  const verifier = await officerSession('verifikator');
  const verified = await verifier.call('POST', `/api/v1/cases/${receipt.tracking_code}/events`, { action: 'verify' });
  if (verified.status !== 201) throw new Error(`verify: ${verified.status}`);
  await login(officer, 'verifikator');
  await officer.goto(`${base}/petugas/kasus/${outside.tracking_code}`);
  await ready(officer);
  await officer.getByTestId('outside-pemda').waitFor();
  await officer.goto(`${base}/petugas/kasus/${receipt.tracking_code}`);
  await ready(officer);
  const proposal = officer.getByTestId('proposal');
  await proposal.waitFor();
  if (!/Kecamatan Semarang Tengah/.test(await proposal.textContent())) {
    throw new Error(`proposal: ${await proposal.textContent()}`);
  }
  await capture(officer, 'officer-proposal');
  await proposal.locator('button[data-proposal="override"]').click();
  const form = officer.locator('form.action-form');
  await form.waitFor();
  await form.locator('#act-agency_code').selectOption('DLH');
  await form.locator('#act-override_reason').waitFor();
  await capture(officer, 'officer-override');
  await form.locator('#act-override_reason').fill('Sampah pasar kota ditangani DLH.');
  await form.locator('button[type=submit]').click();
  await officer.locator('.case-meta .badge', { hasText: 'Didisposisikan' }).waitFor();
  const timeline = await verifier.call('GET', `/api/v1/cases/${receipt.tracking_code}/timeline`);
  const disposed = timeline.body.events.find((e) => e.kind === 'disposed');
  if (disposed?.payload?.proposal !== 'KEC-3374010' || !disposed.payload.override_reason) {
    throw new Error(`disposed event: ${JSON.stringify(disposed)}`);
  }
});

await test('issue 5: the verifier confirms the proposal in one step', async () => {
  const receipt = await submitByApi({
    kind: 'complaint',
    service_code: 'PU-DRAINASE',
    title: `Got mampet usulan ${unique}`,
    description: 'Got mampet di depan rumah.',
    location: { lat: -6.98371, lng: 110.41869 },
  });
  const verifier = await officerSession('verifikator');
  await verifier.call('POST', `/api/v1/cases/${receipt.tracking_code}/events`, { action: 'verify' });
  await officer.goto(`${base}/petugas/kasus/${receipt.tracking_code}`);
  await ready(officer);
  await officer.getByTestId('proposal').locator('button[data-proposal="confirm"]').click();
  await officer.locator('.case-meta .badge', { hasText: 'Didisposisikan' }).waitFor();
  const view = await verifier.call('GET', `/api/v1/cases/${receipt.tracking_code}`);
  if (view.body.agency_code !== 'DPU') throw new Error(`agency ${view.body.agency_code}`);
});

await test('issue 5: the service questions are listed, asked by datatype, enforced and shown to the officer', async () => {
  const page = await newPage(PHONE);
  await page.goto(`${base}/layanan/PU-JALAN`);
  await ready(page);
  const listed = page.getByTestId('service-questions');
  await listed.waitFor();
  const kind = await listed.locator('[data-question="JENIS_KERUSAKAN"]').textContent();
  if (!/Jenis kerusakan/.test(kind) || !/Wajib/.test(kind) || !/Jalan berlubang/.test(kind)) {
    throw new Error(`service page question: ${kind}`);
  }
  await capture(page, 'service-questions');

  // Every datatype gets its own field.
  await emptyReportForm(page);
  await page.locator('#kind-complaint').check();
  const fieldOf = async (service, code) => {
    await page.locator('#service_code').selectOption(service);
    const q = page.getByTestId('questions').locator(`[data-question="${code}"]`);
    await q.waitFor();
    return q;
  };
  const expect = [
    ['PERKIM-PJU', 'NOMOR_TIANG', 'input:not([type])'],
    ['PU-DRAINASE', 'KEDALAMAN_CM', 'input[inputmode="decimal"]'],
    ['PU-DRAINASE', 'SEJAK', 'input[type="datetime-local"]'],
    ['DLH-SAMPAH', 'KETERANGAN', 'textarea'],
    ['DLH-SAMPAH', 'JENIS_SAMPAH', 'input[type="checkbox"]'],
    ['PU-JALAN', 'JENIS_KERUSAKAN', 'select'],
  ];
  for (const [service, code, selector] of expect) {
    const q = await fieldOf(service, code);
    if ((await q.locator(selector).count()) === 0) throw new Error(`${service} ${code}: no ${selector}`);
  }
  const note = page.getByTestId('questions').locator('[data-question="CATATAN_KEAMANAN"]');
  if (!/112/.test(await note.textContent())) throw new Error('the informational note is missing');

  // A required question left empty is named before sending.
  await page.locator('#title').fill(`Jalan amblas pertanyaan ${unique}`);
  await page.locator('#description').fill('Jalan amblas sedalam lutut di depan pasar.');
  await page.locator('#address').fill('Jl. Pandanaran 1');
  await page.getByRole('button', { name: 'Kirim laporan' }).click();
  const required = page.locator('[data-question="JENIS_KERUSAKAN"] .field-error');
  await required.waitFor();
  if (!/wajib diisi/.test(await required.textContent())) throw new Error(await required.textContent());
  await page.locator('.notice-error a[href="#attr-JENIS_KERUSAKAN"]').waitFor();

  // The server's 422 lands on the question it names.
  await page.locator('#attr-JENIS_KERUSAKAN').selectOption('amblas');
  await page.locator('#attr-LEBAR_M').fill('satu setengah');
  await page.getByRole('button', { name: 'Kirim laporan' }).click();
  const refused = page.locator('[data-question="LEBAR_M"] .field-error');
  await refused.waitFor();
  if (!/formatnya tidak valid/.test(await refused.textContent())) throw new Error(await refused.textContent());
  await capture(page, 'submit-questions-error');

  await page.locator('#attr-LEBAR_M').fill('1.5');
  await page.locator('#attr-MEMBAHAYAKAN').selectOption('ya');
  await page.getByRole('button', { name: 'Kirim laporan' }).click();
  await page.getByRole('heading', { name: 'Laporan terkirim' }).waitFor();
  const code = (await page.getByTestId('tracking-code').textContent()).replace(/\s/g, '');
  const verifier = await officerSession('verifikator');
  const view = await verifier.call('GET', `/api/v1/cases/${code}`);
  const answers = view.body.attributes ?? {};
  if (answers.JENIS_KERUSAKAN?.[0] !== 'amblas' || answers.LEBAR_M?.[0] !== '1.5' || answers.MEMBAHAYAKAN?.[0] !== 'ya') {
    throw new Error(`answers: ${JSON.stringify(answers)}`);
  }
  await page.close();

  // The officer reads them in the question's own words.
  await login(officer, 'verifikator');
  await officer.goto(`${base}/petugas/kasus/${code}`);
  await ready(officer);
  const shown = officer.getByTestId('case-answers');
  await shown.waitFor();
  const text = await shown.textContent();
  if (!/Jenis kerusakan/.test(text) || !/Amblas atau longsor/.test(text) || !/1\.5/.test(text)) {
    throw new Error(`officer answers: ${text}`);
  }
  await capture(officer, 'officer-answers');
});

await test('issue 5: the officer nearby list is fetched fresh, never from the case 304', async () => {
  const lat = -6.98371;
  const lng = 110.41869;
  const first = await submitByApi({
    kind: 'complaint',
    service_code: 'PU-DRAINASE',
    title: `Got mampet segar ${unique}`,
    description: 'Got mampet di depan rumah.',
    location: { lat, lng },
  });
  await login(officer, 'verifikator');
  await officer.goto(`${base}/petugas/kasus/${first.tracking_code}`);
  await ready(officer);
  // Another case next door appears; the case itself has not changed.
  const second = await submitByApi({
    kind: 'complaint',
    service_code: 'PU-DRAINASE',
    title: `Got mampet tetangga ${unique}`,
    description: 'Got mampet di sebelah.',
    location: { lat: lat + 0.0001, lng },
  });
  const nearbyCalls = [];
  officer.on('response', (r) => {
    if (r.url().includes(`/api/v1/cases/${first.tracking_code}/nearby`)) nearbyCalls.push(r.status());
  });
  await officer.reload();
  await ready(officer);
  await officer.getByTestId('officer-nearby').locator(`a[href$="${second.tracking_code}"]`).waitFor();
  if (!nearbyCalls.includes(200)) throw new Error(`nearby calls: ${nearbyCalls}`);
});

await test('admin: creates an officer account, deactivates it; adds and removes a regional day off', async () => {
  if (!passwords.admin) throw new Error(`no password for admin in: ${demoOut}`);
  await login(officer, 'admin');
  await officer.getByRole('link', { name: 'Administrasi' }).click();
  await officer.getByRole('heading', { name: 'Pengguna' }).waitFor();
  const username = `petugas.e2e${unique}`;
  await officer.locator('#new-username').fill(username);
  await officer.locator('#new-password').fill('kata-sandi-e2e-1');
  await officer.locator('#new-role').selectOption('agency_officer');
  await officer.locator('#new-agency').selectOption('DPU');
  await officer.locator('#new-email').fill('e2e@pemda.example');
  await officer.getByRole('button', { name: 'Buat akun' }).click();
  const row = officer.locator(`tr[data-username="${username}"]`);
  await row.waitFor();
  await ready(officer);
  await capture(officer, 'admin-users');
  await row.getByRole('button', { name: 'Nonaktifkan' }).click();
  // The status cell itself: the button's cell ("Nonaktifkan") would match at once.
  await row.locator('td', { hasText: /^Nonaktif$/ }).waitFor();
  // The deactivated account cannot sign in.
  const answer = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'kata-sandi-e2e-1' }),
  });
  if (answer.status !== 401) throw new Error(`deactivated account signed in: ${answer.status}`);

  await officer.getByRole('link', { name: 'Kalender hari kerja' }).click();
  await officer.getByRole('heading', { name: 'Kalender hari kerja' }).waitFor();
  const shown = officer.locator('.year-switch strong');
  for (let i = 0; i < 20 && Number(await shown.textContent()) !== 2026; i++) {
    const before = await shown.textContent();
    await officer
      .getByRole('button', { name: Number(before) > 2026 ? 'Tahun sebelumnya' : 'Tahun berikutnya' })
      .click();
    await officer.waitForFunction((b) => document.querySelector('.year-switch strong')?.textContent !== b, before);
  }
  await officer.locator('tr[data-date="2026-03-19"]').waitFor();  // Nyepi, from the SKB
  await officer.locator('#day-date').fill('2026-06-05');
  await officer.locator('#day-name').fill('Hari Jadi Kota (e2e)');
  await officer.getByRole('button', { name: 'Tambahkan' }).click();
  const day = officer.locator('tr[data-date="2026-06-05"]');
  await day.locator('td', { hasText: 'Libur daerah' }).waitFor();
  await ready(officer);
  await capture(officer, 'admin-calendar');
  await day.getByRole('button', { name: 'Hapus' }).click();
  await day.waitFor({ state: 'detached' });
  await officer.getByRole('button', { name: 'Keluar' }).click();
  await officer.locator('#username').waitFor();
});

await test('admin: adds a service, publishes a new version of its standard, retires it', async () => {
  await login(officer, 'admin');
  await officer.goto(`${base}/petugas/admin/layanan`);
  await officer.getByRole('heading', { name: 'Katalog layanan' }).waitFor();
  await officer.locator('tr[data-service="PU-JALAN"]').waitFor();
  const code = `UJI-E2E-${unique.toUpperCase()}`;
  await officer.locator('#svc-code').fill(code);
  await officer.locator('#svc-name').fill('Pengaduan Uji E2E');
  await officer.locator('#svc-agency').selectOption('DPU');
  await officer.locator('#svc-group').fill('Infrastruktur');
  await officer.locator('#svc-keywords').fill('uji, e2e');
  await officer.locator('#new-requirements').fill('KTP-el\nFoto lokasi');
  await officer.locator('#new-procedure').fill('Laporan diterima\nDitangani');
  await officer.locator('#new-completion_days').fill('10');
  for (const name of ['cost', 'product', 'complaint_channel', 'internal-legal_basis', 'internal-facilities',
    'internal-staff_competence', 'internal-internal_supervision', 'internal-staffing', 'internal-guarantee',
    'internal-security_assurance', 'internal-performance_evaluation']) {
    await officer.locator(`#new-${name}`).fill(`Isi uji ${name}`);
  }
  await officer.getByRole('button', { name: 'Tambah layanan' }).click();
  const row = officer.locator(`tr[data-service="${code}"]`);
  await row.waitFor();
  await row.getByRole('button', { name: 'Ubah standar' }).click();
  const editor = officer.locator('#standard-editor');
  await editor.locator('li[data-version="1"]').waitFor();
  await officer.locator('#edit-completion_days').fill('3');
  await officer.locator('#edit-change_note').fill('Perwal uji e2e: dipersingkat');
  await officer.getByRole('button', { name: 'Terbitkan versi baru' }).click();
  await editor.locator('li[data-version="2"]', { hasText: 'Perwal uji e2e' }).waitFor();
  // Who published each version: the officer's full name (the demo's admin)
  // and the username, as text (not a hover title).
  await editor.locator('li[data-version="2"]').getByText('Novi Anggraeni (admin)', { exact: true }).waitFor();
  if ((await editor.locator('li[data-version="1"]').textContent()).includes(' · admin')) throw new Error('version 1 names the username');
  await row.locator('td', { hasText: '3 hari kerja' }).waitFor();
  await ready(officer);
  await capture(officer, 'admin-services');
  await row.getByRole('button', { name: 'Nonaktifkan' }).click();
  // Retired once the row offers to reactivate it ("Nonaktif" alone would
  // also match the button that was just clicked).
  await row.getByRole('button', { name: 'Aktifkan lagi' }).waitFor();
  let offered = '';
  for (let tries = 0; tries < 20; tries++) {
    offered = await (await fetch(`${base}/api/v1/services`)).text();
    if (!offered.includes(code)) break;
    await new Promise((done) => setTimeout(done, 250));
  }
  if (offered.includes(code)) throw new Error('a retired service is still offered');
  await officer.getByRole('button', { name: 'Keluar' }).click();
  await officer.locator('#username').waitFor();
});

// The kelurahan the maps can shade: those with a boundary (a case may name a
// Kemendagri code the boundary file does not have).
async function kelurahanWithBoundary() {
  const drawn = new Set();
  const districts = (await (await fetch(`${base}/api/v1/regions`)).json()).items;
  for (const d of districts) {
    const villages = await (await fetch(`${base}/api/v1/regions?parent=${d.code}&format=geojson`)).json();
    for (const f of villages.features) if (f.geometry) drawn.add(f.properties.code);
  }
  return drawn;
}

// The service bars of a stats answer: the busiest services, then the rest
// together (by_service_rest) when there are more.
function serviceBars(figures) {
  const bars = figures.by_service.map((c) => ({ key: c.key, value: c.count }));
  if (figures.by_service_rest) bars.push({ key: '(rest)', value: figures.by_service_rest });
  return bars;
}

await test('transparency: the public page and the leaders\' dashboard show the server\'s figures', async () => {
  // An aspiration names no service: the figures then hold a case without one.
  const aspiration = await fetch(`${base}/api/v1/cases`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'aspiration', title: 'Taman kota', description: 'Mohon tambah taman bermain anak di kelurahan kami.' }),
  });
  if (aspiration.status !== 201) throw new Error(`aspiration: ${aspiration.status}`);
  const figures = await (await fetch(`${base}/api/v1/stats`)).json();
  const page = await newPage(PHONE);
  await page.goto(`${base}/`);
  await page.getByRole('link', { name: 'Transparansi' }).click();
  await page.getByRole('heading', { name: 'Transparansi layanan' }).waitFor();
  const received = page.locator('[data-kpi="received"] .kpi-value');
  await received.waitFor();
  const shown = (await received.textContent()).replace(/\./g, '');
  if (Number(shown) !== figures.received) throw new Error(`received ${shown} vs ${figures.received}`);
  // The period in words, also in the date fields; open cases are those open
  // now, whatever the period: "Terbuka saat ini".
  const period = await page.locator('.stats p[role=status]').first().textContent();
  if (/\d{4}-\d{2}-\d{2}/.test(period)) throw new Error(`period: ${period}`);
  if ((await page.locator('#stats-from').inputValue()) !== figures.from) throw new Error('the start date field is empty');
  if ((await page.locator('[data-kpi="open"] .kpi-caption').textContent()) !== 'Terbuka saat ini') throw new Error('open cases not "Terbuka saat ini"');
  const body = await page.locator('main').textContent();
  for (const secret of Object.values(passwords)) {
    if (body.includes(secret)) throw new Error('a password on the public page');
  }
  // The kelurahan map: exactly the kelurahan with cases are shaded.
  await page.locator('.stats-map path.leaflet-interactive').first().waitFor();
  const shaded = await page.locator('.stats-map path.leaflet-interactive').evaluateAll((paths) =>
    paths.filter((p) => !['none', '#f4f7f5', null].includes(p.getAttribute('fill'))).length);
  const drawn = await kelurahanWithBoundary();
  const places = figures.by_kelurahan.filter((k) => drawn.has(k.key)).length;
  if (places === 0 || shaded !== places) throw new Error(`${shaded} kelurahan shaded, ${places} with cases`);
  await ready(page);
  await capture(page, 'transparency');
  // Its charts are uPlot too, fetched after the figures; their tables hold the API's numbers.
  await expectBars(page, 'by_service', serviceBars(figures));
  await expectBars(page, 'by_kind', figures.by_kind.map((c) => ({ key: c.key, value: c.count })));
  // Cases without a service have a name too.
  if (!figures.by_service.some((c) => c.key === '')) throw new Error('no case without a service in the figures');
  const unnamed = (await chartTable(page, 'by_service')).find((r) => r.key === '');
  if (unnamed?.label !== 'Tanpa layanan') throw new Error(`no-service row: ${JSON.stringify(unnamed)}`);
  await page.close();

  await login(officer, 'walikota');
  await officer.getByRole('link', { name: 'Dasbor' }).click();
  await officer.getByRole('heading', { name: 'Dasbor pimpinan' }).waitFor();
  await officer.locator('#stats-agency').selectOption('DPU');
  // What the dashboard itself was answered, to compare its charts with.
  const answered = officer.waitForResponse(
    (r) => r.request().method() === 'GET' && /\/api\/v1\/stats\?(.*&)?agency=DPU/.test(r.url()),
  );
  await officer.getByRole('button', { name: 'Terapkan' }).click();
  const dpu = await (await answered).json();
  await officer.waitForFunction(
    (n) => document.querySelector('[data-kpi="received"] .kpi-value')?.textContent.replace(/\./g, '') === String(n),
    dpu.received,
  );
  await officer.locator('tr[data-agency="DPU"]').waitFor();
  // The uPlot charts are drawn and their tables show the API's figures.
  if (dpu.by_month.length === 0 || dpu.by_service.length === 0) throw new Error('the demo gave DPU no cases to chart');
  await expectBars(officer, 'by_month', dpu.by_month.map((m) => ({ key: m.month, value: m.received })));
  await expectBars(officer, 'by_service', serviceBars(dpu));
  await expectBars(officer, 'by_kind', dpu.by_kind.map((c) => ({ key: c.key, value: c.count })));
  await expectBars(officer, 'by_kecamatan', dpu.by_kecamatan.map((c) => ({ key: c.key, value: c.count })));
  // Citizens' ratings, apart from the SKM, for the same agency and period.
  const leader = await officerSession('walikota');
  const ratings = (await leader.call('GET', '/api/v1/ratings/summary?agency=DPU')).body;
  await officer.waitForFunction(
    (n) => document.querySelector('[data-kpi="ratings_count"] .kpi-value')?.textContent.replace(/\./g, '') === String(n),
    ratings.count,
  );
  if (ratings.count === 0) {
    await officer.getByTestId('ratings-none').waitFor();
  } else {
    await expectBars(officer, 'ratings_by_stars', ['5', '4', '3', '2', '1'].map((n) => ({ key: n, value: ratings.by_stars[n] ?? 0 })));
  }
  await ready(officer);
  await capture(officer, 'dashboard');
  await officer.getByRole('button', { name: 'Keluar' }).click();
  await officer.locator('#username').waitFor();
});

await test('map: with residents on record, the dashboard shades kelurahan by cases per 10,000 residents', async () => {
  // A window no earlier request asked for, so the figures are fresh.
  const figures = await (await fetch(`${base}/api/v1/stats?from=2024-01-02`)).json();
  if (figures.by_kelurahan.length === 0) throw new Error('the demo gave no kelurahan cases');
  // Test figures, not BPS data: the busiest kelurahan gets the most residents,
  // so rates and counts rank differently.
  const sorted = [...figures.by_kelurahan].sort((a, b) => b.count - a.count);
  const residents = sorted.map((k, i) => [k.key, 1000 * (sorted.length - i) * 7]);
  // Every kelurahan has residents, as with BPS's figures: the officers' map
  // also counts confidential cases, which the public figures above leave out.
  const listed = new Set(sorted.map((k) => k.key));
  for (const code of await kelurahanWithBoundary()) if (!listed.has(code)) residents.push([code, 500]);
  const csv = join(work, 'penduduk.csv');
  writeFileSync(csv, ['kode,penduduk', ...residents.map(([k, n]) => `${k},${n}`)].join('\n'));
  execFileSync(sigapBinary, ['import', 'population', csv, '--db', db], { cwd: work, stdio: 'pipe' });

  await login(officer, 'walikota');
  await officer.getByRole('link', { name: 'Dasbor' }).click();
  await officer.getByRole('heading', { name: 'Dasbor pimpinan' }).waitFor();
  await officer.locator('#stats-from').fill('2024-01-03');
  await officer.getByRole('button', { name: 'Terapkan' }).click();
  await officer.waitForFunction(() =>
    document.querySelector('[data-testid=map-measure]')?.textContent?.includes('per 10.000 penduduk'),
  );
  const legend = await officer.locator('.map-legend').getAttribute('aria-label');
  if (!legend.includes('per 10.000 penduduk')) throw new Error(`legend: ${legend}`);
  // The officer's figures, as the dashboard has them (confidential cases too).
  const answered = (
    await officer.evaluate(() => fetch('/api/v1/stats?from=2024-01-03').then((r) => r.json()))
  ).by_kelurahan;
  const drawn = await kelurahanWithBoundary();
  const expected = answered.filter((k) => drawn.has(k.key)).length;
  if (expected === 0) throw new Error('no kelurahan with cases has a boundary');
  // The map of the new window replaces the old one: wait for its shades.
  const shadedCount = () =>
    officer.locator('.stats-map path.leaflet-interactive').evaluateAll((paths) =>
      paths.filter((p) => !['none', '#f4f7f5', null].includes(p.getAttribute('fill'))).length);
  let shaded = -1;
  for (let i = 0; i < 50 && shaded !== expected; i++) {
    await officer.waitForTimeout(200);
    shaded = await shadedCount();
  }
  if (shaded !== expected) throw new Error(`${shaded} kelurahan shaded, ${expected} with cases and a boundary`);
  if (!answered.every((k) => k.population > 0)) throw new Error(`population missing: ${JSON.stringify(answered)}`);
  await ready(officer);
  await capture(officer, 'dashboard-rate-map');
  await officer.getByRole('button', { name: 'Keluar' }).click();
  await officer.locator('#username').waitFor();
});

await test('issue 6: the reporter rates the resolved case, a citizen fills the survey, the IKM screen shows it', async () => {
  const admin = await officerSession('admin');
  const created = await admin.call('POST', '/api/v1/surveys', {
    unit_code: 'DPU', period: 'Survei e2e', starts_on: '2020-01-01', ends_on: '2100-12-31',
  });
  if (created.status !== 201) throw new Error(`survey: ${created.status} ${JSON.stringify(created.body)}`);

  // A case of its own that DPU resolved (the stories above need not have
  // run), opened by its reporter with the secret.
  const resolved = await resolvedByApi(`Jalan berlubang dinilai ${unique}`);
  const dpu = await officerSession('petugas.dpu');
  const rated = { code: resolved.tracking_code, secret: resolved.reporter_secret };
  await citizen.goto(`${base}/lacak/${rated.code}`);
  await citizen.locator('#secret').fill(rated.secret);
  await citizen.getByRole('button', { name: 'Buka sebagai pelapor' }).click();
  await citizen.locator('input[name=stars][value="4"]').waitFor();
  await ready(citizen);
  // On the phone each star option is one tap target on one line.
  const starHeights = await citizen.locator('fieldset.stars label').evaluateAll((labels) =>
    labels.map((l) => l.getBoundingClientRect().height));
  if (starHeights.length !== 5 || starHeights.some((h) => h < 44 || h > 52)) throw new Error(`star options: ${starHeights}`);
  await citizen.locator('input[name=stars][value="4"]').check();
  await citizen.locator('#rating-comment').fill('Cepat dan rapi');
  await citizen.getByRole('button', { name: 'Kirim penilaian' }).click();
  await citizen.getByTestId('rating-done').waitFor();
  const seen = await dpu.call('GET', `/api/v1/cases/${rated.code}`);
  if (seen.body?.rating?.stars !== 4) throw new Error(`agency view: ${JSON.stringify(seen.body?.rating)}`);
  const again = await fetch(`${base}/api/v1/cases/${rated.code}/rating`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Reporter-Secret': rated.secret },
    body: JSON.stringify({ stars: 1 }),
  });
  if (again.status !== 409) throw new Error(`second rating: ${again.status}`);

  await citizen.getByRole('link', { name: 'Isi juga survei kepuasan masyarakat' }).click();
  await citizen.locator('fieldset.survey-element').first().waitFor();
  // Sent with the case (so that it counts once): the form does not call
  // itself anonymous, and says what is recorded.
  const intro = await citizen.getByTestId('survey-intro').textContent();
  if (/anonim/i.test(intro) || !intro.includes('agar tidak terhitung dua kali')) throw new Error(`survey intro from a case: ${intro}`);
  const elements = citizen.locator('fieldset.survey-element');
  if ((await elements.count()) !== 9) throw new Error(`${await elements.count()} elements`);
  for (let i = 0; i < 9; i++) await elements.nth(i).locator('input[type=radio]').nth(3).check();
  // Each answer on its own line, its button beside its words.
  const answers = await citizen.locator('.survey-answers label').evaluateAll((labels) =>
    labels.map((l) => {
      const box = l.getBoundingClientRect();
      const dot = l.querySelector('input').getBoundingClientRect();
      return { height: box.height, besides: dot.top >= box.top && dot.bottom <= box.bottom, text: l.textContent };
    }));
  const broken = answers.filter((a) => a.height < 44 || a.height > 70 || !a.besides);
  if (broken.length > 0) throw new Error(`survey answers: ${JSON.stringify(broken.slice(0, 3))}`);
  await citizen.locator('#survey-jenis_kelamin').selectOption('P');
  await citizen.locator('#survey-saran').fill('Pertahankan');
  await capture(citizen, 'survey');
  await citizen.getByRole('button', { name: 'Kirim survei' }).click();
  await citizen.getByTestId('survey-thanks').waitFor();
  // The questionnaire names its unit, and in English its answers and the
  // questions about the respondent are English too.
  const english = await newPage(PHONE);
  try {
    await english.goto(`${base}/survei`);
    await ready(english);
    await english.getByRole('button', { name: 'Switch to English' }).click();
    // The questionnaire is on the page in Indonesian already: wait for its
    // English words, not for the questionnaire.
    await english.getByTestId('survey-unit').filter({ hasText: 'Service unit' }).waitFor();
    // Without a case the answers are anonymous, and the form says so.
    const plain = await english.getByTestId('survey-intro').textContent();
    if (!plain.startsWith('This survey is anonymous.')) throw new Error(`survey intro without a case: ${plain}`);
    const unit = await english.getByTestId('survey-unit').textContent();
    if (!/Service unit: .+ · period /.test(unit)) throw new Error(`survey unit: ${unit}`);
    const first = await english.locator('fieldset.survey-element').first().locator('label').allTextContents();
    if (first.join('|') !== 'Not suitable|Less suitable|Suitable|Very suitable') throw new Error(`answers: ${first}`);
    const jobs = await english.locator('#survey-pekerjaan option').allTextContents();
    if (!jobs.includes('Student') || jobs.includes('Pelajar')) throw new Error(`occupations: ${jobs}`);
  } finally {
    // The choice is kept in the browser: back to Indonesian for the tests
    // after, even when a check above failed.
    await english.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click({ timeout: 5000 }).catch(() => {});
    await english.close();
  }

  // One response, every answer 4: NRR 4.00 each, IKM 4 × 25 = 100,00, A.
  await login(officer, 'walikota');
  await officer.getByRole('link', { name: 'IKM', exact: true }).click();
  await officer.getByTestId('ikm-value').waitFor();
  await officer.waitForFunction(() => document.querySelector('[data-testid=ikm-value]')?.textContent === '100,00');
  const grade = await officer.getByTestId('ikm-grade').textContent();
  if (grade !== 'A') throw new Error(`grade ${grade}`);
  await officer.getByTestId('ikm-change').waitFor();
  const xlsx = await officer.locator('a', { hasText: 'Unduh laporan XLSX' }).getAttribute('href');
  if (!xlsx.startsWith('/api/v1/ikm/report.xlsx?')) throw new Error(`xlsx link ${xlsx}`);
  // The NRR chart: drawn, and its table shows the API's NRR per element for
  // the screen's own query (the report link carries it).
  const ikm = (await (await officerSession('walikota')).call('GET', `/api/v1/ikm?${xlsx.split('?')[1]}`)).body;
  if (ikm.elements?.length !== 9) throw new Error(`IKM elements: ${JSON.stringify(ikm.elements)}`);
  await expectBars(officer, 'ikm_nrr', ikm.elements.map((e) => ({ key: e.code, value: e.nrr })), { decimals: 2 });
  await ready(officer);
  await capture(officer, 'ikm');
  // Months in words; reversed dates said beside the field, not by the server.
  const month = await officer.locator('section', { has: officer.locator('#ikm-by-month') }).locator('tbody th').first().textContent();
  if (/^\d{4}-\d{2}$/.test(month)) throw new Error(`month ${month}`);
  await officer.locator('#ikm-from').fill('2099-01-01');
  await officer.locator('#ikm-to-error', { hasText: 'tidak boleh sebelum' }).waitFor();
  if ((await officer.getByRole('button', { name: 'Coba lagi' }).count()) !== 0) throw new Error('a retry for reversed dates');
  await officer.getByRole('button', { name: 'Keluar' }).click();
  await officer.locator('#username').waitFor();
});

// Surveys from a case, IKM and ratings dates in words, the IKM on a phone.
await (await import('./satisfaction.mjs')).run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP });

// The administrators' SKM screen: surveys listed and opened without curl.
await (await import('./surveys_admin.mjs')).run({ test, newPage, login, ready, capture, officerSession, base, DESKTOP });

// Issue 10: forecasts on the leaders' dashboard.
await (await import('./forecast.mjs')).run({ test, newPage, login, ready, capture, officerSession, base, DESKTOP });

// Issue 10: the administrators' policy rules page.
await (await import('./rules.mjs')).run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP });
// The rules page in words: each version's definition, a refusal beside the form.
await (await import('./rules_words.mjs')).run({ test, newPage, login, ready, officerSession, base, DESKTOP });

// Issue 9: early warnings on the leaders' dashboard.
await (await import('./alerts.mjs')).run({ test, newPage, login, ready, capture, officerSession, base, DESKTOP });

// Issue 8: the text suggestion on the officer's case page.
await (await import('./text_routing.mjs')).run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP, sigapBinary, db });

// Issue 8: the category taxonomy on the case page and the admin screen.
await (await import('./categories.mjs')).run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP, PHONE });

// Other systems: the administrators' webhooks and API keys screens.
await (await import('./admin_keys.mjs')).run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP });

// The administrators' Instansi screen: the Pemda's agencies.
await (await import('./agencies.mjs')).run({ test, newPage, login, ready, capture, officerSession, base, DESKTOP });

// A deadline waiting for its year's calendar, and the queue's filter on it.
await (await import('./deadlines.mjs')).run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP, PHONE });

// Maps over a configured tile server.
await (await import('./map_tiles.mjs')).run({ test, newPage, ready, base, PHONE });

// Counts of a 1,000,000-case Pemda on the charts: labels compact and apart.
await (await import('./large_counts.mjs')).run({ test, newPage, login, ready, capture, base, DESKTOP, PHONE });

// Findings of an exploratory test: keyboard, phone, offline, both languages.
await (await import('./usability.mjs')).run({ test, newPage, login, ready, emptyReportForm, capture, officerSession, submitByApi, base, DESKTOP, PHONE });

// Findings of a week at the officers' desk: escalations, ratings, bulk
// disposition, forwarding away.
await (await import('./desk.mjs')).run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP, PHONE });

// The reporter's files without the secret in any address, PDF documents on
// the report form, the service questions' hints in words.
await (await import('./reporter_files.mjs')).run({ test, newPage, ready, emptyReportForm, capture, submitByApi, base, PHONE });

// Screens that said something untrue: a busy server as a lost connection,
// any code as filed, current figures among a period's, errors already fixed,
// Indonesian text unmarked on an English page.
await (await import('./honest_screens.mjs')).run({ test, newPage, login, ready, emptyReportForm, capture, submitByApi, base, DESKTOP, PHONE });

// Requested information answered with a photo on the tracking page, seen
// and downloaded by the officer in the case's timeline.
await (await import('./info_files.mjs')).run({ test, newPage, login, ready, capture, submitByApi, base, DESKTOP, PHONE });

// The timeline's words: the case a duplicate duplicates, a moved deadline's
// dates and reason, the officer's nearby distances, supporting agencies in
// one order, the agency on /lacak while it waits for information.
await (await import('./timeline_words.mjs')).run({ test, newPage, login, ready, officerSession, submitByApi, base, DESKTOP, PHONE });

// The citizen's screens with a keyboard, a screen reader and large text:
// errors said in words and where the focus goes, the map's pin, 200 % text.
await (await import('./citizen_a11y.mjs')).run({ test, newPage, ready, emptyReportForm, capture, officerSession, submitByApi, base, PHONE });

// Words and languages: one of a thing as one in English, the map after a
// language switch, an English browser's first visit, a retired service for
// citizens and in the queue's filter, the IKM reports in the app's language.
await (await import('./words_languages.mjs')).run({ test, newPage, login, ready, officerSession, submitByApi, base, browser, DESKTOP, PHONE });

// Findings of exploratory testers of the officers' console: badges at
// 1280 px, the reporter's region and citizens' support in words, the IKM's
// units for an agency's head, a day off in a year without its calendar.
await (await import('./console_findings.mjs')).run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP });
await (await import('./citizen_findings.mjs')).run({ test, newPage, ready, emptyReportForm, capture, officerSession, submitByApi, base, PHONE });

// An officer's own password, on the console's "Kata sandi" page.
await test('account: an officer replaces the password an administrator gave; the other sessions end', async () => {
  execFileSync(sigapBinary, ['admin', 'create-user', '--db', db, '--role', 'verifier', '--username', 'verif.sandi'], {
    cwd: work,
    input: 'sandi-dari-admin-1\n',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Another device's session of the same account.
  const other = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'verif.sandi', password: 'sandi-dari-admin-1' }),
  });
  const otherCookie = (other.headers.get('set-cookie') ?? '').split(';')[0];
  const page = await newPage(DESKTOP);
  await login(page, 'verif.sandi', 'sandi-dari-admin-1');
  await page.getByRole('link', { name: 'Kata sandi' }).click();
  await page.getByRole('heading', { name: 'Ganti kata sandi' }).waitFor();
  await page.locator('#current-password').fill('salah-tebak-1');
  await page.locator('#new-password').fill('sandi-pilihan-2026');
  await page.locator('#repeat-password').fill('sandi-pilihan-2026');
  await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
  await page.locator('#current-password-error').filter({ hasText: 'bukan kata sandi akun ini' }).waitFor();
  await page.locator('#current-password').fill('sandi-dari-admin-1');
  await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
  await page.locator('.notice').filter({ hasText: 'Kata sandi sudah diganti' }).waitFor();
  await ready(page);
  await capture(page, 'account-password');
  const stale = await fetch(`${base}/api/v1/session`, { headers: { Cookie: otherCookie } });
  if (stale.status !== 401) throw new Error(`the other session still answers ${stale.status}`);
  // This browser is still signed in, and the new password is the one now.
  await page.goto(`${base}/petugas`);
  await page.getByRole('heading', { name: 'Antrean laporan' }).waitFor();
  await login(page, 'verif.sandi', 'sandi-pilihan-2026');
  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.locator('#username').waitFor();
});

// --- done ------------------------------------------------------------------

await browser.close();
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(work, { recursive: true, force: true });
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`screenshots: ${shotsTaken.length} in ${screenshots}`);
console.log(`e2e took ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
// The server's warnings (SIGAP_LOG_LEVEL=warn) help to explain a failure.
if (failed > 0 && serverLog.trim()) console.log(`server log (tail):\n${serverLog.slice(-4000)}`);
process.exit(failed === 0 ? 0 : 1);
