// A deadline that waits for its year's holiday calendar (SKB 3 Menteri) in
// the browser: the officer's case page and the citizen's tracking page say
// so, the timeline names the deadline counted later, and the queue filters
// on the state. The server puts a case in that state only when a year file
// is missing, which this run's calendar never lacks (tests/integration's
// deadline_calendar_test drives the server through it), so the case's
// answers are amended here on their way to the page, as the server writes
// them then. Then an administrator installs next year's calendar from a
// file. Called by run.mjs with its helpers.
export async function run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP, PHONE }) {
  await test('deadlines: a case waiting for its year\'s calendar says so to the officer and the citizen; the queue filters on it', async () => {
    const marker = `tenggat${Date.now().toString(36)}`;
    const receipt = await submitByApi({
      kind: 'complaint',
      service_code: 'PU-DRAINASE',
      title: `Saluran tersumbat ${marker}`,
      description: `Saluran depan pasar tersumbat sampah sejak seminggu. ${marker}`,
    });
    const code = receipt.tracking_code;
    const due = '2027-01-06T16:59:59.999Z';
    // What the server answers while the deadline waits, then once counted.
    const waiting = (body) => {
      body.deadline = { ...body.deadline, due_at: null, state: 'awaiting_calendar' };
      return body;
    };
    const counted = (body) => {
      body.events?.push({
        id: 999999,
        kind: 'deadline_counted',
        actor: 'system',
        at: new Date().toISOString(),
        public: false,
        payload: { stage: 'verification', days: 3, due_at: due },
      });
      return body;
    };
    const amend = async (page, change) => {
      await page.route(
        (url) => url.pathname === `/api/v1/cases/${code}` || url.pathname === `/api/v1/cases/${code}/timeline`,
        async (route) => {
          const response = await route.fetch({ headers: { ...route.request().headers(), 'if-none-match': '' } });
          const body = await response.json();
          await route.fulfill({ response, json: change(body) });
        },
      );
    };

    const officer = await newPage(DESKTOP);
    await amend(officer, waiting);
    await login(officer, 'verifikator');
    await officer.goto(`${base}/petugas/kasus/${code}`);
    await officer.locator('.case-meta .badge.deadline-awaiting_calendar', { hasText: 'Menunggu kalender' }).waitFor();
    const help = await officer.getByTestId('deadline-awaiting').textContent();
    if (!help.includes('SKB 3 Menteri')) throw new Error(`help: ${help}`);
    await ready(officer);
    await capture(officer, 'case-awaiting-calendar');

    const citizen = await newPage(PHONE);
    await amend(citizen, waiting);
    await citizen.goto(`${base}/lacak/${code}`);
    await citizen.locator('.badge.deadline-awaiting_calendar', { hasText: 'Menunggu kalender' }).waitFor();
    await citizen.getByText('Tenggat dihitung setelah kalender hari libur nasional').waitFor();
    await citizen.close();

    // Counted: the officer's timeline names it with its date.
    await officer.unroute(() => true);
    await amend(officer, counted);
    await officer.reload();
    await officer.locator('.event-deadline_counted', { hasText: 'Tenggat dihitung: ' }).waitFor();

    // The queue's deadline filter asks the server for the state.
    await officer.unroute(() => true);
    await officer.goto(`${base}/petugas`);
    await officer.locator('#f-deadline').selectOption('awaiting_calendar');
    const [listing] = await Promise.all([
      officer.waitForResponse((r) => r.url().includes('/api/v1/cases?') && r.url().includes('deadline=awaiting_calendar')),
      officer.getByRole('button', { name: 'Terapkan' }).click(),
    ]);
    if (listing.status() !== 200) throw new Error(`listing: ${listing.status()}`);
    const session = await officerSession('verifikator');
    const api = await session.call('GET', '/api/v1/cases?deadline=awaiting_calendar');
    if (api.status !== 200 || api.body.items.some((c) => c.deadline.state !== 'awaiting_calendar')) {
      throw new Error(`API: ${api.status} ${JSON.stringify(api.body).slice(0, 300)}`);
    }
    await officer.close();
  });

  await test('admin: installs next year\'s calendar from a file on the Kalender screen; a wrong file is named', async () => {
    let year = new Date().getFullYear();
    for (;;) {
      const answer = await (await fetch(`${base}/api/v1/calendar?year=${year}`)).json();
      if (!answer.covered) break;
      year += 1;
    }
    const page = await newPage(DESKTOP);
    await login(page, 'admin');
    await page.goto(`${base}/petugas/admin/kalender`);
    const shown = page.locator('.year-switch strong');
    for (let i = 0; i < 20 && Number(await shown.textContent()) !== year; i++) {
      const before = await shown.textContent();
      await page.getByRole('button', { name: Number(before) > year ? 'Tahun sebelumnya' : 'Tahun berikutnya' }).click();
      await page.waitForFunction((b) => document.querySelector('.year-switch strong')?.textContent !== b, before);
    }
    await page.getByText(`Belum ada SKB untuk tahun ${year}`).waitFor();
    const form = page.getByTestId('install-year');
    await form.getByRole('heading', { name: `Pasang kalender ${year}` }).waitFor();
    await ready(page);
    await capture(page, 'admin-calendar-install');

    const file = (days) => ({
      name: `${year}.json`,
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ year, decree: `SKB 3 Menteri Tahun ${year} (e2e)`, days })),
    });
    await page.setInputFiles('#year-file', file([{ date: `${year}-02-30`, name: 'Salah', type: 'libur_nasional' }]));
    await form.getByRole('button', { name: 'Pasang kalender' }).click();
    await form.locator('.field-problems li', { hasText: 'days[0].date' }).waitFor();

    await page.setInputFiles('#year-file', file([
      { date: `${year}-01-01`, name: `Tahun Baru ${year} Masehi`, type: 'libur_nasional' },
      { date: `${year}-08-17`, name: 'Proklamasi Kemerdekaan', type: 'libur_nasional' },
    ]));
    await form.getByRole('button', { name: 'Pasang kalender' }).click();
    await page.getByText(`Kalender ${year} dipasang: 2 hari libur.`).waitFor();
    await page.locator(`tr[data-date="${year}-08-17"]`, { hasText: 'Proklamasi Kemerdekaan' }).waitFor();
    await page.getByTestId('year-decree').getByText(`SKB 3 Menteri Tahun ${year} (e2e)`).waitFor();
    await page.getByTestId('install-year').getByRole('heading', { name: `Ganti kalender ${year}` }).waitFor();
    const answer = await (await fetch(`${base}/api/v1/calendar?year=${year}`)).json();
    if (!answer.covered || !answer.installed || answer.items.length !== 2) {
      throw new Error(`API after installing: ${JSON.stringify(answer)}`);
    }
    await page.close();
  });
}
