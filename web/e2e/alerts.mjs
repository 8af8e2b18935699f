// Issue 9 in the browser: a surge of drainage complaints in three adjacent
// kelurahan, submitted over the API, becomes an early warning on the
// leaders' dashboard (/petugas/dasbor) with its evidence chart and expected
// band, the places on the kelurahan map and the cases behind it; the leader
// acknowledges it with a reason. On a phone an alert's facts stand label
// above value; a topic's chart shows no expected line or band it lacks, and
// its cases say they are examples of how many reports, with a link to the
// queue filtered as near as it can be to them; the list follows the
// API's cursor ("Muat lebih banyak") and its filters live in the address.
// A capacity proposal a rule made in answer to a cluster links that alert.
// Called by run.mjs with its helpers (the server runs the detectors every
// second: SIGAP_ADAPT_INTERVAL_SECONDS).
import { chartTable, expectChartDrawn, parseShown } from './charts.mjs';

const SURGE = ['33.74.03.1001', '33.74.03.1003', '33.74.03.1005']; // Kemijen, Mlatibaru, Mlatiharjo

// The surge, submitted once per run (by the first test that needs it): it
// raises a local cluster and a new topic ("saluran meluap").
let surged = false;
async function surge(base) {
  if (surged) return;
  surged = true;
  await floodReports(base, 30, 'Saluran meluap');
}

