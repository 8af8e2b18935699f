// Findings of exploratory testers of the officers' console: status badges
// broken inside a word in the queue at 1280 px; the region the reporter
// chose shown as a bare Kemendagri code; the citizens' support count next
// to the supporting agencies under a name like theirs; every unit offered
// on the IKM screen to an agency's head, whom the API refuses all but their
// own and its units' (satisfaction.mjs); a regional day off in a year without its national calendar refused
// as only "out of range". (The early warnings' link to the queue is in
// alerts.mjs.) Called by run.mjs with its helpers.

import { openIkm } from './satisfaction.mjs';

// The words of the elements `selector` finds that stand on more than one
// line ("Didis/posisi/kan"), as "word in 'badge text'".
function brokenWords(selector) {
  const broken = [];
  let seen = 0;
  for (const el of document.querySelectorAll(selector)) {
    seen++;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // Text hidden for sight (read to screen readers) is laid out elsewhere.
      if (node.parentElement.closest('.visually-hidden')) continue;
      for (const m of node.data.matchAll(/[^\s\-–/]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(`${m[0]} in "${el.textContent}"`);
      }
    }
  }
  return { seen, broken };
}

// The value beside the label `term` in the description lists of `scope`.
function factOf(scope, term) {
  for (const dt of scope.querySelectorAll('dl.facts > dt')) {
    if (dt.textContent.trim() === term) return dt.nextElementSibling?.textContent.trim() ?? null;
  }
  return null;
}

