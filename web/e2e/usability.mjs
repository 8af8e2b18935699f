// Findings of an exploratory test on a 360×740 phone and a laptop, in
// Bahasa Indonesia and English: the report form's map as one Tab stop, the
// kelurahan list offline, fields tied to their hints and errors, the
// officer's queue and header on a phone, service answers on a phone, a
// mistyped tracking code, the home search kept on Back, and the deadlines a
// calendar change moves. Called by run.mjs with its helpers. Each test also
// fails on any console error of its pages (the browser's own "Failed to load
// resource" line is allowed only where the test makes a request fail; an
// officer's page is watched from sign-in on, since the console's first
// question, GET /api/v1/session, is answered 401 before it).

const TALL_PHONE = { width: 360, height: 740 };

// Console errors of `page`, for the test to check at its end.
function watchConsole(page, { networkFailures = false } = {}) {
  const errors = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (networkFailures && /^Failed to load resource/.test(m.text())) return;
    errors.push(m.text());
  });
  return () => {
    if (errors.length > 0) throw new Error(`console errors: ${errors.join(' | ')}`);
  };
}

// What has the keyboard focus, in words.
const focused = (page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    if (!e) return '';
    return `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.classList.contains('leaflet-container') ? '.map' : ''}`;
  });

// The left and right edges of the page's elements beyond the viewport.
const pageWidth = (page) => page.evaluate(() => document.documentElement.scrollWidth);

