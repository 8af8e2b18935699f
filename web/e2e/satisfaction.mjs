// Findings of an exploratory test of the satisfaction features: the
// citizen's survey chooser names each survey's service and period, and from
// a case (/survei?kasus=CODE) offers only the surveys of the unit (and
// service) that handled it, with another unit's refusal said in words; the
// IKM screen and the dashboard's ratings write dates and months in words,
// the IKM per month is readable on a 390 px phone, and the dashboard says
// what its per-agency figures count. Called by run.mjs with its helpers.

import { keepReceipt } from './citizen_a11y.mjs';

const PHONE_390 = { width: 390, height: 844 };
const ISO_DAY = /\b\d{4}-\d{2}-\d{2}\b/;
const ISO_MONTH = /\b\d{4}-\d{2}\b/;
const ID_MONTHS = 'Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember';
const EN_MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const dayRange = (months) => new RegExp(`\\d{1,2} (${months}) \\d{4} – \\d{1,2} (${months}) \\d{4}`);

// Signs `user` in on `page` and opens the IKM screen from the console's menu.
export async function openIkm(login, page, user, password) {
  await login(page, user, password);
  await page.getByRole('link', { name: 'IKM', exact: true }).click();
  await page.getByTestId('ikm-value').waitFor();
}

export async function run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP }) {
  // The surveys of these tests, created once: DPU for the year, its quarter,
  // the month for one service and another, and Dukcapil for the year.
  let made;
  async function surveys() {
    if (made) return made;
    const admin = await officerSession('admin');
    const { today } = await (await fetch(`${base}/api/v1/surveys`)).json();
    const [year, month] = today.split('-');
    const quarter = Math.floor((Number(month) - 1) / 3) + 1;
    const create = async (body) => {
      const r = await admin.call('POST', '/api/v1/surveys', body);
      if (r.status !== 201) throw new Error(`survey ${JSON.stringify(body)}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.id;
    };
    made = {
      dpuYear: await create({ unit_code: 'DPU', period: year }),
      dpuQuarter: await create({ unit_code: 'DPU', period: `${year}-Q${quarter}` }),
      roads: await create({ unit_code: 'DPU', period: `${year}-${month}`, service_code: 'PU-JALAN' }),
      drains: await create({ unit_code: 'DPU', period: `${year}-${month}`, service_code: 'PU-DRAINASE' }),
      dukcapil: await create({ unit_code: 'DISDUKCAPIL', period: year }),
    };
    return made;
  }

  // A case filed by API and moved along by `steps` [user, body] (each
  // officer's session opened once); its receipt is kept in `page`'s
  // browser as the portal keeps it.
  async function caseFor(page, steps) {
    const receipt = await submitByApi({
      kind: 'complaint',
      service_code: 'PU-DRAINASE',
      title: `Saluran tersumbat ${Date.now().toString(36)}`,
      description: 'Saluran di gang tersumbat sampah sejak seminggu, air meluap ke jalan saat hujan.',
    });
    const sessions = {};
    for (const [user, body] of steps) {
      sessions[user] ??= await officerSession(user);
      const r = await sessions[user].call('POST', `/api/v1/cases/${receipt.tracking_code}/events`, body);
      if (r.status !== 200 && r.status !== 201) throw new Error(`${body.action}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    await keepReceipt(page, base, receipt);
    return receipt.tracking_code;
  }

  // A new head of Dinas Perhubungan (the demo has none), created by `admin`.
  async function dishubHead(admin) {
    const username = `kadis.dishub.${Date.now().toString(36)}`;
    const password = 'kata-sandi-kadis-2026';
    const created = await admin.call('POST', '/api/v1/users', { username, password, role: 'agency_head', agency_code: 'DISHUB' });
    if (created.status !== 201) throw new Error(`user: ${created.status} ${JSON.stringify(created.body)}`);
    return { username, password };
  }

  async function answerAll(page) {
    const elements = page.locator('fieldset.survey-element');
    await elements.first().waitFor();
    for (let i = 0; i < (await elements.count()); i++) await elements.nth(i).locator('input[type=radio]').nth(2).check();
  }

  await test('satisfaction: the survey chooser names service and period; from a case only its unit\'s surveys, the case\'s service first; another unit\'s refusal in words', async () => {
    const ids = await surveys();
    const page = await newPage(PHONE_390);
    try {
      const code = await caseFor(page, [
        ['verifikator', { action: 'verify' }],
        ['verifikator', { action: 'dispose', agency_code: 'DPU' }],
        ['petugas.dpu', { action: 'start' }],
        ['petugas.dpu', { action: 'resolve', text: 'Saluran sudah dibersihkan.' }],
      ]);

      // Every open survey: none reads like another, services and months in words.
      await page.goto(`${base}/survei`);
      await page.locator('#survey-unit option').nth(2).waitFor({ state: 'attached' });
      const options = await page.locator('#survey-unit option').allTextContents();
      const named = options.filter((o) => o !== '—');
      if (new Set(named).size !== named.length) throw new Error(`options alike: ${JSON.stringify(named)}`);
      const label = async (id) => page.locator(`#survey-unit option[value="${id}"]`).textContent();
      const roads = await label(ids.roads);
      if (!roads.includes('Pengaduan Jalan dan Jembatan Rusak') || ISO_MONTH.test(roads) || !new RegExp(`(${ID_MONTHS}) \\d{4}$`).test(roads)) {
        throw new Error(`service survey: ${roads}`);
      }
      if (!(await label(ids.dpuYear)).includes('semua layanan')) throw new Error(`unit survey: ${await label(ids.dpuYear)}`);
      if (!/Triwulan (I|II|III|IV) \d{4}$/.test(await label(ids.dpuQuarter))) throw new Error(`quarter: ${await label(ids.dpuQuarter)}`);
      await capture(page, 'survey-chooser');

      // From the case: DPU's surveys for all its services or for drains,
      // the drains survey chosen; neither Dukcapil's nor the roads survey.
      await page.goto(`${base}/survei?kasus=${code}`);
      await page.getByTestId('survey-for-case').waitFor();
      const hint = await page.getByTestId('survey-for-case').textContent();
      if (!hint.includes('Dinas Pekerjaan Umum') || !hint.includes('Pengaduan Saluran Drainase')) throw new Error(`hint: ${hint}`);
      const offered = await page.locator('#survey-unit option').evaluateAll((os) => os.map((o) => Number(o.value)));
      if (offered.includes(ids.dukcapil) || offered.includes(ids.roads) || !offered.includes(ids.dpuYear) || offered.includes(0)) {
        throw new Error(`offered from the case: ${JSON.stringify(offered)} (surveys ${JSON.stringify(ids)})`);
      }
      if (Number(await page.locator('#survey-unit').inputValue()) !== ids.drains) throw new Error('the drains survey is not preselected');
      const unit = await page.getByTestId('survey-unit').textContent();
      if (!unit.includes('Layanan: Pengaduan Saluran Drainase') || ISO_MONTH.test(unit)) throw new Error(`form heading: ${unit}`);
      await answerAll(page);
      await capture(page, 'survey-from-case');
      await page.getByRole('button', { name: 'Kirim survei' }).click();
      await page.getByTestId('survey-thanks').waitFor();

      // When the case cannot be read the whole list stays; Dukcapil's survey
      // is then refused by the server, and the refusal is said in words.
      await page.route(`${base}/api/v1/cases/${code}`, (route) => route.fulfill({ status: 503, body: '' }));
      await page.goto(`${base}/survei?kasus=${code}`);
      await page.locator(`#survey-unit option[value="${ids.dukcapil}"]`).waitFor({ state: 'attached' });
      await page.locator('#survey-unit').selectOption(String(ids.dukcapil));
      await answerAll(page);
      await page.getByRole('button', { name: 'Kirim survei' }).click();
      const refusal = page.getByTestId('survey-other-unit');
      await refusal.waitFor();
      const said = await refusal.textContent();
      if (!said.includes('ditangani oleh unit lain') || !said.includes('Dinas Kependudukan') || /case_code/.test(said)) {
        throw new Error(`refusal: ${said}`);
      }
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await refusal.filter({ hasText: 'was handled by another unit' }).waitFor();
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
      await page.unroute(`${base}/api/v1/cases/${code}`);

      // A case of a unit without an open survey: said, no questionnaire.
      const other = await caseFor(page, [
        ['verifikator', { action: 'verify' }],
        ['verifikator', { action: 'dispose', agency_code: 'DISPERKIM', override_reason: 'Saluran di lingkungan perumahan' }],
      ]);
      await page.goto(`${base}/survei?kasus=${other}`);
      await page.getByTestId('survey-none-for-case').waitFor();
      if ((await page.locator('fieldset.survey-element').count()) !== 0) throw new Error('a questionnaire of another unit');
      await page.getByRole('link', { name: 'Lihat semua survei yang dibuka' }).waitFor();
    } finally {
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click({ timeout: 2000 }).catch(() => {});
      await page.close();
    }
  });

  await test('satisfaction: IKM dates and months in words, by month as cards on a 390 px phone; the dashboard\'s ratings period in words and what per-agency figures count', async () => {
    const ids = await surveys();
    // One response at least, so that the screen has a month.
    const sent = await fetch(`${base}/api/v1/surveys/${ids.dpuYear}/responses`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ answers: [3, 3, 3, 3, 3, 3, 3, 3, 3], channel: 'web' }),
    });
    if (sent.status !== 201) throw new Error(`response: ${sent.status} ${await sent.text()}`);
    const page = await newPage(DESKTOP);
    try {
      await login(page, 'walikota');
      await page.setViewportSize(PHONE_390);
      await page.goto(`${base}/petugas/ikm`);
      const months = page.getByTestId('ikm-months');
      await months.locator('tbody th').first().waitFor();
      await ready(page);
      const first = await months.locator('tbody th').first().textContent();
      if (!new RegExp(`^(${ID_MONTHS}) \\d{4}$`).test(first)) throw new Error(`month: ${first}`);
      const period = await page.getByTestId('ikm-period').textContent();
      if (!dayRange(ID_MONTHS).test(period)) throw new Error(`IKM period: ${period}`);
      const text = await page.locator('main').innerText();
      if (ISO_DAY.test(text) || ISO_MONTH.test(text)) throw new Error(`ISO dates on the IKM screen: ${text.match(ISO_DAY) ?? text.match(ISO_MONTH)}`);
      // Every figure of a month within the screen, labelled, no sideways scroll.
      const cells = await months.locator('tbody tr').first().evaluate((row) =>
        [...row.children].map((c) => ({
          right: c.getBoundingClientRect().right,
          width: c.getBoundingClientRect().width,
          label: c.tagName === 'TD' ? getComputedStyle(c, '::before').content : '',
        })));
      if (cells.length !== 4 || cells.some((c) => c.width === 0 || c.right > PHONE_390.width)) {
        throw new Error(`a month's figures at 390 px: ${JSON.stringify(cells)}`);
      }
      for (const word of ['Responden', 'IKM', 'Mutu']) {
        if (!cells.some((c) => c.label.includes(word))) throw new Error(`no "${word}" label: ${JSON.stringify(cells)}`);
      }
      const scroll = await months.evaluate((t) => ({ scroll: t.parentElement.scrollWidth, client: t.parentElement.clientWidth }));
      if (scroll.scroll > scroll.client) throw new Error(`by month scrolls sideways: ${JSON.stringify(scroll)}`);
      await capture(page, 'ikm-by-month');
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await months.locator('tbody th').first().filter({ hasText: new RegExp(`^(${EN_MONTHS}) \\d{4}$`) }).waitFor();
      await page.getByTestId('ikm-period').filter({ hasText: dayRange(EN_MONTHS) }).waitFor();
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();

      // The dashboard: the ratings' period in words; beside the per-agency
      // figures, what they count (and with an agency chosen, for its own).
      await page.setViewportSize(DESKTOP);
      await page.goto(`${base}/petugas/dasbor`);
      const ratings = page.getByTestId('ratings-period');
      await ratings.waitFor();
      const lead = await ratings.textContent();
      if (ISO_DAY.test(lead) || !dayRange(ID_MONTHS).test(lead)) throw new Error(`ratings period: ${lead}`);
      const note = page.locator('section', { has: page.locator('#stats-agencies') }).getByTestId('by-agency-note');
      const noted = await note.textContent();
      if (!noted.includes('didisposisikan') || !noted.includes('masih diverifikasi')) throw new Error(`per-agency note: ${noted}`);
      await page.locator('#stats-agency').selectOption('DPU');
      await page.getByRole('button', { name: 'Terapkan' }).click();
      const agencyNote = await page.getByTestId('agency-note').textContent();
      if (!agencyNote.includes('Dinas Pekerjaan Umum') || !agencyNote.includes('didisposisikan')) throw new Error(`agency note: ${agencyNote}`);
      await ready(page);
      await capture(page, 'dashboard-agency-note');
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await note.filter({ hasText: 'disposed to it' }).waitFor();
      await ratings.filter({ hasText: dayRange(EN_MONTHS) }).waitFor();
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
      await page.getByRole('button', { name: 'Keluar' }).click();
      await page.locator('#username').waitFor();
    } finally {
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click({ timeout: 2000 }).catch(() => {});
      await page.close();
    }
  });

  await test('satisfaction: the head of a Dinas lists its units on the IKM screen and opens one, no other agency offered; a leader opens a unit from its parent and goes back', async () => {
    const admin = await officerSession('admin');
    const { today } = await (await fetch(`${base}/api/v1/surveys`)).json();
    // The demo's BLU UPTD Trans Semarang is a unit of Dinas Perhubungan:
    // a survey of it this year, with one respondent.
    const survey = await admin.call('POST', '/api/v1/surveys', { unit_code: 'BLU-TRANS', period: today.slice(0, 4) });
    if (survey.status !== 201) throw new Error(`survey: ${survey.status} ${JSON.stringify(survey.body)}`);
    const sent = await fetch(`${base}/api/v1/surveys/${survey.body.id}/responses`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ answers: [4, 4, 4, 4, 4, 4, 4, 4, 4], channel: 'web' }),
    });
    if (sent.status !== 201) throw new Error(`response: ${sent.status} ${await sent.text()}`);
    const { username, password } = await dishubHead(admin);

    const page = await newPage(DESKTOP);
    try {
      await openIkm(login, page, username, password);
      const units = page.getByTestId('ikm-sub-units');
      await units.getByRole('heading', { name: 'Unit di bawah Dinas Perhubungan' }).waitFor();
      // Its own agency and its unit, nothing else, no "all units".
      const offered = await page.locator('#ikm-unit option').evaluateAll((options) => options.map((o) => o.value));
      if (JSON.stringify(offered.sort()) !== JSON.stringify(['BLU-TRANS', 'DISHUB'])) throw new Error(`the head of DISHUB is offered: ${offered}`);
      await ready(page);
      await capture(page, 'ikm-head-units');
      await units.getByRole('button', { name: 'Buka IKM BLU UPTD Trans Semarang' }).click();
      await page.getByTestId('ikm-parent-unit').waitFor();
      if ((await page.locator('#ikm-unit').inputValue()) !== 'BLU-TRANS') throw new Error('the unit is not the one chosen');
      await page.getByTestId('ikm-value').filter({ hasText: /^\d{2,3},\d{2}$/ }).waitFor();
      const respondents = Number((await page.getByTestId('ikm-respondents').textContent()).replace(/\./g, ''));
      if (respondents < 1) throw new Error(`the unit's respondents: ${respondents}`);
      if ((await page.locator('main [role=alert]').count()) !== 0) throw new Error(`refused: ${await page.locator('main [role=alert]').first().textContent()}`);
      // The unit is in the address: a reload (a bookmark, a shared link)
      // opens it again.
      if (new URL(page.url()).searchParams.get('unit') !== 'BLU-TRANS') throw new Error(`the address: ${page.url()}`);
      await page.reload();
      await page.getByTestId('ikm-parent-unit').waitFor();
      if ((await page.locator('#ikm-unit').inputValue()) !== 'BLU-TRANS') throw new Error('a reload lost the unit');
      await page.getByTestId('ikm-value').filter({ hasText: /^\d{2,3},\d{2}$/ }).waitFor();
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByTestId('ikm-parent-unit').filter({ hasText: 'Back to the IKM of Dinas Perhubungan' }).waitFor();
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
      await page.getByTestId('ikm-parent-unit').click();
      await units.getByRole('button', { name: 'Buka IKM BLU UPTD Trans Semarang' }).waitFor();
      if ((await page.locator('#ikm-unit').inputValue()) !== 'DISHUB') throw new Error('not back at Dinas Perhubungan');
      // The browser's Back undoes that step.
      await page.goBack();
      await page.waitForFunction(() => document.querySelector('#ikm-unit')?.value === 'BLU-TRANS');
      // An address edited to another agency's unit: the API's refusal in
      // words, not a blank screen, and the way back to its own.
      // It names the unit, in the language the officer reads.
      await page.goto(`${base}/petugas/ikm?unit=DPU`);
      const refused = page.locator('main [role=alert]');
      await refused.getByText('Anda tidak berwenang melihat IKM unit Dinas Pekerjaan Umum', { exact: false }).waitFor();
      if (!(await refused.textContent()).includes('(DPU).')) throw new Error(`the refusal: ${await refused.textContent()}`);
      if ((await page.getByTestId('ikm-value').count()) !== 0) throw new Error("another agency's IKM is shown");
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await refused.getByText('You are not allowed to see the IKM of Dinas Pekerjaan Umum', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
      await refused.getByText('Anda tidak berwenang melihat IKM unit', { exact: false }).waitFor();
      await refused.getByRole('button', { name: 'Buka IKM Dinas Perhubungan' }).click();
      await page.getByTestId('ikm-value').waitFor();
      if ((await page.locator('#ikm-unit').inputValue()) !== 'DISHUB') throw new Error('not back at its own agency');
    } finally {
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click({ timeout: 2000 }).catch(() => {});
      await page.close();
    }

    const leader = await newPage(DESKTOP);
    try {
      await openIkm(login, leader, 'walikota');
      if ((await leader.getByTestId('ikm-sub-units').count()) !== 0) throw new Error('units listed for all units');
      await leader.locator('#ikm-unit').selectOption('DISHUB');
      await leader.getByTestId('ikm-sub-units').getByRole('button', { name: 'Buka IKM BLU UPTD Trans Semarang' }).click();
      await leader.getByTestId('ikm-parent-unit').waitFor();
      if ((await leader.locator('#ikm-unit').inputValue()) !== 'BLU-TRANS') throw new Error("the leader's unit is not the one opened");
    } finally {
      await leader.close();
    }
  });

  await test('satisfaction: the head of Dinas Perhubungan finds a case of its unit Trans Semarang in the queue, reads it without actions; the dashboard shows its agency with the unit by default, and one of them chosen stays in the address', async () => {
    const { username, password } = await dishubHead(await officerSession('admin'));
    const page = await newPage(DESKTOP);
    try {
      const code = await caseFor(page, [
        ['verifikator', { action: 'verify' }],
        ['verifikator', { action: 'dispose', agency_code: 'BLU-TRANS', override_reason: 'Halte bus Trans Semarang' }],
      ]);
      await login(page, username, password);
      await page.goto(`${base}/petugas?q=${code}`);
      const link = page.locator(`main a[href="/petugas/kasus/${code}"]`);
      await link.waitFor();
      // Listed, but not offered to the bulk actions: the unit acts on it.
      if ((await page.locator(`input[data-select="${code}"]`).count()) !== 0) throw new Error('a unit\'s case is offered to bulk actions');
      await link.click();
      const none = page.getByTestId('actions-none');
      await none.filter({ hasText: 'BLU UPTD Trans Semarang, unit di bawah instansi Anda' }).waitFor();
      if ((await page.locator('.action-buttons button').count()) !== 0) throw new Error('actions offered on a unit\'s case');
      await ready(page);
      await capture(page, 'head-unit-case');
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await none.filter({ hasText: 'a unit under your agency' }).waitFor();
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();

      // The dashboard: by default its agency with its unit (the ratings,
      // the alerts, the backlog forecast); one of them chosen stays in the
      // address.
      await page.goto(`${base}/petugas/dasbor`);
      const ratingsUnit = page.locator('#ratings-unit');
      await ratingsUnit.waitFor();
      const offered = await page.locator('#ratings-unit option').evaluateAll((options) => options.map((o) => o.value));
      if (JSON.stringify(offered.sort()) !== JSON.stringify(['', 'BLU-TRANS', 'DISHUB'])) throw new Error(`ratings of: ${offered}`);
      if ((await ratingsUnit.inputValue()) !== '') throw new Error(`ratings by default of: ${await ratingsUnit.inputValue()}`);
      const allLabel = await page.locator('#ratings-unit option[value=""]').textContent();
      if (allLabel !== 'Dinas Perhubungan dan unit di bawahnya') throw new Error(`the default ratings: ${allLabel}`);
      const alertAgencies = await page.locator('#alerts-agency option').evaluateAll((options) => options.map((o) => o.value));
      if (JSON.stringify(alertAgencies.sort()) !== JSON.stringify(['', 'BLU-TRANS', 'DISHUB'])) throw new Error(`alerts of: ${alertAgencies}`);
      const backlog = page.getByTestId('forecast-backlog');
      await backlog.locator('[data-forecast-agency]').first().waitFor();
      const rows = await backlog.locator('[data-forecast-agency]').evaluateAll((r) => r.map((e) => e.dataset.forecastAgency));
      if (rows.some((code) => code !== 'DISHUB' && code !== 'BLU-TRANS')) throw new Error(`backlog of: ${rows}`);
      const staffingOf = page.locator('#forecast-agency');
      if ((await staffingOf.inputValue()) !== 'DISHUB') throw new Error(`staffing of: ${await staffingOf.inputValue()}`);
      await ratingsUnit.selectOption('BLU-TRANS');
      await staffingOf.selectOption('BLU-TRANS');
      await page.waitForURL((url) => url.searchParams.get('ratings') === 'BLU-TRANS' && url.searchParams.get('forecast_agency') === 'BLU-TRANS');
      await page.reload();
      await ratingsUnit.waitFor();
      await page.waitForFunction(() => document.querySelector('#forecast-agency')?.value === 'BLU-TRANS');
      if ((await ratingsUnit.inputValue()) !== 'BLU-TRANS') throw new Error('a reload lost the ratings\' unit');
      await page.getByTestId('ratings-period').waitFor();
      if ((await page.locator('main [role=alert]').count()) !== 0) throw new Error(`refused: ${await page.locator('main [role=alert]').first().textContent()}`);
    } finally {
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click({ timeout: 2000 }).catch(() => {});
      await page.close();
    }
  });

  await test('satisfaction: the public transparency page publishes each unit\'s IKM, grade and respondents (PermenPAN-RB 14/2017), figures only', async () => {
    const ids = await surveys();
    for (const answers of [[4, 4, 4, 4, 4, 4, 4, 4, 4], [3, 3, 3, 3, 3, 3, 3, 3, 3]]) {
      const sent = await fetch(`${base}/api/v1/surveys/${ids.dukcapil}/responses`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ answers, channel: 'web', saran: 'Antrean panjang, hubungi Budi 081234567890' }),
      });
      if (sent.status !== 201) throw new Error(`response: ${sent.status} ${await sent.text()}`);
    }
    const page = await newPage(DESKTOP);
    try {
      await page.goto(`${base}/transparansi`);
      const panel = page.getByTestId('public-ikm');
      const row = panel.locator('tr[data-unit="DISDUKCAPIL"]');
      await row.waitFor();
      await ready(page);
      const cells = await row.locator('td').allTextContents();
      // Two respondents of this test at least; an IKM written the Indonesian way.
      if (!/^\d{2},\d{2}$/.test(cells[0])) throw new Error(`IKM: ${cells[0]}`);
      if (!/^[ABCD] \(/.test(cells[1])) throw new Error(`grade: ${cells[1]}`);
      if (Number(cells[2].replace(/\./g, '')) < 2) throw new Error(`respondents: ${cells[2]}`);
      const overall = await panel.getByTestId('public-ikm-overall').textContent();
      if (!/IKM seluruh unit: \d{2},\d{2}, mutu [ABCD]/.test(overall)) throw new Error(`overall: ${overall}`);
      const text = await panel.innerText();
      if (/Budi|0812|Antrean/.test(text)) throw new Error(`a suggestion on the public page: ${text}`);
      await capture(page, 'public-ikm');
    } finally {
      await page.close();
    }
  });
}
