// Findings of an exploratory test of the words and the languages: one of a
// thing said as one in English ("1 case", not "1 cases"), the map's
// tooltips and zoom buttons in the language chosen after the map was drawn,
// a first visit from an English browser in English, a retired service said
// as such to citizens and still in the queue's Layanan filter, the "import"
// actor in words, the IKM reports in the app's language, the counter hours
// and the survey import command as each language writes them. Called by
// run.mjs with its helpers.
import { randomBytes } from 'node:crypto';

// A calendar day in Jakarta, `days` from today.
function jakartaDay(days = 0) {
  return new Date(Date.now() + 7 * 3600 * 1000 + days * 86400 * 1000).toISOString().slice(0, 10);
}

// Switches the page to English, runs `body`, and switches back to
// Indonesian (kept in the browser for the tests after), even when it fails.
async function inEnglish(page, body) {
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).waitFor();
  try {
    await body();
  } finally {
    const back = page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' });
    if (await back.count()) await back.click();
    await page.getByRole('button', { name: 'Switch to English' }).waitFor({ timeout: 5000 }).catch(() => {});
  }
}

// The tooltip the map shows over the kelurahan `name` (pointed at through
// Leaflet's own event handling, as a mouse would).
function tooltipOver(page, name) {
  return page.evaluate((name) => {
    const map = document.querySelector('.stats-map');
    for (const path of map.querySelectorAll('path.leaflet-interactive')) {
      const box = path.getBoundingClientRect();
      const at = { bubbles: true, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2 };
      path.dispatchEvent(new MouseEvent('mouseover', at));
      const text = map.querySelector('.leaflet-tooltip')?.textContent ?? '';
      path.dispatchEvent(new MouseEvent('mouseout', at));
      if (text.startsWith(`${name}:`)) return text;
    }
    return '';
  }, name);
}