export async function run({ test, newPage, login, ready, emptyReportForm, capture, officerSession, submitByApi, base, DESKTOP, PHONE }) {
  await test('map: the report form\'s map is one Tab stop; its kelurahan shapes are not focusable, their names still show on hover', async () => {
    const page = await newPage(PHONE);
    const clean = watchConsole(page);
    await emptyReportForm(page);
    const shapes = page.locator('.map path.leaflet-interactive');
    await shapes.first().waitFor();
    // From the map, Tab goes on to the form (the lists are the keyboard's
    // way to a place), never into the shapes.
    const walk = async () => {
      await page.locator('.map .leaflet-container, .map.leaflet-container').first().focus();
      const stops = [await focused(page)];
      for (let i = 0; i < 8 && !stops.at(-1).startsWith('select#district'); i++) {
        await page.keyboard.press('Tab');
        stops.push(await focused(page));
      }
      return stops;
    };
    const before = await shapes.count();
    if (before < 100) throw new Error(`only ${before} kelurahan drawn`);
    let stops = await walk();
    if (stops[0] !== 'div.map' || stops.at(-1) !== 'select#district' || stops.some((s) => s.startsWith('path'))) {
      throw new Error(`Tab from the map: ${stops.join(' → ')}`);
    }
    // The same once a kecamatan is chosen (its kelurahan drawn highlighted).
    await page.locator('#district').selectOption({ index: 1 });
    await page.locator('#village').selectOption({ index: 1 });
    stops = await walk();
    if (stops.at(-1) !== 'select#district' || stops.some((s) => s.startsWith('path'))) {
      throw new Error(`Tab from the map after choosing a place: ${stops.join(' → ')}`);
    }
    // The shapes themselves take no focus, not even programmatically.
    const focusable = await shapes.evaluateAll((paths) =>
      paths.filter((p) => {
        p.focus();
        return document.activeElement === p;
      }).length);
    if (focusable !== 0) throw new Error(`${focusable} of ${await shapes.count()} shapes take the focus`);
    // The mouse still names the kelurahan under the pointer.
    const box = await page.locator('.map').boundingBox();
    for (const [fx, fy] of [[0.5, 0.5], [0.45, 0.55], [0.55, 0.45], [0.4, 0.4]]) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
      if (await page.locator('.leaflet-tooltip').isVisible()) break;
    }
    const name = (await page.locator('.leaflet-tooltip').textContent()).trim();
    if (!name) throw new Error('no kelurahan named under the pointer');
    await page.evaluate(() => localStorage.removeItem('sigap.draft'));
    await page.close();
    clean();
  });

  await test('offline: the kelurahan list that cannot load says so, retries when back online and on the button', async () => {
    const page = await newPage(PHONE);
    const clean = watchConsole(page, { networkFailures: true });
    const context = page.context();
    try {
      await page.goto(`${base}/lapor`);
      await ready(page);
      await page.waitForFunction(() => document.querySelector('#district')?.options.length > 2);
      await context.setOffline(true);
      await page.locator('#district').selectOption({ index: 1 });
      const failed = page.getByTestId('villages-failed');
      await failed.waitFor();
      const said = await failed.textContent();
      if (!/Daftar kelurahan .*tidak dapat dimuat/.test(said) || !/tidak tersambung/.test(said)) throw new Error(`offline: ${said}`);
      if ((await failed.getAttribute('role')) !== 'alert') throw new Error('the failure is not announced');
      if ((await page.locator('#village option').count()) !== 1) throw new Error('kelurahan listed offline?');
      await capture(page, 'submit-villages-offline');
      // Back online: the list loads by itself.
      await context.setOffline(false);
      await page.waitForFunction(() => document.querySelector('#village')?.options.length > 1);
      await failed.waitFor({ state: 'detached' });
      // A failure while online: "Coba lagi" loads it.
      let refused = false;
      await page.route((url) => url.pathname === '/api/v1/regions' && url.searchParams.has('parent'), (route) => {
        if (refused) return route.continue();
        refused = true;
        return route.abort('connectionreset');
      });
      await page.locator('#district').selectOption({ index: 2 });
      await failed.getByText('Tidak ada sambungan ke server').waitFor();
      await failed.getByRole('button', { name: 'Coba lagi' }).click();
      await page.waitForFunction(() => document.querySelector('#village')?.options.length > 1);
      await failed.waitFor({ state: 'detached' });
      // In English too (chosen while online: its words are fetched on first use).
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).waitFor();
      await context.setOffline(true);
      await page.locator('#district').selectOption({ index: 3 });
      await failed.getByText('could not be loaded').waitFor();
      await failed.getByText('not connected to the internet').waitFor();
      await context.setOffline(false);
      await page.waitForFunction(() => document.querySelector('#village')?.options.length > 1);
    } finally {
      await context.setOffline(false);
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click({ timeout: 3000 }).catch(() => {});
      await page.evaluate(() => localStorage.removeItem('sigap.draft')).catch(() => {});
      await page.close();
    }
    clean();
  });

  await test('fields: hints and errors are tied to their inputs; the error summary is announced once', async () => {
    const page = await newPage(PHONE);
    const clean = watchConsole(page);
    await emptyReportForm(page);
    // A hint alone.
    if ((await page.locator('#address').getAttribute('aria-describedby')) !== 'address-hint') {
      throw new Error(`#address described by ${await page.locator('#address').getAttribute('aria-describedby')}`);
    }
    await page.locator('#phone').fill('12');
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    await page.locator('#title-error').waitFor();
    // Each field is described by its hint and its error, as a screen reader reads it.
    const described = (id) =>
      page.locator(`#${id}`).evaluate((input) => ({
        invalid: input.getAttribute('aria-invalid'),
        text: (input.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .map((ref) => document.getElementById(ref)?.textContent ?? `(no #${ref})`)
          .join(' / '),
      }));
    const title = await described('title');
    if (title.invalid !== 'true' || !/wajib diisi/.test(title.text)) throw new Error(`#title: ${JSON.stringify(title)}`);
    const description = await described('description');
    if (description.invalid !== 'true' || !/wajib diisi/.test(description.text) || !description.text.includes(' / ')) {
      throw new Error(`#description (hint and error): ${JSON.stringify(description)}`);
    }
    const phone = await described('phone');
    if (phone.invalid !== 'true' || !phone.text.trim()) throw new Error(`#phone: ${JSON.stringify(phone)}`);
    // One announcement: the summary is an alert, in no live region.
    const live = await page.locator('.notice-error', { hasText: 'Periksa' }).first().evaluate((summary) => {
      const roles = [];
      for (let e = summary; e; e = e.parentElement) {
        if (e.getAttribute('role') === 'alert' || e.getAttribute('role') === 'status' || e.hasAttribute('aria-live')) {
          roles.push(e.getAttribute('role') ?? `aria-live=${e.getAttribute('aria-live')}`);
        }
      }
      return roles;
    });
    if (live.join() !== 'alert') throw new Error(`the summary is announced by: ${live.join(', ')}`);
    await page.evaluate(() => localStorage.removeItem('sigap.draft'));
    await page.close();
    clean();
  });

  await test('service answers: on a phone the officer reads a long question with its answer beneath, at full width', async () => {
    const receipt = await submitByApi({
      kind: 'complaint',
      service_code: 'PDAM-GANGGUAN',
      title: `Air PDAM mati ${Date.now().toString(36)}`,
      description: 'Air tidak mengalir sejak kemarin pagi.',
      attributes: { KELOMPOK_RENTAN: 'ya' },
    });
    const page = await newPage(DESKTOP);
    await page.setViewportSize(TALL_PHONE);
    await login(page, 'verifikator');
    const clean = watchConsole(page);
    await page.goto(`${base}/petugas/kasus/${receipt.tracking_code}`);
    await ready(page);
    const answers = page.getByTestId('case-answers');
    await answers.locator('dd[data-answer="KELOMPOK_RENTAN"]').waitFor({ state: 'attached' });
    await page.waitForFunction(() => /kelompok rentan/.test(document.querySelector('[data-testid=case-answers] dt')?.textContent ?? ''));
    const layout = await answers.locator('dl').evaluate((dl) => {
      const dt = dl.querySelector('dt').getBoundingClientRect();
      const dd = dl.querySelector('dd').getBoundingClientRect();
      return { list: dl.getBoundingClientRect().width, dt: { w: dt.width, bottom: dt.bottom }, dd: { w: dd.width, top: dd.top, h: dd.height } };
    });
    // "Ya" on one line under its question, as wide as the card.
    if (layout.dd.top < layout.dt.bottom - 1 || layout.dd.w < layout.list * 0.9 || layout.dd.h > 40) {
      throw new Error(`answers at 360 px: ${JSON.stringify(layout)}`);
    }
    if ((await pageWidth(page)) > TALL_PHONE.width) throw new Error(`the case page is ${await pageWidth(page)} px wide`);
    await page.close();
    clean();
  });

  await test('queue on a phone: filters fold with their count, cases are cards with status and deadline, nothing wider than the screen', async () => {
    const page = await newPage(DESKTOP);
    await login(page, 'verifikator');
    const clean = watchConsole(page);
    // On a laptop the filters are open.
    if (!(await page.getByTestId('queue-filters').evaluate((d) => d.open))) throw new Error('filters folded on a laptop');
    await page.setViewportSize(TALL_PHONE);
    await page.goto(`${base}/petugas`);
    await page.getByRole('heading', { name: 'Antrean laporan' }).waitFor();
    const rows = page.locator('table.queue tbody tr');
    await rows.first().waitFor();
    await ready(page);
    const filters = page.getByTestId('queue-filters');
    if (await filters.evaluate((d) => d.open)) throw new Error('the filters are open on a phone');
    // The first case is on the first screen, its status and deadline badge in view.
    const first = await rows.first().evaluate((row) => {
      const box = (sel) => {
        const e = row.querySelector(sel);
        if (!e) return null;
        const r = e.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, visible: r.width > 0 && r.height > 0 };
      };
      return { row: box(':scope > td'), title: box('td[data-cell=title] a'), status: box('.badge[class*=status-]'), deadline: box('.badge[class*=deadline-]') };
    });
    for (const [what, b] of Object.entries(first)) {
      if (what === 'deadline' && b === null) continue;
      if (!b || !b.visible || b.left < 0 || b.right > TALL_PHONE.width || b.top > TALL_PHONE.height) {
        throw new Error(`first case's ${what} not on the first screen: ${JSON.stringify(first)}`);
      }
    }
    const scroll = await page.locator('.table-scroll').evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    if (scroll.scroll > scroll.client) throw new Error(`the list scrolls sideways: ${JSON.stringify(scroll)}`);
    if ((await pageWidth(page)) > TALL_PHONE.width) throw new Error(`the queue is ${await pageWidth(page)} px wide`);
    // Cells beyond title and status are labelled.
    const agency = await rows.first().locator('td[data-cell=service]').evaluate((td) => getComputedStyle(td, '::before').content);
    if (!agency.includes('Layanan')) throw new Error(`service cell label: ${agency}`);
    await capture(page, 'officer-queue-phone');
    await page.setViewportSize(TALL_PHONE);
    // Two filters applied: the folded summary says so, and folds again.
    await filters.locator('summary').click();
    await page.locator('#f-status').selectOption('received');
    await page.locator('#f-kind').selectOption('complaint');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.waitForURL(/status=received/);
    await page.getByTestId('active-filters').filter({ hasText: '2 aktif' }).waitFor();
    if (await filters.evaluate((d) => d.open)) throw new Error('the filters stay open after applying on a phone');
    // Selecting every case is still at hand.
    await page.getByText('Pilih semua').first().waitFor();
    if ((await pageWidth(page)) > TALL_PHONE.width) throw new Error(`the filtered queue is ${await pageWidth(page)} px wide`);
    await page.close();
    clean();
  });

  await test('header on a phone: an administrator sees the sign-out button in Indonesian and English', async () => {
    const page = await newPage(DESKTOP);
    await login(page, 'admin');
    const clean = watchConsole(page);
    await page.setViewportSize(TALL_PHONE);
    try {
      for (const [path, lang, name] of [
        ['/petugas/akun', 'id', 'Keluar'],
        ['/petugas', 'id', 'Keluar'],
        ['/petugas/akun', 'en', 'Sign out'],
        ['/petugas/admin/pengguna', 'en', 'Sign out'],
      ]) {
        await page.goto(`${base}${path}`);
        if (lang === 'en' && (await page.getAttribute('html', 'lang')) !== 'en') {
          await page.getByRole('button', { name: 'Switch to English' }).click();
        }
        const button = page.getByRole('button', { name, exact: true });
        await button.waitFor();
        await ready(page);
        const seen = await button.evaluate((b) => {
          const r = b.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return { right: r.right, hit: hit === b || b.contains(hit) };
        });
        if (seen.right > TALL_PHONE.width || !seen.hit) throw new Error(`"${name}" on ${path}: ${JSON.stringify(seen)}`);
        if ((await pageWidth(page)) > TALL_PHONE.width) throw new Error(`${path} (${lang}) is ${await pageWidth(page)} px wide`);
      }
    } finally {
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click({ timeout: 3000 }).catch(() => {});
    }
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();
    await page.close();
    clean();
  });

  await test('tracking: a mistyped code (a character changed, two neighbours swapped) is said to be a typo', async () => {
    const receipt = await submitByApi({ kind: 'complaint', title: 'Kode salah ketik', description: 'Uji kode pelacakan salah ketik.' });
    const code = receipt.tracking_code;
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const changed = code.slice(0, 3) + alphabet[(alphabet.indexOf(code[3]) + 7) % 32] + code.slice(4);
    let i = 0;
    while (code[i] === code[i + 1]) i += 1;
    const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
    const page = await newPage(PHONE);
    const clean = watchConsole(page, { networkFailures: true });
    for (const wrong of [changed, swapped]) {
      await page.goto(`${base}/lacak/${wrong}`);
      const notice = page.getByTestId('track-mistyped');
      await notice.waitFor();
      if (!/salah ketik/.test(await notice.textContent())) throw new Error(`${wrong}: ${await notice.textContent()}`);
      if ((await page.getByTestId('track-not-found').count()) !== 0) throw new Error('also "no report"');
      // The code is offered to correct.
      if ((await page.locator('#track-code').inputValue()).replace(/\s/g, '') !== wrong) throw new Error('the code is not offered');
    }
    await ready(page);
    await capture(page, 'track-mistyped');
    await page.locator('#track-code').fill(code);
    await page.getByRole('button', { name: 'Lacak' }).click();
    await page.getByRole('heading', { name: 'Kode salah ketik' }).waitFor();
    // In English.
    await page.goto(`${base}/lacak/${changed}`);
    await page.getByTestId('track-mistyped').waitFor();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByTestId('track-mistyped').getByText('typo').waitFor();
    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
    await page.getByTestId('track-mistyped').getByText('salah ketik').waitFor();
    await page.close();
    clean();
  });

  await test('language offline: English is fetched ahead, so it can be chosen without a connection; when it cannot be, the citizen is told', async () => {
    const page = await newPage(PHONE);
    const context = page.context();
    try {
      await page.goto(`${base}/lapor`);
      await ready(page);
      // The English texts arrive while the page is idle.
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(500);
      await context.setOffline(true);
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).waitFor();
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
      await page.getByRole('button', { name: 'Switch to English' }).waitFor();
    } finally {
      await context.setOffline(false);
      await page.close();
    }
    // A page whose English texts could not be fetched says why the switch
    // did nothing.
    const blocked = await newPage(PHONE);
    await blocked.route(/\/assets\/en[-.].*\.js$/, (route) => route.abort('internetdisconnected'));
    await blocked.goto(`${base}/lapor`);
    await ready(blocked);
    await blocked.getByRole('button', { name: 'Switch to English' }).click();
    await blocked.getByRole('alert').filter({ hasText: 'bahasa Inggris belum dapat dimuat' }).waitFor();
    await blocked.close();
  });

  await test('home: the service search is kept when Back returns from a service', async () => {
    const page = await newPage(PHONE);
    const clean = watchConsole(page);
    await page.goto(base);
    await ready(page);
    await page.locator('#service-search').fill('sampah');
    const first = page.locator('[data-testid=search-results] a').first();
    await first.waitFor();
    const name = (await first.textContent()).trim();
    await first.click();
    await page.getByRole('heading', { name: 'Standar Pelayanan' }).waitFor();
    await page.goBack();
    await page.locator('#service-search').waitFor();
    if ((await page.locator('#service-search').inputValue()) !== 'sampah') {
      throw new Error(`after Back the search holds "${await page.locator('#service-search').inputValue()}"`);
    }
    await page.getByRole('link', { name, exact: true }).waitFor();
    // A reload keeps it too; clearing it clears the address.
    await page.reload();
    await page.getByRole('link', { name, exact: true }).waitFor();
    await page.locator('#service-search').fill('');
    if (new URL(page.url()).search !== '') throw new Error(`address after clearing: ${page.url()}`);
    await page.close();
    clean();
  });

  await test('home: in English the catalogue answers the English words its placeholder suggests', async () => {
    const page = await newPage(PHONE);
    const clean = watchConsole(page);
    await page.goto(base);
    await ready(page);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    const search = page.locator('#service-search');
    const found = async (query) => {
      await search.fill(query);
      return (await page.locator('[data-testid=search-results] a').allTextContents()).map((t) => t.trim());
    };
    // The demo catalogue is written in Bahasa Indonesia.
    for (const [query, service] of [
      ['ID card', 'Penerbitan KTP-el'],
      ['damaged road', 'Pengaduan Jalan dan Jembatan Rusak'],
      ['rubbish', 'Pengaduan Sampah dan Kebersihan'],
      ['street light', 'Penerangan Jalan Umum (PJU)'],
      ['flood', 'Pengaduan Saluran Drainase, Genangan dan Banjir'],
    ]) {
      const names = await found(query);
      if (!names.includes(service)) throw new Error(`"${query}" found ${JSON.stringify(names)}, not ${service}`);
    }
    // Indonesian words still work, and nonsense finds nothing.
    if (!(await found('ktp')).includes('Penerbitan KTP-el')) throw new Error('ktp not found');
    if ((await found('zzzqqq')).length !== 0) throw new Error('nonsense found services');
    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
    await page.close();
    clean();
  });

  await test('calendar: adding or cancelling a day off tells the administrator how many running deadlines moved', async () => {
    // The next weekday that is a working day: running cases' deadlines span it.
    const jakarta = (d) => new Date(d.toLocaleString('en-US', { timeZone: 'Asia/Jakarta' }));
    const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const day = jakarta(new Date());
    const off = new Set();
    for (const y of [day.getFullYear(), day.getFullYear() + 1]) {
      const cal = await (await fetch(`${base}/api/v1/calendar?year=${y}`)).json();
      for (const d of cal.items ?? []) if (d.source !== 'cancelled') off.add(d.date);
    }
    do day.setDate(day.getDate() + 1);
    while ([0, 6].includes(day.getDay()) || off.has(iso(day)));
    const date = iso(day);
    const running = await officerSession('verifikator');
    const open = (await running.call('GET', '/api/v1/cases?status=received&limit=5')).body.items;
    if (open.length === 0) throw new Error('no running case to move');

    const page = await newPage(DESKTOP);
    await login(page, 'admin');
    const clean = watchConsole(page);
    await page.goto(`${base}/petugas/admin/kalender`);
    await page.getByRole('heading', { name: 'Kalender hari kerja' }).waitFor();
    const posted = () => page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/calendar/days'));
    await page.locator('#day-date').fill(date);
    await page.locator('#day-name').fill('Libur e2e tenggat');
    const [added] = await Promise.all([posted(), page.getByRole('button', { name: 'Tambahkan' }).click()]);
    const moved = (await added.json()).deadlines_moved;
    if (!(moved > 0)) throw new Error(`a day off tomorrow moved ${moved} deadlines`);
    await page.locator('.notice-info[role=status]', { hasText: `${moved} tenggat laporan yang sedang berjalan bergeser` }).waitFor();
    await capture(page, 'admin-calendar-moved');
    // Removed again, the same deadlines move back, and the notice says so.
    const year = page.locator('.year-switch strong');
    for (let i = 0; i < 3 && Number(await year.textContent()) !== day.getFullYear(); i++) {
      await page.getByRole('button', { name: 'Tahun berikutnya' }).click();
      await page.waitForFunction((y) => document.querySelector('.year-switch strong')?.textContent === String(y), day.getFullYear());
    }
    const row = page.locator(`tr[data-date="${date}"]`);
    const deleted = () => page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().endsWith(`/api/v1/calendar/days/${date}`));
    const [removed] = await Promise.all([deleted(), row.getByRole('button', { name: 'Hapus' }).click()]);
    if ((await removed.json()).deadlines_moved !== moved) throw new Error('removing the day did not move the same deadlines back');
    await page.locator('.notice-info[role=status]', { hasText: `${moved} tenggat laporan yang sedang berjalan bergeser` }).waitFor();
    await row.waitFor({ state: 'detached' });
    // A day far in the past moves none: said so, in English too.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.locator('#day-date').fill('2020-06-05');
    await page.locator('#day-name').fill('Past day (e2e)');
    const [past] = await Promise.all([posted(), page.getByRole('button', { name: 'Add' }).click()]);
    if ((await past.json()).deadlines_moved !== 0) throw new Error('a day in 2020 moved deadlines');
    await page.locator('.notice-info[role=status]', { hasText: 'No running case deadline was affected.' }).waitFor();
    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
    const admin = await officerSession('admin');
    await admin.call('DELETE', '/api/v1/calendar/days/2020-06-05');
    await page.close();
    clean();
  });
}
