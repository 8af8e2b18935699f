// Issue 9 in the browser: a surge of drainage complaints in three adjacent
// kelurahan, submitted over the API, becomes an early warning on the
// leaders' dashboard (/petugas/dasbor) with its evidence chart and expected
// band, the places on the kelurahan map and the cases behind it; the leader
// acknowledges it with a reason. Called by run.mjs with its helpers (the
// server runs the detectors every second: SIGAP_ADAPT_INTERVAL_SECONDS).
import { chartTable, expectChartDrawn, parseShown } from './charts.mjs';

const SURGE = ['33.74.03.1001', '33.74.03.1003', '33.74.03.1005']; // Kemijen, Mlatibaru, Mlatiharjo

export async function run({ test, newPage, login, ready, capture, officerSession, base, DESKTOP }) {
  await test('alerts: a surge becomes an early warning with its evidence, acknowledged with a reason', async () => {
    for (let i = 0; i < 30; i++) {
      const r = await fetch(`${base}/api/v1/cases`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          kind: 'complaint',
          service_code: 'PU-DRAINASE',
          title: `Saluran meluap ${i}`,
          description: 'Banjir dan genangan karena saluran drainase meluap setelah hujan deras.',
          location: { region_code: SURGE[i % SURGE.length] },
          anonymous: true,
        }),
      });
      if (r.status !== 201) throw new Error(`submit: ${r.status} ${await r.text()}`);
    }
    const leader = await officerSession('walikota');
    let alert = null;
    for (let tries = 0; tries < 120 && !alert; tries++) {
      const list = (await leader.call('GET', '/api/v1/alerts?detector=local_cluster&category=PU-DRAINASE')).body;
      alert = list.items.find((a) => a.regions.some((r) => SURGE.includes(r.code))) ?? null;
      if (!alert) await new Promise((r) => setTimeout(r, 500));
    }
    if (!alert) {
      const all = (await leader.call('GET', '/api/v1/alerts?limit=50')).body;
      const seen = (all.items ?? []).map((a) => `${a.id} ${a.status} ${a.detector} ${a.category_code} ${a.last_day} ${a.regions.map((r) => r.code).join(',')}`);
      throw new Error(`no alert for the surge within 60 s; alerts: ${seen.join('; ')}`);
    }

    const page = await newPage(DESKTOP);
    await login(page, 'walikota');
    await page.getByRole('link', { name: 'Dasbor' }).click();
    await page.getByRole('heading', { name: 'Peringatan dini' }).waitFor();
    // The detail as the screen was answered: the detectors may update the
    // alert every second, so a second request could see other figures.
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'GET' && r.url().endsWith(`/api/v1/alerts/${alert.id}`),
    );
    await page.locator(`li[data-alert="${alert.id}"] a`).click();
    const detail = page.getByTestId('alert-detail');
    await detail.waitFor();
    const evidence = (await (await answered).json()).evidence;
    // The uPlot chart: the observed line (green) and the band (light green)
    // drawn, and the days above the band in red when there are any.
    await expectChartDrawn(detail, 'alert_evidence', { rgb: [11, 93, 75] });
    if (evidence.band_high.length === evidence.series.length) {
      await expectChartDrawn(detail, 'alert_evidence', { rgb: [207, 233, 223], minInk: 200 });
    }
    if (evidence.series.some((v, i) => v > evidence.band_high[i])) {
      await expectChartDrawn(detail, 'alert_evidence', { rgb: [192, 57, 43] });
    }
    // Its table: the same daily figures as the API's evidence.
    const round = (v) => (v === undefined ? null : Number(v.toFixed(1)));
    const rows = await chartTable(detail, 'alert_evidence');
    const shown = rows.map((r) => [parseShown(r.cells[0]), parseShown(r.cells[1]), r.cells[2].split(' – ').map(parseShown)]);
    const api = evidence.series.map((v, i) => [
      round(v),
      round(evidence.expected_series[i]),
      evidence.band_low[i] === undefined ? [null] : [round(evidence.band_low[i]), round(evidence.band_high[i])],
    ]);
    if (evidence.series.length === 0 || JSON.stringify(shown) !== JSON.stringify(api)) {
      throw new Error(`evidence table ${JSON.stringify(shown)} vs API ${JSON.stringify(api)}`);
    }
    const places = await detail.getByTestId('alert-places').textContent();
    if (!/Kemijen|Mlatibaru|Mlatiharjo/.test(places)) throw new Error(`places: ${places}`);
    if ((await detail.locator('[data-testid=alert-cases] li').count()) === 0) throw new Error('no cases shown');
    await detail.locator('.alert-map .leaflet-container').waitFor();
    await ready(page);
    await capture(page, 'alerts');

    await detail.locator('button[data-move="acknowledged"]').click();
    await detail.locator('#alert-reason').fill('Tim DPU meninjau saluran di Kemijen');
    await detail.getByTestId('alert-move-form').getByRole('button', { name: 'Tandai diketahui' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=alert-status]')?.textContent === 'Diketahui');
    const after = (await leader.call('GET', `/api/v1/alerts/${alert.id}`)).body;
    const step = after.history[after.history.length - 1];
    if (after.status !== 'acknowledged' || step.actor !== 'user:walikota' || step.reason !== 'Tim DPU meninjau saluran di Kemijen') {
      throw new Error(`after acknowledging: ${JSON.stringify(after.history)}`);
    }
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();

    // The auditor reads the same alert but is offered no move (the API
    // refuses auditors), nor a queue selection without a bulk action, nor
    // the ratings panel it may not read.
    await login(page, 'auditor');
    const forbidden = [];
    page.on('response', (r) => [401, 403].includes(r.status()) && forbidden.push(`${r.status()} ${r.url()}`));
    await page.locator('table.queue tbody tr').first().waitFor();
    if ((await page.locator('table.queue input[type=checkbox]').count()) !== 0) throw new Error('the auditor is offered selection');
    await page.getByRole('link', { name: 'Dasbor' }).click();
    await page.getByRole('heading', { name: 'Peringatan dini' }).waitFor();
    await page.locator(`li[data-alert="${alert.id}"] a`).click();
    await detail.waitFor();
    await detail.getByTestId('alert-history').waitFor();
    await ready(page);
    if ((await detail.locator('button[data-move]').count()) !== 0) throw new Error('the auditor is offered alert moves');
    if ((await page.locator('[data-panel="ratings"]').count()) !== 0) throw new Error('the auditor sees the ratings panel');
    const p = await detail.locator('dd', { hasText: 'ambang' }).textContent();
    if (/p = </.test(p)) throw new Error(`p-value: ${p}`);
    // The IKM screen is not the auditor's: typed in, it falls back to the queue.
    await page.goto(`${base}/petugas/ikm`);
    await page.getByRole('heading', { name: 'Antrean laporan' }).waitFor();
    await ready(page);
    if (forbidden.length > 0) throw new Error(`refused requests: ${forbidden.join(', ')}`);
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();
    await page.close();
  });

  await test('alerts: an alert has its own address (Back, Forward, reload, a link), its English sentence in English, its title above the way back on a phone', async () => {
    const leader = await officerSession('walikota');
    const all = (await leader.call('GET', '/api/v1/alerts?limit=50')).body.items;
    const alert = all.find((a) => typeof a.sentence_en === 'string' && a.sentence_en !== '' && a.sentence_en !== a.sentence);
    if (!alert) throw new Error(`no alert with an English sentence: ${JSON.stringify(all.map((a) => [a.id, a.sentence_en]))}`);
    const path = `/petugas/dasbor/peringatan/${alert.id}`;
    const page = await newPage(DESKTOP);
    // Console errors other than the browser's line for the 404 asked below.
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && !/^Failed to load resource.*404/.test(m.text()) && errors.push(m.text()));
    const detailAnswer = () =>
      page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/api/v1/alerts/${alert.id}`);
    try {
      await login(page, 'walikota');
      errors.length = 0;  // the session's first question is answered 401 before sign-in
      const listAnswer = () => page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/alerts');
      await page.getByRole('link', { name: 'Dasbor' }).click();
      await page.getByRole('heading', { name: 'Peringatan dini' }).waitFor();
      const link = page.locator(`li[data-alert="${alert.id}"] a`);
      if ((await link.getAttribute('href')) !== path) throw new Error(`link: ${await link.getAttribute('href')}`);
      let answered = detailAnswer();
      await link.click();
      await page.waitForURL(`${base}${path}`);
      const detail = page.getByTestId('alert-detail');
      const title = detail.locator('#alert-detail-title');
      await title.waitFor();
      let sentence = (await (await answered).json()).sentence;
      if ((await title.textContent()) !== sentence) throw new Error(`title "${await title.textContent()}" vs "${sentence}"`);
      // Opened, it has the focus (and is in view below the figures).
      await page.waitForFunction(() => document.activeElement?.id === 'alert-detail-title');
      // Back returns to the dashboard's list, the alert just read focused.
      await page.goBack();
      await page.waitForURL(`${base}/petugas/dasbor`);
      await link.waitFor();
      if ((await detail.count()) !== 0) throw new Error('the detail stays after Back');
      await page.waitForFunction((id) => document.activeElement?.closest('li')?.getAttribute('data-alert') === String(id), alert.id);
      // Forward, a reload and a link opened elsewhere show the alert again.
      await page.goForward();
      await title.waitFor();
      answered = detailAnswer();
      const listed = listAnswer();
      await page.reload();
      const shown = await (await answered).json();
      const listItems = (await (await listed).json()).items;
      sentence = shown.sentence;
      await title.waitFor();
      if ((await title.textContent()) !== sentence) throw new Error(`after reload: "${await title.textContent()}"`);
      const other = await newPage(DESKTOP);
      await other.goto(`${base}${path}`);
      await other.getByTestId('alert-detail').waitFor();
      await other.getByRole('heading', { name: 'Dasbor pimpinan' }).waitFor();
      await other.goto(`${base}/petugas/dasbor/peringatan/99999999`);
      await other.getByText('Data tidak ditemukan').waitFor();
      await other.getByRole('link', { name: 'Kembali ke daftar' }).click();
      await other.waitForURL(`${base}/petugas/dasbor`);
      await other.locator(`li[data-alert="${alert.id}"]`).waitFor();
      await other.close();

      // On a phone the sentence takes the card's width, the way back above it.
      await page.setViewportSize({ width: 360, height: 740 });
      const back = detail.getByTestId('alert-back');
      const layout = await detail.evaluate((card) => {
        const h = card.querySelector('#alert-detail-title').getBoundingClientRect();
        const b = card.querySelector('[data-testid=alert-back]').getBoundingClientRect();
        const style = getComputedStyle(card);
        const inner = card.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return { title: h.width, inner, backBottom: b.bottom, titleTop: h.top, pageWidth: document.documentElement.scrollWidth };
      });
      if (layout.title < layout.inner * 0.95 || layout.backBottom > layout.titleTop + 1 || layout.pageWidth > 360) {
        throw new Error(`alert head at 360 px: ${JSON.stringify(layout)}`);
      }
      await capture(page, 'alert-detail-phone');
      await page.setViewportSize(DESKTOP);

      // In English: the English sentence, in the detail and in the list.
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).waitFor();
      if ((await title.textContent()) !== shown.sentence_en) {
        throw new Error(`English detail: "${await title.textContent()}" vs "${shown.sentence_en}"`);
      }
      await back.click();
      await page.waitForURL(`${base}/petugas/dasbor`);
      const item = listItems.find((a) => a.id === alert.id);
      if ((await link.textContent()) !== item.sentence_en) throw new Error(`English list: "${await link.textContent()}" vs "${item.sentence_en}"`);
      // An alert raised before English sentences were written shows its
      // Indonesian one, marked as Indonesian.
      await page.route(
        (url) => url.pathname === `/api/v1/alerts/${alert.id}`,
        async (route) => {
          const response = await route.fetch();
          await route.fulfill({ response, json: { ...(await response.json()), sentence_en: null } });
        },
      );
      answered = detailAnswer();
      await link.click();
      sentence = (await (await answered).json()).sentence;
      await title.locator('span[lang="id"]').waitFor();
      if ((await title.textContent()) !== sentence) throw new Error(`fallback: "${await title.textContent()}" vs "${sentence}"`);
      await page.unroute(() => true);
    } finally {
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click({ timeout: 3000 }).catch(() => {});
    }
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();
    await page.close();
    if (errors.length > 0) throw new Error(`console errors: ${errors.join(' | ')}`);
  });
}