export async function run({ test, newPage, login, ready, officerSession, submitByApi, base, browser, DESKTOP, PHONE }) {
  // A service with an open case, then retired (once, for the tests below).
  let retired = null;
  const retiredService = () =>
    (retired ??= (async () => {
      const admin = await officerSession('admin');
      const code = `UJI-LAMA-${Date.now().toString(36).toUpperCase()}`;
      const name = `Layanan uji yang dihentikan ${code}`;
      const internal = Object.fromEntries(
        ['legal_basis', 'facilities', 'staff_competence', 'internal_supervision', 'staffing', 'guarantee', 'security_assurance', 'performance_evaluation']
          .map((k) => [k, 'Uji e2e']),
      );
      const created = await admin.call('POST', '/api/v1/services', {
        code,
        name,
        agency_code: 'DPU',
        group: 'Infrastruktur',
        description: 'Layanan uji e2e yang kemudian tidak lagi diberikan.',
        keywords: [],
        kinds: ['complaint'],
        standard: {
          requirements: ['Foto lokasi'],
          procedure: ['Laporan diterima dan diperiksa'],
          completion_days: 5,
          cost: 'Gratis',
          product: 'Tindak lanjut',
          complaint_channel: 'Sigap',
          internal,
        },
      });
      if (created.status !== 201) throw new Error(`service: ${created.status} ${JSON.stringify(created.body)}`);
      const receipt = await submitByApi({
        kind: 'complaint',
        service_code: code,
        title: `Laporan layanan lama ${code}`,
        description: 'Laporan yang masuk sebelum layanan ini dihentikan.',
        location: { region_code: '33.74.01.1001' },
        anonymous: true,
      });
      const patched = await admin.call('PATCH', `/api/v1/services/${code}`, { active: false });
      if (patched.status !== 200 || patched.body.active !== false) throw new Error(`retire: ${patched.status} ${JSON.stringify(patched.body)}`);
      return { code, name, tracking: receipt.tracking_code };
    })());

  await test('language: a first visit from an English browser is in English, not stored; the choice made then is kept', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-US', timezoneId: 'Asia/Jakarta' });
    try {
      const page = await context.newPage();
      await page.goto(base);
      await ready(page);
      if (!(await page.evaluate(() => navigator.languages.join(','))).startsWith('en')) throw new Error('the browser is not English');
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).waitFor();
      const lang = await page.evaluate(() => document.documentElement.lang);
      if (lang !== 'en') throw new Error(`an English browser's first visit: lang="${lang}"`);
      if ((await page.evaluate(() => localStorage.getItem('sigap.lang'))) !== null) throw new Error('the browser\'s language was stored as a choice');
      // The visitor chooses Indonesian: kept over the browser's preference.
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
      await page.getByRole('button', { name: 'Switch to English' }).waitFor();
      if ((await page.evaluate(() => localStorage.getItem('sigap.lang'))) !== 'id') throw new Error('the choice is not stored');
      await page.reload();
      await ready(page);
      await page.getByRole('button', { name: 'Switch to English' }).waitFor();
      if ((await page.evaluate(() => document.documentElement.lang)) !== 'id') throw new Error('the choice of Indonesian is not kept');
    } finally {
      await context.close();
    }
    // An Indonesian browser (the other tests' contexts) stays Indonesian.
    const page = await newPage(PHONE);
    try {
      await page.goto(base);
      await ready(page);
      await page.evaluate(() => localStorage.removeItem('sigap.lang'));
      await page.reload();
      await ready(page);
      await page.getByRole('button', { name: 'Switch to English' }).waitFor();
    } finally {
      await page.close();
    }
  });

  await test('map: tooltips and zoom buttons follow a language switch; one case is "1 case" and none "No cases" in English', async () => {
    // A kelurahan on the map without cases these days gets exactly one.
    const probe = await (await fetch(`${base}/api/v1/stats?from=${jakartaDay(-3)}&to=${jakartaDay()}`)).json();
    const counted = new Set(probe.by_kelurahan.filter((k) => k.count > 0).map((k) => k.key));
    let target = null;
    for (const d of (await (await fetch(`${base}/api/v1/regions`)).json()).items) {
      const shapes = await (await fetch(`${base}/api/v1/regions?parent=${encodeURIComponent(d.code)}&format=geojson`)).json();
      const free = shapes.features.find((f) => f.geometry && !counted.has(f.properties.code));
      if (free) {
        target = { code: free.properties.code, name: free.properties.name };
        break;
      }
    }
    if (!target) throw new Error('no kelurahan on the map without cases');
    await submitByApi({
      kind: 'aspiration',
      title: 'Taman kelurahan perlu bangku',
      description: 'Mohon ditambah bangku di taman kelurahan.',
      location: { region_code: target.code },
    });
    const page = await newPage(PHONE);
    try {
      // A period no earlier request asked for, so the figures are fresh.
      await page.goto(`${base}/transparansi?from=${jakartaDay(-1)}&to=${jakartaDay()}`);
      await page.locator('.stats-map path.leaflet-interactive').first().waitFor();
      await ready(page);
      const said = await tooltipOver(page, target.name);
      if (!new RegExp(`^${target.name}: 1 laporan(,|$)`).test(said)) throw new Error(`Indonesian tooltip: "${said}"`);
      const zoom = async () => {
        const buttons = [];
        for (const which of ['in', 'out']) {
          const button = page.locator(`.stats-map .leaflet-control-zoom-${which}`);
          buttons.push(`${await button.getAttribute('title')}|${await button.getAttribute('aria-label')}`);
        }
        return buttons.join(' ');
      };
      if ((await zoom()) !== 'Perbesar|Perbesar Perkecil|Perkecil') throw new Error(`Indonesian zoom buttons: ${await zoom()}`);
      await inEnglish(page, async () => {
        // The map drawn in Indonesian, then the language switched.
        const switched = await tooltipOver(page, target.name);
        if (!new RegExp(`^${target.name}: 1 case(,|$)`).test(switched)) throw new Error(`tooltip after the switch: "${switched}"`);
        if ((await zoom()) !== 'Zoom in|Zoom in Zoom out|Zoom out') throw new Error(`English zoom buttons: ${await zoom()}`);
        // Drawn in English.
        await page.reload();
        await page.locator('.stats-map path.leaflet-interactive').first().waitFor();
        await ready(page);
        const drawn = await tooltipOver(page, target.name);
        if (!new RegExp(`^${target.name}: 1 case(,|$)`).test(drawn)) throw new Error(`English tooltip: "${drawn}"`);
        const none = (await page.locator('.map-legend li').first().textContent()).trim();
        if (none !== 'No cases') throw new Error(`legend: "${none}"`);
      });
    } finally {
      await page.close();
    }
  });

  await test('service: a retired service says it is no longer offered, with no filing button', async () => {
    const service = await retiredService();
    const page = await newPage(PHONE);
    try {
      await page.goto(`${base}/layanan/${service.code}`);
      await page.getByRole('heading', { name: service.name }).waitFor();
      await ready(page);
      const notice = page.getByTestId('service-retired');
      await notice.waitFor({ timeout: 5000 });
      if (!(await notice.textContent()).includes('Layanan ini tidak lagi diberikan')) throw new Error(`notice: ${await notice.textContent()}`);
      if ((await page.getByRole('link', { name: 'Ajukan atau laporkan terkait layanan ini' }).count()) !== 0) throw new Error('a filing button for a retired service');
      if ((await page.locator('main a[href^="/lapor?layanan"]').count()) !== 0) throw new Error('a link to the form for a retired service');
      await inEnglish(page, async () => {
        await notice.filter({ hasText: 'This service is no longer offered' }).waitFor();
      });
      // An active service still offers it.
      await page.goto(`${base}/layanan/PU-JALAN`);
      await page.getByRole('link', { name: 'Ajukan atau laporkan terkait layanan ini' }).waitFor();
      if ((await page.getByTestId('service-retired').count()) !== 0) throw new Error('an active service called retired');
    } finally {
      await page.close();
    }
  });

  await test('queue: the Layanan filter offers a retired service, marked, for its open cases; one case is "1 case" in English', async () => {
    const service = await retiredService();
    const page = await newPage(DESKTOP);
    try {
      await login(page, 'verifikator');
      await ready(page);
      const option = page.locator('#f-service option', { hasText: `${service.name} (nonaktif)` });
      await option.waitFor({ state: 'attached', timeout: 5000 });
      if ((await option.getAttribute('value')) !== service.code) throw new Error(`option value ${await option.getAttribute('value')}`);
      await page.locator('#f-service').selectOption(service.code);
      await page.getByRole('button', { name: 'Terapkan' }).click();
      await page.waitForURL(new RegExp(`service=${service.code}`));
      await page.locator(`input[data-select="${service.tracking}"]`).waitFor();
      const status = page.locator('p[role=status].muted');
      await status.filter({ hasText: '1 laporan ditampilkan' }).waitFor();
      // A reload keeps the filter, with the service named.
      await page.reload();
      await page.locator(`input[data-select="${service.tracking}"]`).waitFor();
      const chosen = await page.locator('#f-service').evaluate((s) => s.selectedOptions[0]?.textContent ?? '');
      if (chosen !== `${service.name} (nonaktif)`) throw new Error(`the filter shows "${chosen}"`);
      await inEnglish(page, async () => {
        await page.locator('#f-service option', { hasText: `${service.name} (retired)` }).waitFor({ state: 'attached' });
        const shown = await status.filter({ hasText: 'shown' }).textContent();
        if (!shown.startsWith('1 case shown')) throw new Error(`count: "${shown}"`);
        await page.locator(`input[data-select="${service.tracking}"]`).check();
        const selected = await page.locator('p[role=status]', { hasText: 'selected' }).textContent();
        if (selected.trim() !== '1 case selected.') throw new Error(`selection: "${selected}"`);
        await page.getByRole('button', { name: 'Run for 1 case', exact: true }).waitFor();
        await page.locator(`input[data-select="${service.tracking}"]`).uncheck();
      });
      // An administrator's list has every retired service, with cases listed or not.
      await login(page, 'admin');
      await page.goto(`${base}/petugas?kind=request`);  // its case is not listed
      await page.locator('#f-service option', { hasText: `${service.name} (nonaktif)` }).waitFor({ state: 'attached', timeout: 5000 });
      await page.getByRole('button', { name: 'Keluar' }).click();
      await page.locator('#username').waitFor();
    } finally {
      await page.close();
    }
  });

  await test('timeline: the actor "import" is a data import in words, in both languages', async () => {
    const verifier = await officerSession('verifikator');
    // A case the demo imported (its events are by "import"), public.
    let code = '';
    let cursor = '';
    for (let i = 0; i < 10 && !code; i++) {
      const page = (await verifier.call('GET', `/api/v1/cases?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body;
      for (const c of page.items) {
        if (c.confidential) continue;
        const full = (await verifier.call('GET', `/api/v1/cases/${c.tracking_code}`)).body;
        if (full.timeline?.[0]?.actor === 'import') {
          code = c.tracking_code;
          break;
        }
      }
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    if (!code) throw new Error('no case of the demo\'s import');
    // The officers' timeline names who did what (the public one says "Pelapor").
    const page = await newPage(DESKTOP);
    try {
      await login(page, 'verifikator');
      await page.goto(`${base}/petugas/kasus/${code}`);
      await page.locator('.timeline li').first().waitFor();
      await ready(page);
      const said = (await page.locator('ol.timeline').allTextContents()).join(' ');
      if (/·\s*import\b/.test(said)) throw new Error(`the raw actor: "${said.slice(0, 200)}"`);
      if (!said.includes('impor data')) throw new Error(`no "impor data": "${said.slice(0, 200)}"`);
      await inEnglish(page, async () => {
        await page.locator('ol.timeline li', { hasText: 'data import' }).first().waitFor();
      });
      await page.getByRole('button', { name: 'Keluar' }).click();
      await page.locator('#username').waitFor();
    } finally {
      await page.close();
    }
  });

  await test('IKM: the report links carry the app\'s language', async () => {
    const page = await newPage(DESKTOP);
    try {
      await login(page, 'walikota');
      await page.getByRole('link', { name: 'IKM', exact: true }).click();
      const xlsx = page.locator('a[href^="/api/v1/ikm/report.xlsx"]');
      const pdf = page.locator('a[href^="/api/v1/ikm/report.pdf"]');
      await xlsx.waitFor();
      const langOf = async (link) => new URLSearchParams((await link.getAttribute('href')).split('?')[1]).get('lang');
      if ((await langOf(xlsx)) !== 'id' || (await langOf(pdf)) !== 'id') throw new Error(`Indonesian: ${await xlsx.getAttribute('href')}`);
      await inEnglish(page, async () => {
        await page.locator('a', { hasText: 'XLSX' }).first().waitFor();
        if ((await langOf(xlsx)) !== 'en' || (await langOf(pdf)) !== 'en') throw new Error(`English: ${await xlsx.getAttribute('href')}`);
        // The report is still served with it.
        const answer = await page.evaluate((href) => fetch(href).then((r) => r.status), await xlsx.getAttribute('href'));
        if (answer !== 200) throw new Error(`the English report: ${answer}`);
      });
      await page.getByRole('button', { name: 'Keluar' }).click();
      await page.locator('#username').waitFor();
    } finally {
      await page.close();
    }
  });

  await test('forecast: the counter hours as each language writes them ("08.00", "08:00")', async () => {
    const page = await newPage(DESKTOP);
    try {
      await login(page, 'walikota');
      await page.getByRole('link', { name: 'Dasbor' }).click();
      const rows = page.getByTestId('forecast-staffing').locator('tbody tr th[scope=row]');
      await rows.first().waitFor();
      const hours = async () => (await rows.allTextContents()).map((s) => s.trim()).filter((s) => s !== '—');
      const id = await hours();
      if (id.length === 0 || !id.every((s) => /^(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu) \d{2}\.00$/.test(s))) throw new Error(`Indonesian: ${id}`);
      await inEnglish(page, async () => {
        await rows.filter({ hasText: /day / }).first().waitFor();
        const en = await hours();
        if (!en.every((s) => /^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d{2}:00$/.test(s))) throw new Error(`English: ${en}`);
      });
      await page.getByRole('button', { name: 'Keluar' }).click();
      await page.locator('#username').waitFor();
    } finally {
      await page.close();
    }
  });

  await test('surveys admin: the import command\'s placeholders in the page\'s language, the sentence ended', async () => {
    const page = await newPage(DESKTOP);
    try {
      await login(page, 'admin');
      await page.goto(`${base}/petugas/admin/survei`);
      const how = page.getByTestId('surveys-how');
      await how.waitFor();
      const id = (await how.textContent()).replace(/\s+/g, ' ').trim();
      if (!id.includes('sigap import survey BERKAS.csv --unit KODE --period 2026-Q1') || !id.endsWith('IKM.')) throw new Error(`Indonesian: "${id}"`);
      await inEnglish(page, async () => {
        await how.filter({ hasText: 'FILE.csv' }).waitFor();
        const en = (await how.textContent()).replace(/\s+/g, ' ').trim();
        if (!en.includes('sigap import survey FILE.csv --unit CODE --period 2026-Q1') || !en.endsWith('IKM screen.')) throw new Error(`English: "${en}"`);
      });
    } finally {
      await page.close();
    }
  });

  await test('plurals: one sub-category and "at most once an hour" on the admin screens in English', async () => {
    const admin = await officerSession('admin');
    // A main category with exactly one sub-category (the demo's PERAIRAN), or one made so.
    const all = (await admin.call('GET', '/api/v1/categories?all=1')).body.items;
    let main = all.find((m) => m.parent_code === '' && all.filter((c) => c.parent_code === m.code).length === 1)?.code;
    if (!main) {
      const made = await admin.call('POST', '/api/v1/categories', { name: `Uji e2e satu sub ${Date.now()}`, parent_code: '' });
      main = made.body.code;
      await admin.call('POST', '/api/v1/categories', { name: 'Satu-satunya', parent_code: main });
    }
    // A rule (never matching) that runs at most once an hour.
    const name = `Uji e2e sekali per jam ${Date.now()}`;
    const rule = await admin.call('POST', '/api/v1/rules', {
      name,
      basis: 'Uji e2e',
      rate_limit_per_hour: 1,
      trigger: { event: 'submitted' },
      conditions: [{ field: 'text', op: 'contains', value: 'zzuji-tidak-pernah-ada' }],
      actions: [{ type: 'raise_priority', level: 'urgent' }],
    });
    if (rule.status !== 201) throw new Error(`rule: ${rule.status} ${JSON.stringify(rule.body)}`);
    const page = await newPage(DESKTOP);
    try {
      await login(page, 'admin');
      await page.goto(`${base}/petugas/admin/kategori`);
      const summary = page.locator(`details[data-main="${main}"] > summary`);
      await summary.waitFor();
      if (!(await summary.textContent()).includes('(1 subkategori)')) throw new Error(`Indonesian: ${await summary.textContent()}`);
      await inEnglish(page, async () => {
        await summary.filter({ hasText: 'sub-categor' }).waitFor();
        const said = await summary.textContent();
        if (!said.includes('(1 sub-category)')) throw new Error(`English: "${said}"`);

        await page.goto(`${base}/petugas/admin/aturan`);
        const row = page.locator(`tr[data-rule="${name}"]`);
        await row.waitFor();
        await row.getByRole('button', { name: /history/i }).click();
        const current = page.getByTestId('rule-history').getByTestId('rule-current');
        await current.waitFor();
        const words = (await current.innerText()).replace(/\s+/g, ' ');
        if (!words.includes('at most once an hour') || /at most 1 times/.test(words)) throw new Error(`rule: "${words}"`);
      });
    } finally {
      await page.close();
    }
  });

  await test('plurals: a nearby case with one supporter says "1 supporter" in English', async () => {
    const page = await newPage(PHONE);
    try {
      await page.goto(`${base}/lapor`);
      await ready(page);
      await page.evaluate(() => localStorage.removeItem('sigap.draft'));
      await inEnglish(page, async () => {
        await page.reload();
        await ready(page);
        await page.locator('#kind-complaint').check();
        await page.locator('#service_code').selectOption('PU-JALAN');
        await page.locator('#title').fill('Pothole');
        await page.locator('#description').fill('A deep pothole in the middle of the road, dangerous for motorbikes.');
        const map = page.locator('.map');
        await page.locator('.leaflet-overlay-pane path').first().waitFor();
        const box = await map.boundingBox();
        await map.click({ position: { x: box.width * 0.5, y: box.height * 0.5 } });
        await page.waitForFunction(() => typeof JSON.parse(localStorage.getItem('sigap.draft') ?? '{}').lat === 'number');
        const draft = await page.evaluate(() => JSON.parse(localStorage.getItem('sigap.draft')));
        // Someone reported it 20 m away, and one other person supports it.
        const title = `Lubang jalan satu pendukung ${Date.now()}`;
        const existing = await submitByApi({
          kind: 'complaint',
          service_code: 'PU-JALAN',
          title,
          description: 'Lubang dalam di tengah jalan.',
          attributes: { JENIS_KERUSAKAN: 'berlubang' },
          location: { lat: draft.lat + 0.00018, lng: draft.lng },
        });
        const support = await fetch(`${base}/api/v1/cases/${existing.tracking_code}/support`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ device_id: `web-${randomBytes(16).toString('hex')}` }),
        });
        if (!support.ok) throw new Error(`support: ${support.status} ${await support.text()}`);
        await page.locator('#title').fill(title);
        const item = page.getByTestId('nearby').locator('li', { has: page.locator(`button[data-support="${existing.tracking_code}"]`) });
        await item.waitFor();
        const said = (await item.textContent()).replace(/\s+/g, ' ');
        if (!said.includes('· 1 supporter') || said.includes('1 supporters')) throw new Error(`nearby: "${said}"`);
      });
    } finally {
      await page.evaluate(() => localStorage.removeItem('sigap.draft')).catch(() => {});
      await page.close();
    }
  });
}
