// Findings of an exploratory tester on a citizen's phone: a report changed
// after a try whose answer never came was filed twice (the first copy
// without anyone holding its secret); the tracking page did not list the
// reports this phone filed; the reporter secret stood as one unbroken
// string of 26 characters; the first Tab of a visit skipped the skip link
// and the header. Called by run.mjs with its helpers.

// Fills the empty report form with a complaint in the first kelurahan and sends it.
async function sendComplaint(page, title, description) {
  await page.locator('#kind-complaint').check();
  await page.locator('#title').fill(title);
  await page.locator('#description').fill(description);
  await page.locator('#district').selectOption({ index: 1 });
  await page.locator('#village').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Kirim laporan' }).click();
}

export async function run({ test, newPage, ready, emptyReportForm, capture, officerSession, base, PHONE }) {
  const unique = Date.now().toString(36);

  await test('citizen findings: a report changed after a lost answer is filed once, as first sent, and says so', async () => {
    const page = await newPage(PHONE);
    try {
      const keys = [];
      let filed = 0;
      let editing = false;
      await page.route('**/api/v1/cases', async (route) => {
        const request = route.request();
        if (request.method() !== 'POST') return route.continue();
        keys.push(request.headers()['idempotency-key']);
        if (filed === 0) {
          // The server files the first version; its answer never arrives.
          filed++;
          await route.fetch();
          return route.abort('connectionreset');
        }
        // Until the citizen has taken it back, the automatic retries are lost too.
        if (!editing) return route.abort('connectionreset');
        return route.fulfill({ response: await route.fetch() });
      });
      await emptyReportForm(page);
      const title = `Pohon tumbang ${unique}`;
      await sendComplaint(page, title, 'Pohon tumbang menutup separuh jalan sejak pagi.');
      await page.getByText('Laporan belum terkirim').waitFor();
      editing = true;
      await page.getByRole('button', { name: 'Ubah laporan' }).click();
      await page.locator('#title').fill(`${title} (diubah)`);
      await page.getByRole('button', { name: 'Kirim laporan' }).click();
      await page.getByRole('heading', { name: 'Laporan terkirim' }).waitFor();
      await page.getByTestId('first-version').waitFor();
      await capture(page, 'citizen-first-version');

      if (new Set(keys).size !== 1) throw new Error(`keys: ${keys}`);
      const code = (await page.getByTestId('tracking-code').textContent()).replace(/\s/g, '');
      const secret = (await page.getByTestId('reporter-secret').textContent()).replace(/\s/g, '');
      const verifier = await officerSession('verifikator');
      const list = await verifier.call('GET', `/api/v1/cases?limit=50&q=${encodeURIComponent(unique)}`);
      const filedHere = list.body.items.filter((c) => c.title.startsWith(title));
      if (filedHere.length !== 1) throw new Error(`${filedHere.length} cases: ${filedHere.map((c) => c.title)}`);
      if (filedHere[0].tracking_code !== code || filedHere[0].title !== title) {
        throw new Error(`filed ${filedHere[0].tracking_code} "${filedHere[0].title}", receipt ${code}`);
      }
      // The receipt's secret opens the report as its reporter.
      const own = await fetch(`${base}/api/v1/cases/${code}/timeline`, { headers: { 'X-Reporter-Secret': secret } });
      const timeline = await own.json();
      if (own.status !== 200 || !Array.isArray(timeline.allowed_actions)) {
        throw new Error(`the secret does not open the report: ${own.status}`);
      }
    } finally {
      await page.close();
    }
  });

  await test('citizen findings: the tracking page lists the reports this phone filed; the secret reads in groups of five', async () => {
    const page = await newPage(PHONE);
    try {
      await emptyReportForm(page);
      const title = `Sampah menumpuk ${unique}`;
      await sendComplaint(page, title, 'Sampah menumpuk di depan pasar sejak tiga hari.');
      await page.getByRole('heading', { name: 'Laporan terkirim' }).waitFor();
      const shown = (await page.getByTestId('reporter-secret').textContent()).trim();
      if (!/^([0-9A-Z]{5} ){5}[0-9A-Z]$/.test(shown)) throw new Error(`the secret reads "${shown}"`);
      const code = (await page.getByTestId('tracking-code').textContent()).replace(/\s/g, '');

      await page.getByRole('link', { name: 'Lacak', exact: true }).first().click();
      await page.getByRole('heading', { name: /Lacak laporan/ }).waitFor();
      const mine = page.getByTestId('device-cases');
      await mine.waitFor();
      await mine.getByRole('link', { name: new RegExp(title) }).click();
      await page.waitForURL(new RegExp(`/lacak/${code}$`));
      await capture(page, 'citizen-track-device-cases');
    } finally {
      await page.close();
    }
  });

  await test('citizen findings: the first Tab of a visit reaches the skip link, not the page beneath the header', async () => {
    const page = await newPage(PHONE);
    try {
      await page.goto(`${base}/`);
      await ready(page);
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => ({
        cls: document.activeElement?.className ?? '',
        text: document.activeElement?.textContent?.trim() ?? '',
      }));
      if (!/skip-link/.test(first.cls)) throw new Error(`the first Tab went to "${first.text}" (${first.cls})`);
      // Moving within the app still brings the focus to the new page's title.
      await page.getByRole('link', { name: 'Lacak', exact: true }).first().click();
      await page.getByRole('heading', { name: /Lacak laporan/ }).waitFor();
      const focused = await page.evaluate(() => document.activeElement?.tagName);
      if (focused !== 'H1') throw new Error(`after a move the focus is on ${focused}`);
    } finally {
      await page.close();
    }
  });
}