// `n` drainage complaints over the surge's kelurahan, titled `title` and
// a number.
async function floodReports(base, n, title) {
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${base}/api/v1/cases`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        kind: 'complaint',
        service_code: 'PU-DRAINASE',
        title: `${title} ${i}`,
        description: 'Banjir dan genangan karena saluran drainase meluap setelah hujan deras.',
        location: { region_code: SURGE[i % SURGE.length] },
        anonymous: true,
      }),
    });
    if (r.status !== 201) throw new Error(`submit: ${r.status} ${await r.text()}`);
  }
}

// The first alert of the API's list `query` that `accept` takes, waiting up
// to 60 s for the detectors (they run every second).
async function waitForAlert(leader, query, accept = () => true) {
  for (let tries = 0; tries < 120; tries++) {
    const list = (await leader.call('GET', `/api/v1/alerts?${query}`)).body;
    const found = (list.items ?? []).find(accept);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 500));
  }
  const all = (await leader.call('GET', '/api/v1/alerts?limit=50')).body;
  const seen = (all.items ?? []).map((a) => `${a.id} ${a.status} ${a.detector} ${a.category_code} ${a.last_day}`);
  throw new Error(`no alert for ${query} within 60 s; alerts: ${seen.join('; ')}`);
}

// Alert `id` once its sentence stays the same over two detector passes.
async function settledAlert(leader, id) {
  let last = (await leader.call('GET', `/api/v1/alerts/${id}`)).body;
  for (let tries = 0; tries < 30; tries++) {
    await new Promise((r) => setTimeout(r, 2000));
    const now = (await leader.call('GET', `/api/v1/alerts/${id}`)).body;
    if (now.sentence === last.sentence) return now;
    last = now;
  }
  throw new Error(`alert ${id} still changing after 60 s: ${last.sentence}`);
}

// The facts of an alert's detail as laid out: each label and its value,
// the words split over two lines, and what is wider than the screen.
function factsLayout(card) {
  const screen = document.documentElement.clientWidth;
  const rows = [];
  const broken = [];
  for (const dt of card.querySelectorAll('dl.facts > dt')) {
    const dd = dt.nextElementSibling;
    const a = dt.getBoundingClientRect();
    const b = dd.getBoundingClientRect();
    rows.push({
      label: dt.textContent,
      sameColumn: Math.abs(a.left - b.left) < 1 && b.top >= a.bottom - 1,
      wide: b.right > screen + 0.5 || a.right > screen + 0.5 || dd.scrollWidth > dd.clientWidth + 1,
    });
    // A word is broken when its letters stand on more than one line.
    for (const el of [dt, dd]) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.data.matchAll(/[^\s\-–/]+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(m[0]);
        }
      }
    }
  }
  return { screen, pageWidth: document.documentElement.scrollWidth, rows, broken };
}

// The alerts panel's list request (not an alert's detail).
const ALERT_LIST = /\/api\/v1\/alerts\?/;

export async function run({ test, newPage, login, ready, capture, officerSession, base, DESKTOP }) {
  await test('alerts: a surge becomes an early warning with its evidence, acknowledged with a reason', async () => {
    await surge(base);
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
    // The demo's alerts here are all of today: the list is answered as it
    // would be days later, every alert but the surge's no longer seen.
    await page.route(ALERT_LIST, async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      for (const a of body.items) if (a.id !== alert.id) a.ongoing = false;
      await route.fulfill({ response, json: body });
    });
    await page.getByRole('link', { name: 'Dasbor' }).click();
    await page.getByRole('heading', { name: 'Peringatan dini' }).waitFor();
    // A change the detectors no longer see says so: the surge's alert is
    // not marked, the others are "Mereda".
    await page.locator(`li[data-alert="${alert.id}"]`).waitFor();
    if ((await page.locator(`li[data-alert="${alert.id}"] [data-testid=alert-subsided]`).count()) !== 0) {
      throw new Error('the ongoing surge is marked as subsided');
    }
    const quiet = await page.locator('li[data-alert]').evaluateAll(
      (lis, surgeId) => lis.map((li) => Number(li.getAttribute('data-alert'))).filter((id) => id !== surgeId),
      alert.id,
    );
    if (quiet.length === 0) throw new Error('no other alert on the panel');
    for (const id of quiet) {
      const badge = await page.locator(`li[data-alert="${id}"] [data-testid=alert-subsided]`).textContent();
      if (badge !== 'Mereda') throw new Error(`subsided alert ${id} reads ${badge}`);
    }
    await page.unroute(ALERT_LIST);
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
    // Who acknowledged it, by the officer's full name (the demo's walikota)
    // and the username, as text (not a hover title).
    await detail.getByTestId('alert-history').getByText('Haryanto Sutrisno (walikota)', { exact: true }).waitFor();
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
    await detail.getByTestId('alert-history').getByText('Haryanto Sutrisno').waitFor();
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
    // The surge's alerts, when the tests before have not raised them.
    await surge(base);
    const leader = await officerSession('walikota');
    const alert = await waitForAlert(
      leader,
      'limit=50',
      (a) => typeof a.sentence_en === 'string' && a.sentence_en !== '' && a.sentence_en !== a.sentence,
    );
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
  await test("alerts: on a 360 px phone an alert's facts stand label above value, no word broken, nothing wider than the screen", async () => {
    await surge(base);
    const leader = await officerSession('walikota');
    const cluster = await waitForAlert(leader, 'detector=local_cluster&category=PU-DRAINASE', (a) => a.regions.some((r) => SURGE.includes(r.code)));
    const topic = await waitForAlert(leader, 'detector=emerging_topic');
    const page = await newPage(DESKTOP);
    await login(page, 'walikota');
    await page.setViewportSize({ width: 360, height: 640 });
    for (const alert of [cluster, topic]) {
      await page.goto(`${base}/petugas/dasbor/peringatan/${alert.id}`);
      const detail = page.getByTestId('alert-detail');
      await detail.locator('dl.facts dd').first().waitFor();
      await ready(page);
      const layout = await detail.evaluate(factsLayout);
      const side = layout.rows.filter((r) => !r.sameColumn).map((r) => r.label);
      const wide = layout.rows.filter((r) => r.wide).map((r) => r.label);
      if (layout.rows.length < 4 || side.length > 0 || wide.length > 0 || layout.broken.length > 0 || layout.pageWidth > 360) {
        throw new Error(`alert ${alert.id} (${alert.detector}) at 360 px: beside their labels ${JSON.stringify(side)}, ` +
          `wider than the screen ${JSON.stringify(wide)}, words broken ${JSON.stringify(layout.broken)}, page ${layout.pageWidth} px`);
      }
    }
    await capture(page, 'alert-facts-phone');
    // On a desktop the facts stay beside their labels.
    await page.setViewportSize(DESKTOP);
    const wideLayout = await page.getByTestId('alert-detail').evaluate(factsLayout);
    if (wideLayout.rows.some((r) => r.sameColumn)) throw new Error(`desktop facts: ${JSON.stringify(wideLayout.rows)}`);
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();
    await page.close();
  });

  await test("alerts: a topic's chart shows and describes no expected line or band it does not have; its cases say how many of the reports they are", async () => {
    await surge(base);
    const leader = await officerSession('walikota');
    const topic = await waitForAlert(leader, 'detector=emerging_topic');
    const page = await newPage(DESKTOP);
    try {
      await login(page, 'walikota');
      const answered = page.waitForResponse(
        (r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/api/v1/alerts/${topic.id}`,
      );
      await page.goto(`${base}/petugas/dasbor/peringatan/${topic.id}`);
      const shown = await (await answered).json();
      const e = shown.evidence;
      const n = e.series.length;
      if (n === 0 || (e.expected_series ?? []).length === n || (e.band_high ?? []).length === n) {
        throw new Error(`a topic's evidence was expected without line and band: ${JSON.stringify(e)}`);
      }
      const detail = page.getByTestId('alert-detail');
      await expectChartDrawn(detail, 'alert_evidence', { rgb: [11, 93, 75] });
      const chart = detail.getByTestId('alert-chart');
      const legend = (await chart.locator('.chart-legend').innerText()).replace(/\s+/g, ' ').trim();
      const caption = await chart.locator('figcaption').textContent();
      const name = await chart.locator('[data-chart="alert_evidence"]').getAttribute('aria-label');
      if (legend !== 'Teramati' || /rentang|putus-putus|diharapkan/i.test(caption) || /rentang/i.test(name)) {
        throw new Error(`a topic's chart: legend "${legend}", caption "${caption}", name "${name}"`);
      }
      // Its table has the day and the count only.
      const heads = await chart.locator('table[data-chart-table="alert_evidence"] thead th').allTextContents();
      const rows = await chartTable(detail, 'alert_evidence');
      if (JSON.stringify(heads) !== JSON.stringify(['Hari', 'Teramati']) || rows.some((r) => r.cells.length !== 1) ||
        JSON.stringify(rows.map((r) => parseShown(r.cells[0]))) !== JSON.stringify(e.series.map((v) => Number(v.toFixed(1))))) {
        throw new Error(`a topic's table: ${JSON.stringify(heads)} ${JSON.stringify(rows)} vs ${JSON.stringify(e.series)}`);
      }
      // The reports it counts (observed) and the few it lists.
      const total = Math.round(e.observed);
      const listed = shown.cases.length;
      if (!(listed > 0 && total > listed)) throw new Error(`a topic listing all its reports: ${listed} of ${total}`);
      const note = detail.getByTestId('alert-cases-shown');
      if ((await note.textContent()) !== `Yang tercantum di sini hanya ${listed} contoh dari ${total} laporan di balik peringatan ini.`) throw new Error(`cases note: "${await note.textContent()}"`);
      if ((await detail.locator('[data-testid=alert-cases] li').count()) !== listed) throw new Error('cases listed');
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).waitFor();
      if ((await note.textContent()) !== `Listed here are only ${listed} examples of the ${total} reports behind this alert.`) throw new Error(`English cases note: "${await note.textContent()}"`);
      const english = (await chart.locator('.chart-legend').innerText()).replace(/\s+/g, ' ').trim();
      if (english !== 'Observed' || /band|dashed/i.test(await chart.locator('figcaption').textContent())) {
        throw new Error(`a topic's chart in English: "${english}"`);
      }
      // A cluster's chart keeps its expected line and band, described.
      const cluster = await waitForAlert(leader, 'detector=local_cluster&category=PU-DRAINASE');
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
      await page.getByRole('button', { name: 'Switch to English' }).waitFor();
      await page.goto(`${base}/petugas/dasbor/peringatan/${cluster.id}`);
      const full = (await detail.getByTestId('alert-chart').locator('.chart-legend').innerText()).replace(/\s+/g, ' ').trim();
      if (full !== 'Teramati Diharapkan Rentang Di atas rentang') throw new Error(`a cluster's legend: "${full}"`);
    } finally {
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click({ timeout: 3000 }).catch(() => {});
    }
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();
    await page.close();
  });

  await test("alerts: an alert's few cases are called examples of how many; its link opens the queue filtered as near as the queue can (service, place, word) and says what it cannot (dates)", async () => {
    await surge(base);
    const leader = await officerSession('walikota');
    // The surge's topic (after the rest of the suite the service has others,
    // whose examples need not carry their leading word).
    const topic = await waitForAlert(leader, 'detector=emerging_topic&category=PU-DRAINASE',
      (a) => (a.top_terms ?? []).some((t) => /meluap/.test(t)));
    const cluster = await waitForAlert(leader, 'detector=local_cluster&category=PU-DRAINASE');
    const page = await newPage(DESKTOP);
    // The cases listed in the queue (its first page).
    const queued = () => page.locator('table.queue td[data-cell=title] a').evaluateAll((links) =>
      links.map((a) => a.getAttribute('href').split('/').pop()));
    try {
      await login(page, 'walikota');
      // A topic: its service and leading word; the queue has no dates.
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/alerts/${topic.id}`);
      await page.goto(`${base}/petugas/dasbor/peringatan/${topic.id}`);
      const shown = await (await answered).json();
      const detail = page.getByTestId('alert-detail');
      const total = Math.round(shown.evidence.observed);
      const note = await detail.getByTestId('alert-cases-shown').textContent();
      if (note !== `Yang tercantum di sini hanya ${shown.cases.length} contoh dari ${total} laporan di balik peringatan ini.`) {
        throw new Error(`cases note: "${note}"`);
      }
      const term = shown.top_terms[0];
      const link = detail.getByTestId('alert-queue-link');
      const href = new URL(await link.getAttribute('href'), base);
      if (href.pathname !== '/petugas' || href.searchParams.get('service') !== 'PU-DRAINASE' || href.searchParams.get('q') !== term ||
        href.searchParams.has('region')) {
        throw new Error(`the topic's queue link: ${href}`);
      }
      if (!(await link.textContent()).includes(`kata “${term}”`)) throw new Error(`the link's words: ${await link.textContent()}`);
      const since = await detail.getByTestId('alert-queue').textContent();
      if (!since.includes('Antrean tidak dapat disaring menurut tanggal')) throw new Error(`no word on dates: ${since}`);
      await link.click();
      await page.getByRole('heading', { name: 'Antrean laporan' }).waitFor();
      await page.locator('table.queue tbody tr').first().waitFor();
      if ((await page.locator('#f-q').inputValue()) !== term || (await page.locator('#f-service').inputValue()) !== 'PU-DRAINASE') {
        throw new Error(`the queue's filters: q=${await page.locator('#f-q').inputValue()} service=${await page.locator('#f-service').inputValue()}`);
      }
      // The queue's list, page after page (newest first: after the rest of
      // the suite the examples need not be on the first page).
      const listed = await queued();
      for (let cursor = ''; ;) {
        const page_ = await leader.call('GET', `/api/v1/cases?limit=200&service=PU-DRAINASE&q=${encodeURIComponent(term)}${cursor}`);
        listed.push(...page_.body.items.map((c) => c.tracking_code));
        if (!page_.body.next_cursor || listed.length > 2000) break;
        cursor = `&cursor=${encodeURIComponent(page_.body.next_cursor)}`;
      }
      // A topic's examples are the latest cases of any of its words, and the
      // queue filters by the leading one: some examples may use others
      // (the page says the list is only as near as the queue can).
      const examples = shown.cases.map((c) => c.tracking_code);
      if (!examples.some((c) => listed.includes(c))) {
        throw new Error(`none of the topic's cases in its queue: ${examples.join(', ')} (term ${term})`);
      }

      // A cluster: when its kelurahan are all of one kecamatan (the surge's,
      // or the demo's flood, whichever the detectors name on this day), the
      // queue filters by that kecamatan and the link says the list is wider;
      // across two kecamatan it cannot narrow by place at all; of one
      // kelurahan (the surge named in one of its three, as the demo's
      // history there may have it), the queue filters by that kelurahan.
      const places = (await leader.call('GET', `/api/v1/alerts/${cluster.id}`)).body.regions.map((r) => r.code);
      const district = places[0].split('.').slice(0, 3).join('.');
      const oneDistrict = places.length > 1 && places.every((c) => c.startsWith(`${district}.`));
      const queueRegion = places.length === 1 ? places[0] : oneDistrict ? district : null;
      const districtName = (await leader.call('GET', '/api/v1/regions?parent=33.74')).body.items
        .find((r) => r.code === district)?.name;
      await page.goto(`${base}/petugas/dasbor/peringatan/${cluster.id}`);
      const clusterLink = detail.getByTestId('alert-queue-link');
      await clusterLink.waitFor();
      const clusterHref = new URL(await clusterLink.getAttribute('href'), base);
      if (clusterHref.searchParams.get('region') !== queueRegion ||
        clusterHref.searchParams.get('service') !== 'PU-DRAINASE' || clusterHref.searchParams.has('q')) {
        throw new Error(`the cluster's queue link: ${clusterHref} (its places: ${places.join(', ')})`);
      }
      const wider = await detail.getByTestId('alert-queue').textContent();
      if (oneDistrict !== wider.includes(`seluruh Kecamatan ${districtName}`)) {
        throw new Error(`the cluster's link and its caveat: ${wider} (its places: ${places.join(', ')})`);
      }
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await detail.getByTestId('alert-queue').filter({ hasText: 'The queue cannot be filtered by date' }).waitFor();
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
      await clusterLink.click();
      await page.getByRole('heading', { name: 'Antrean laporan' }).waitFor();
      await page.locator('table.queue tbody tr').first().waitFor();
      const region = await page.locator('#f-region').evaluate((s) => `${s.value} ${s.selectedOptions[0]?.textContent}`);
      if (oneDistrict ? region !== `${district} ${districtName}` : !region.startsWith(`${queueRegion ?? ''} `)) {
        throw new Error(`the queue's region: ${region}`);
      }
      const scope = queueRegion ? `&region=${queueRegion}` : '';
      const clusterListed = await queued();
      for (let cursor = ''; ;) {
        const page_ = await leader.call('GET', `/api/v1/cases?limit=200&service=PU-DRAINASE${scope}${cursor}`);
        clusterListed.push(...page_.body.items.map((c) => c.tracking_code));
        if (!page_.body.next_cursor || clusterListed.length > 5000) break;
        cursor = `&cursor=${encodeURIComponent(page_.body.next_cursor)}`;
      }
      // (The queue's region is the one the case names; a case whose pin
      // lies in the cluster but names another kelurahan is not in it.)
      const clusterShown = (await leader.call('GET', `/api/v1/alerts/${cluster.id}`)).body.cases
        .filter((c) => !queueRegion || c.region_code === queueRegion || c.region_code.startsWith(`${queueRegion}.`))
        .map((c) => c.tracking_code);
      if (clusterShown.length === 0 || clusterShown.some((c) => !clusterListed.includes(c))) throw new Error('the cluster\'s cases not in its queue');

      // The link of an alert of one kelurahan: the queue names it.
      await page.goto(`${base}/petugas?service=PU-DRAINASE&region=33.74.03.1001`);
      await page.getByRole('heading', { name: 'Antrean laporan' }).waitFor();
      await page.waitForFunction(() => document.querySelector('#f-region')?.selectedOptions[0]?.textContent === 'Kemijen, Semarang Timur');
    } finally {
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click({ timeout: 2000 }).catch(() => {});
      await page.close();
    }
  });

  await test("alerts: a falling rating's chart leaves a day without ratings empty and marks the days below its band", async () => {
    await surge(base);
    const leader = await officerSession('walikota');
    const any = await waitForAlert(leader, 'detector=local_cluster&category=PU-DRAINASE');
    const page = await newPage(DESKTOP);
    // An alert answered as the API answers a falling rating (the demo has
    // too few ratings for one): a day without ratings is null.
    const series = [4.4, null, 4.6, 4.2, null, 1.5, 1.25];
    await page.route(new RegExp(`/api/v1/alerts/${any.id}$`), async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      body.detector = 'falling_rating';
      Object.assign(body.evidence, {
        day: '2026-12-18',
        series,
        expected_series: series.map(() => 4.4),
        band_low: series.map((v) => (v === null ? 3.4 : 3.9)),
        band_high: series.map((v) => (v === null ? 5.4 : 4.9)),
      });
      await route.fulfill({ response, json: body });
    });
    await login(page, 'walikota');
    await page.goto(`${base}/petugas/dasbor/peringatan/${any.id}`);
    const detail = page.getByTestId('alert-detail');
    await expectChartDrawn(detail, 'alert_evidence', { rgb: [192, 57, 43] });
    const chart = detail.getByTestId('alert-chart');
    const legend = (await chart.locator('.chart-legend').innerText()).replace(/\s+/g, ' ').trim();
    const caption = await chart.locator('figcaption').textContent();
    if (legend !== 'Teramati Diharapkan Rentang Di bawah rentang' || !/bintang/.test(caption) || !/di bawah rentang/.test(caption)) {
      throw new Error(`a rating's chart: legend "${legend}", caption "${caption}"`);
    }
    const rows = await chartTable(detail, 'alert_evidence');
    const observed = rows.map((r) => r.cells[0]);
    if (JSON.stringify(observed.map((c) => (c === '–' ? null : parseShown(c)))) !== JSON.stringify(series.map((v) => (v === null ? null : Number(v.toFixed(1)))))) {
      throw new Error(`a rating's table: ${JSON.stringify(observed)}`);
    }
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();
    await page.close();
  });

  await test("alerts: a growing backlog lists its agency's cases under its own heading; an alert names the closed one it continues", async () => {
    await surge(base);
    const leader = await officerSession('walikota');
    const backlog = await waitForAlert(leader, 'detector=local_cluster&category=PU-DRAINASE');
    const page = await newPage(DESKTOP);
    // An alert answered as the API answers a growing backlog (this demo's
    // 40 cases raise none), its cases the server's.
    await page.route(new RegExp(`/api/v1/alerts/${backlog.id}$`), async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      // …and opened after an earlier one was closed while the change went on.
      Object.assign(body, { detector: 'growing_backlog', regions: [], category_code: '', category_name: '', continues: 1 });
      await route.fulfill({ response, json: body });
    });
    await login(page, 'walikota');
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/api/v1/alerts/${backlog.id}`,
    );
    await page.goto(`${base}/petugas/dasbor/peringatan/${backlog.id}`);
    const shown = await (await answered).json();
    if (shown.cases.length === 0) throw new Error(`a backlog without cases: ${JSON.stringify(shown)}`);
    const detail = page.getByTestId('alert-detail');
    await detail.getByRole('heading', { name: 'Kasus dalam tunggakan ini' }).waitFor();
    const links = await detail.locator('[data-testid=alert-cases] li a').allTextContents();
    if (JSON.stringify(links) !== JSON.stringify(shown.cases.map((c) => c.tracking_code))) {
      throw new Error(`the backlog's cases: ${JSON.stringify(links)}`);
    }
    const earlier = detail.getByTestId('alert-continues').getByRole('link');
    if ((await earlier.textContent()) !== 'peringatan #1 yang sudah ditutup' ||
      (await earlier.getAttribute('href')) !== '/petugas/dasbor/peringatan/1') {
      throw new Error(`the closed alert it continues: ${await earlier.textContent()} ${await earlier.getAttribute('href')}`);
    }
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();
    await page.close();
  });

  await test('alerts: "Muat lebih banyak" follows next_cursor; filters narrow the list and stay in the address', async () => {
    await surge(base);
    const leader = await officerSession('walikota');
    await waitForAlert(leader, 'detector=local_cluster&category=PU-DRAINASE');
    const topic = await waitForAlert(leader, 'detector=emerging_topic');
    const ids = async (query) => (await leader.call('GET', `/api/v1/alerts?limit=200${query}`)).body.items.map((a) => a.id);
    const all = await ids('');
    const topics = await ids('&detector=emerging_topic');
    if (all.length < 2 || topics.length === 0 || topics.length >= all.length) throw new Error(`alerts ${all}, topics ${topics}`);
    const page = await newPage(DESKTOP);
    // Pages of one alert: the server's own cursor, without raising 50 alerts.
    const asked = [];
    await page.route(
      (url) => url.pathname === '/api/v1/alerts',
      (route) => {
        const url = new URL(route.request().url());
        url.searchParams.set('limit', '1');
        asked.push(url.search);
        return route.continue({ url: url.toString() });
      },
    );
    await login(page, 'walikota');
    await page.getByRole('link', { name: 'Dasbor' }).click();
    await page.getByRole('heading', { name: 'Peringatan dini' }).waitFor();
    const section = page.getByTestId('alerts');
    const listed = () => section.locator('li[data-alert]').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-alert'))));
    await section.locator('li[data-alert]').first().waitFor();
    if ((await listed()).length !== 1) throw new Error(`first page: ${await listed()}`);
    // Each page one alert more, older than the last (the detectors may raise
    // a new one meanwhile: it would stand first, so only "all of them,
    // newest first, none twice" is asked).
    const more = section.getByRole('button', { name: 'Muat lebih banyak' });
    for (let shown = 1; await more.isVisible(); shown++) {
      if (shown > all.length + 5) throw new Error(`"Muat lebih banyak" never ends: ${await listed()}`);
      await more.click();
      await section.locator('li[data-alert]').nth(shown).waitFor();
      await page.waitForFunction(() => !document.querySelector('[data-testid=alerts] button:disabled'));
    }
    const got = await listed();
    if (got.some((id, i) => i > 0 && id >= got[i - 1]) || all.some((id) => !got.includes(id))) {
      throw new Error(`after "Muat lebih banyak": ${got} vs ${all}`);
    }
    if (!asked.some((q) => /[?&]cursor=/.test(q))) throw new Error(`no cursor asked: ${asked}`);
    const status = await section.getByTestId('alerts-shown').textContent();
    if (!status.startsWith(`${got.length} peringatan ditampilkan`) || /Masih ada lagi/.test(status)) throw new Error(`status: "${status}"`);

    // A filter: the detector narrows the list, in the address.
    await section.locator('#alerts-detector').selectOption('emerging_topic');
    await page.waitForURL(`${base}/petugas/dasbor?alert_detector=emerging_topic`);
    await page.waitForFunction((want) => {
      const got = [...document.querySelectorAll('[data-testid=alerts] li[data-alert]')].map((li) => Number(li.getAttribute('data-alert')));
      return JSON.stringify(got) === JSON.stringify(want.slice(0, 1));
    }, topics);
    while (await more.isVisible()) {
      const before = (await listed()).length;
      await more.click();
      await section.locator('li[data-alert]').nth(before).waitFor();
    }
    if (JSON.stringify(await listed()) !== JSON.stringify(topics)) throw new Error(`topics: ${await listed()} vs ${topics}`);
    if (!asked.some((q) => /detector=emerging_topic/.test(q) && /cursor=/.test(q)) && topics.length > 1) {
      throw new Error(`"Muat lebih banyak" forgot the filter: ${asked}`);
    }
    // Kept by a reload, and by the way to an alert and back.
    await page.reload();
    await section.locator(`li[data-alert="${topics[0]}"]`).waitFor();
    if ((await section.locator('#alerts-detector').inputValue()) !== 'emerging_topic') throw new Error('the filter was lost on reload');
    await section.locator(`li[data-alert="${topics[0]}"] a`).click();
    await page.waitForURL(`${base}/petugas/dasbor/peringatan/${topics[0]}?alert_detector=emerging_topic`);
    await page.getByTestId('alert-back').click();
    await page.waitForURL(`${base}/petugas/dasbor?alert_detector=emerging_topic`);
    await section.locator(`li[data-alert="${topics[0]}"]`).waitFor();
    if ((await listed()).some((id) => !topics.includes(id))) throw new Error(`back at the list: ${await listed()}`);
    // The agency, with the detector: the API's own answer.
    await section.locator('#alerts-detector').selectOption('');
    await section.locator('#alerts-agency').selectOption('DPU');
    await page.waitForURL(`${base}/petugas/dasbor?alert_agency=DPU`);
    const dpu = await ids('&agency=DPU');
    await page.waitForFunction((want) => {
      const got = [...document.querySelectorAll('[data-testid=alerts] li[data-alert]')].map((li) => Number(li.getAttribute('data-alert')));
      return JSON.stringify(got) === JSON.stringify(want.slice(0, 1));
    }, dpu);
    // A topic is an agency's when most of its cases are of that agency's
    // service (the surge's are all DPU's drainage): listed under it then.
    if (dpu.includes(topic.id) !== (topic.agency_code === 'DPU')) {
      throw new Error(`topic ${topic.id} of agency "${topic.agency_code}" listed under DPU: ${dpu.includes(topic.id)}`);
    }
    // A date after every alert: none, said as such; clearing shows all again.
    await section.locator('#alerts-since').fill('2099-01-01');
    await page.waitForURL(`${base}/petugas/dasbor?alert_agency=DPU&alert_since=2099-01-01`);
    await section.getByText('Tidak ada peringatan yang cocok dengan saringan.').waitFor();
    await section.getByRole('button', { name: 'Hapus saringan' }).click();
    await page.waitForURL(`${base}/petugas/dasbor`);
    await section.locator(`li[data-alert="${all[0]}"]`).waitFor();
    await ready(page);
    await capture(page, 'alerts-filters');
    await page.unroute(() => true);
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();
    await page.close();
  });

  await test('alerts: a capacity proposal a cluster set off names and links the alert it answers', async () => {
    await surge(base);
    const leader = await officerSession('walikota');
    const admin = await officerSession('admin');
    const saved = await admin.call('POST', '/api/v1/rules', {
      name: `Uji e2e kapasitas banjir ${Date.now()}`,
      basis: 'Perpres 76/2013 tentang Pengelolaan Pengaduan Pelayanan Publik',
      trigger: { alert: 'cluster' },
      actions: [{ type: 'propose_capacity', agency: 'DPU', officers: 2 }],
    });
    if (saved.status !== 201) throw new Error(`save: ${saved.status} ${JSON.stringify(saved.body)}`);
    const enabled = await admin.call('POST', `/api/v1/rules/${saved.body.id}/enable`);
    if (enabled.status !== 200) throw new Error(`enable: ${enabled.status}`);
    // The rules runner reads the rule set at its next pass (every second).
    await new Promise((r) => setTimeout(r, 1500));
    try {
      // The surge's cluster closed, and more reports come: the detectors
      // open a new alert, the first the rule (enabled before it) sees.
      const before = await waitForAlert(leader, 'detector=local_cluster&category=PU-DRAINASE');
      if (before.status !== 'closed') {
        const closed = await leader.call('POST', `/api/v1/alerts/${before.id}/close`, { reason: 'uji usulan kapasitas' });
        if (closed.status !== 200) throw new Error(`close: ${closed.status} ${JSON.stringify(closed.body)}`);
      }
      await floodReports(base, 9, 'Saluran meluap lagi');
      const opened = await waitForAlert(leader, 'detector=local_cluster&category=PU-DRAINASE', (a) => a.id > before.id);
      const proposal = await waitForAlert(leader, 'detector=capacity_proposal', (a) => a.sentence.includes('tambah 2 petugas'));
      // The cluster may open before the detectors have read the last of the
      // reports; its sentence (its count) is final once it holds across passes.
      const cluster = await settledAlert(leader, opened.id);

      const page = await newPage(DESKTOP);
      await login(page, 'walikota');
      await page.goto(`${base}/petugas/dasbor/peringatan/${proposal.id}`);
      const answers = page.getByTestId('alert-detail').getByTestId('alert-answers');
      await answers.waitFor();
      const link = answers.getByRole('link');
      if ((await link.textContent()) !== `peringatan #${cluster.id}` ||
        (await link.getAttribute('href')) !== `/petugas/dasbor/peringatan/${cluster.id}`) {
        throw new Error(`the alert it answers: ${await link.textContent()} ${await link.getAttribute('href')}`);
      }
      if (!(await answers.textContent()).includes(cluster.sentence)) {
        throw new Error(`its sentence: ${await answers.textContent()} (want ${cluster.sentence})`);
      }
      await ready(page);
      await capture(page, 'alerts-capacity-proposal');
      await link.click();
      await page.waitForURL(`${base}/petugas/dasbor/peringatan/${cluster.id}`);
      await page.getByTestId('alert-detail').getByRole('heading', { name: cluster.sentence }).waitFor();
      await page.getByRole('button', { name: 'Keluar' }).click();
      await page.locator('#username').waitFor();
      await page.close();
    } finally {
      await admin.call('POST', `/api/v1/rules/${saved.body.id}/disable`);
    }
  });
}