export async function run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP }) {
  await test('console findings: at 1280 px the queue\'s status and deadline badges wrap between words, never inside one', async () => {
    // A case in each long-named status: "Didisposisikan", "Sedang ditangani".
    const verifier = await officerSession('verifikator');
    const dpu = await officerSession('petugas.dpu');
    for (const target of ['disposed', 'in_progress']) {
      const { tracking_code: code } = await submitByApi({
        kind: 'complaint',
        service_code: 'PU-DRAINASE',
        title: `Saluran tersumbat sampah di depan pasar tradisional Johar (${target})`,
        description: 'Saluran tersumbat sampah plastik, air menggenang setiap hujan.',
      });
      const steps = [[verifier, { action: 'verify' }], [verifier, { action: 'dispose', agency_code: 'DPU' }]];
      if (target === 'in_progress') steps.push([dpu, { action: 'start' }]);
      for (const [who, body] of steps) {
        const r = await who.call('POST', `/api/v1/cases/${code}/events`, body);
        if (r.status !== 201) throw new Error(`${body.action} ${code}: ${r.status} ${JSON.stringify(r.body)}`);
      }
    }
    const page = await newPage(DESKTOP);
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await login(page, 'verifikator');
      const texts = new Set();
      for (const query of ['', '?status=disposed', '?status=in_progress']) {
        await page.goto(`${base}/petugas${query}`);
        await ready(page);
        await page.locator('table.queue tbody tr').first().waitFor();
        const badges = 'table.queue td[data-cell=status] .badge, table.queue td[data-cell=deadline] .badge';
        for (const t of await page.locator(badges).allTextContents()) texts.add(t);
        const { seen, broken } = await page.evaluate(brokenWords, badges);
        if (seen === 0) throw new Error(`no badges in the queue${query}`);
        if (broken.length > 0) throw new Error(`badges broken inside a word at 1280 px (queue${query}): ${broken.join('; ')}`);
      }
      for (const name of ['Didisposisikan', 'Sedang ditangani']) {
        if (![...texts].some((t) => t.startsWith(name))) throw new Error(`no "${name}" badge checked: ${[...texts].join(', ')}`);
      }
    } finally {
      await page.close();
    }
  });

  // A case whose pin (Kemijen, Kecamatan Semarang Timur) disagrees with the
  // kelurahan the reporter chose (Miroto, Kecamatan Semarang Tengah).
  let stated = null;
  async function statedCase() {
    if (stated) return stated;
    const kemijen = (await (await fetch(`${base}/api/v1/regions?parent=33.74.03`)).json()).items.find((r) => r.code === '33.74.03.1001');
    const receipt = await submitByApi({
      kind: 'complaint',
      service_code: 'PU-DRAINASE',
      title: 'Saluran tersumbat di gang sempit',
      description: 'Saluran tersumbat sampah, air menggenang di gang.',
      location: { lat: kemijen.centroid.lat, lng: kemijen.centroid.lng, region_code: '33.74.01.1001' },
    });
    const seen = (await (await officerSession('verifikator')).call('GET', `/api/v1/cases/${receipt.tracking_code}`)).body;
    if (seen.routing?.stated_region_code !== '33.74.01.1001') throw new Error(`routing: ${JSON.stringify(seen.routing)}`);
    stated = receipt.tracking_code;
    return stated;
  }

  // The verifier's page of that case, at its routing facts.
  async function openStatedCase(page) {
    const code = await statedCase();
    await login(page, 'verifikator');
    await page.goto(`${base}/petugas/kasus/${code}`);
    await ready(page);
    const routing = page.getByTestId('routing');
    await routing.waitFor();
    return { code, routing };
  }

  await test('console findings: the case page names the region the reporter chose, its Kemendagri code at most beside the name', async () => {
    const page = await newPage(DESKTOP);
    try {
      const { routing } = await openStatedCase(page);
      // The names come after the case (their lists load on their own).
      for (let tries = 0; tries < 50; tries++) {
        const v = await routing.evaluate(factOf, 'Wilayah yang dipilih pelapor');
        const pin = await routing.evaluate(factOf, 'Wilayah menurut titik');
        if (v && v !== 'Memuat…' && pin && pin !== '—') break;
        await page.waitForTimeout(100);
      }
      const chosen = await routing.evaluate(factOf, 'Wilayah yang dipilih pelapor');
      if (!chosen.startsWith('Miroto, Semarang Tengah')) throw new Error(`the region chosen reads "${chosen}"`);
      if (chosen.startsWith('33.74')) throw new Error(`the region chosen starts with its code: "${chosen}"`);
      const byPin = await routing.evaluate(factOf, 'Wilayah menurut titik');
      if (byPin !== 'Kemijen, Semarang Timur') throw new Error(`the region by the pin reads "${byPin}"`);
    } finally {
      await page.close();
    }
  });

  await test('console findings: the citizens\' support count is labelled as citizens\' support, apart from the supporting agencies, in both languages', async () => {
    const page = await newPage(DESKTOP);
    try {
      const { code, routing } = await openStatedCase(page);
      const terms = await page.locator('dl.facts > dt').allTextContents();
      if (terms.some((t) => /^pendukung$/i.test(t.trim()))) throw new Error(`a bare "Pendukung": ${terms.join(' | ')}`);
      const support = await routing.evaluate(factOf, 'Dukungan warga');
      if (support !== '0 warga mendukung laporan ini') throw new Error(`citizens' support reads "${support}" (labels: ${terms.join(' | ')})`);
      // One citizen's +1, and the count in English.
      const plus = await fetch(`${base}/api/v1/cases/${code}/support`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ device_id: `e2e-${Date.now()}` }),
      });
      if (plus.status !== 200) throw new Error(`support: ${plus.status}`);
      await page.reload();
      await ready(page);
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).waitFor();
      const english = await page.getByTestId('routing').evaluate(factOf, 'Citizen support');
      if (english !== '1 citizen supports this report') throw new Error(`in English: "${english}"`);
    } finally {
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click({ timeout: 3000 }).catch(() => {});
      await page.close();
    }
  });

  await test('console findings: the IKM screen offers an agency\'s head their own unit only; a leader still chooses any', async () => {
    const head = await officerSession('kadis.dpu');
    const other = await head.call('GET', '/api/v1/ikm?unit=DINKES');
    if (other.status !== 403) throw new Error(`another unit's IKM for the head of DPU: ${other.status}`);
    const page = await newPage(DESKTOP);
    try {
      await openIkm(login, page, 'kadis.dpu');
      await ready(page);
      const filters = page.locator('form.stats-filters');
      const offered = await filters.locator('option').evaluateAll((options) => options.map((o) => o.value));
      const others = offered.filter((v) => v !== 'DPU');
      if (others.length > 0) throw new Error(`the head of DPU is offered ${others.length} other units: ${others.slice(0, 5).join(', ')}…`);
      const text = await filters.innerText();
      if (!text.includes('Dinas Pekerjaan Umum')) throw new Error(`the unit is not named: ${text}`);
      if (text.includes('Semua unit layanan')) throw new Error('"all units" offered to the head of DPU');
      await capture(page, 'ikm-agency-head');
    } finally {
      await page.close();
    }
    const leader = await newPage(DESKTOP);
    try {
      await openIkm(login, leader, 'walikota');
      const units = await leader.locator('#ikm-unit option').evaluateAll((options) => options.map((o) => o.value));
      if (!units.includes('') || !units.includes('DPU') || !units.includes('DINKES')) throw new Error(`the leader's units: ${units}`);
      if (await leader.locator('#ikm-unit').isDisabled()) throw new Error("the leader's unit is fixed");
    } finally {
      await leader.close();
    }
  });

  await test('console findings: a day off in a year without its national calendar tells the administrator to install that year first', async () => {
    const year = 2090;
    const calendar = await (await fetch(`${base}/api/v1/calendar?year=${year}`)).json();
    if (calendar.covered) throw new Error(`${year} has a calendar already`);
    const page = await newPage(DESKTOP);
    try {
      await login(page, 'admin');
      await page.goto(`${base}/petugas/admin/kalender`);
      await page.getByRole('heading', { name: 'Kalender hari kerja' }).waitFor();
      await page.locator('#day-date').fill(`${year}-06-05`);
      await page.locator('#day-name').fill('Hari Jadi Kota (e2e)');
      await page.getByRole('button', { name: 'Tambahkan' }).click();
      const said = page.locator('#day-date-error');
      await said.waitFor();
      const text = await said.textContent();
      if (!text.includes(`Kalender nasional tahun ${year} belum dipasang`) || !text.includes(`Pasang dulu hari libur nasional`)) {
        throw new Error(`the refusal reads "${text}"`);
      }
      const box = await page.locator('.notice-error[role=alert]').first().textContent();
      if (box.includes('di luar rentang')) throw new Error(`the notice still says only "${box}"`);
      await ready(page);
      await capture(page, 'admin-calendar-year-missing');
      // In English, and the way to that year's installation.
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('button', { name: 'Add' }).click();
      await page.locator('#day-date-error', { hasText: `The national calendar for ${year} is not installed yet` }).waitFor();
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
      await page.getByRole('button', { name: 'Tambahkan' }).click();
      await page.locator('#day-date-error', { hasText: `Kalender nasional tahun ${year} belum dipasang` }).waitFor();
      await page.getByRole('button', { name: `Buka tahun ${year} untuk memasang kalendernya` }).click();
      await page.getByTestId('install-year').getByRole('heading', { name: `Pasang kalender ${year}` }).waitFor();
      if ((await page.locator('#day-date-error').count()) !== 0) throw new Error('the refusal stays after opening the year');
    } finally {
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click({ timeout: 2000 }).catch(() => {});
      await page.close();
    }
  });
}
