// Findings of an exploratory test where a screen said something untrue: a
// busy server told as a lost connection, "Laporan terkirim" for any code in
// the address, open cases of now among the figures of a period, "wajib
// diisi" left under a field already filled, and the Pemda's Indonesian text
// unmarked on an English page. Called by run.mjs with its helpers.

// The notice of the report waiting to be sent, as the citizen reads it.
const pendingNotice = (page) => page.locator('.notice-warning[role=status]');

// The language of the element that holds `text`, by the nearest lang
// attribute: what a screen reader reads it in.
function langOf(page, selector) {
  return page.locator(selector).first().evaluate((e) => e.closest('[lang]')?.getAttribute('lang') ?? '');
}

export async function run({ test, newPage, login, ready, emptyReportForm, capture, submitByApi, base, DESKTOP, PHONE }) {
  let filed = '';

  await test('submit: a busy server (503, 429) is said as such, with its detail and when to try again, not as a lost connection', async () => {
    const page = await newPage(PHONE);
    const keys = [];
    // The server answers twice "not now", then takes the report.
    const answers = [
      { status: 503, retry: '120', detail: 'Sigap sedang dalam pemeliharaan terjadwal.' },
      { status: 429, retry: '30', detail: 'Terlalu banyak laporan dari alamat ini; tunggu sebentar.' },
    ];
    await page.route('**/api/v1/cases', async (route) => {
      const request = route.request();
      if (request.method() !== 'POST') return route.continue();
      keys.push(request.headers()['idempotency-key']);
      const answer = answers.shift();
      if (!answer) return route.continue();
      return route.fulfill({
        status: answer.status,
        headers: { 'Content-Type': 'application/problem+json', 'Retry-After': answer.retry },
        body: JSON.stringify({ type: 'about:blank', title: 'Not now', status: answer.status, detail: answer.detail }),
      });
    });
    try {
      await emptyReportForm(page);
      await page.locator('#kind-complaint').check();
      await page.locator('#title').fill('Pohon tumbang menutup jalan');
      await page.locator('#description').fill('Pohon besar tumbang di Jl. Melati sejak pagi, jalan tertutup.');
      await page.getByRole('button', { name: 'Kirim laporan' }).click();

      // 503 with Retry-After: 120 — maintenance, in the server's words, and when.
      const notice = pendingNotice(page);
      await notice.getByTestId('server-busy').waitFor();
      let said = await notice.textContent();
      if (/Sambungan terputus/.test(said)) throw new Error(`a 503 is told as a lost connection: ${said}`);
      if (!/sibuk atau dalam pemeliharaan/.test(said) || !/503/.test(said)) throw new Error(`503: ${said}`);
      if (!said.includes('Sigap sedang dalam pemeliharaan terjadwal.')) throw new Error(`no server detail: ${said}`);
      const when = await notice.getByTestId('retry-at').textContent();
      if (!/pukul \d{2}\.\d{2} WIB/.test(when) || !/2 menit/.test(when)) throw new Error(`503 retry: ${when}`);
      // Kept on the device meanwhile, and not sent again before the wait.
      const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('sigap.pending') ?? 'null'));
      if (!saved || saved.server?.status !== 503) throw new Error(`pending: ${JSON.stringify(saved)}`);
      await capture(page, 'submit-server-busy');
      await page.waitForTimeout(4000);
      if (keys.length !== 1) throw new Error(`sent ${keys.length} times before the Retry-After wait`);

      // 429 with Retry-After: 30 — too many submissions, and when.
      await notice.getByRole('button', { name: 'Kirim ulang sekarang' }).click();
      await notice.getByText('terlalu banyak kiriman').waitFor();
      said = await notice.textContent();
      if (/Sambungan terputus/.test(said) || !said.includes('Terlalu banyak laporan dari alamat ini')) throw new Error(`429: ${said}`);
      if (!/30 detik/.test(await notice.getByTestId('retry-at').textContent())) throw new Error('429: no wait said');

      // Sent now: once, with the same key throughout.
      await notice.getByRole('button', { name: 'Kirim ulang sekarang' }).click();
      await page.getByRole('heading', { name: 'Laporan terkirim' }).waitFor();
      if (keys.length !== 3 || new Set(keys).size !== 1) throw new Error(`keys: ${keys}`);
      filed = (await page.getByTestId('tracking-code').textContent()).replace(/\s/g, '');
    } finally {
      await page.evaluate(() => {
        localStorage.removeItem('sigap.pending');
        localStorage.removeItem('sigap.draft');
      }).catch(() => {});
      await page.close();
    }
  });

  await test('sent: /lapor/terkirim confirms only a report this device filed; another code opens its tracking page', async () => {
    const page = await newPage(PHONE);
    // A code nobody filed.
    await page.goto(`${base}/lapor/terkirim/ZZZZZZZZZZ`);
    await page.waitForURL(`${base}/lacak/ZZZZZZZZZZ`);
    // The tracking page checks it: no such report (this one fails the check digit).
    await page.getByText(/Tidak ada laporan dengan kode ini|Kode ini tampaknya salah ketik/).waitFor();
    if ((await page.getByRole('heading', { name: 'Laporan terkirim' }).count()) !== 0) throw new Error('a bogus code confirmed');
    // Someone else's report: it exists, but this device did not file it.
    const other = await submitByApi({ kind: 'aspiration', title: 'Taman baca di balai RW', description: 'Mohon disediakan taman baca anak.' });
    await page.goto(`${base}/lapor/terkirim/${other.tracking_code}`);
    await page.waitForURL(`${base}/lacak/${other.tracking_code}`);
    await page.getByText('Taman baca di balai RW').first().waitFor();
    if ((await page.getByTestId('reporter-secret').count()) !== 0) throw new Error('another\'s report shown as filed here');
    // The address was replaced: Back does not return to the confirmation.
    await page.goBack();
    await page.waitForURL(`${base}/lacak/ZZZZZZZZZZ`);
    // The report filed from this device is still confirmed, with its secret.
    if (filed) {
      await page.goto(`${base}/lapor/terkirim/${filed}`);
      await page.getByRole('heading', { name: 'Laporan terkirim' }).waitFor();
      if (!(await page.getByTestId('reporter-secret').textContent()).trim()) throw new Error('no secret');
      if (page.url() !== `${base}/lapor/terkirim/${filed}`) throw new Error(`moved to ${page.url()}`);
    }
    await page.close();
  });

  await test('transparency: open and overdue figures are labelled as of now; the chosen period stays in the address', async () => {
    const page = await newPage(PHONE);
    await page.goto(`${base}/transparansi`);
    await ready(page);
    await page.locator('[data-kpi="open"] .kpi-caption').waitFor();
    if ((await page.locator('[data-kpi="open"] .kpi-caption').textContent()) !== 'Terbuka saat ini') throw new Error('open: not "saat ini"');
    if ((await page.locator('[data-kpi="overdue"] .kpi-caption').textContent()) !== 'Melewati tenggat saat ini') throw new Error('overdue: not "saat ini"');
    const headings = await page.locator('table.stats-table thead th').allTextContents();
    if (!headings.includes('Terbuka saat ini')) throw new Error(`agency table: ${headings.join(' | ')}`);
    if (!/Terbuka saat ini.*keadaan sekarang/.test(await page.locator('.stats > p').first().textContent())) {
      throw new Error('the lead does not say which figures are current');
    }
    // A period chosen, then the page reloaded: the same period.
    await page.locator('#stats-from').fill('2025-01-01');
    await page.locator('#stats-to').fill('2025-06-30');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.waitForURL(`${base}/transparansi?from=2025-01-01&to=2025-06-30`);
    await page.locator('.stats p[role=status]', { hasText: '1 Januari 2025' }).waitFor();
    await page.reload();
    await page.locator('.stats p[role=status]', { hasText: '30 Juni 2025' }).waitFor();
    if ((await page.locator('#stats-from').inputValue()) !== '2025-01-01') throw new Error('the start date is lost on reload');
    await page.close();

    // The leaders' dashboard says it too, and keeps its period beside the alerts' filters.
    const officer = await newPage(DESKTOP);
    await login(officer, 'walikota');
    await officer.goto(`${base}/petugas/dasbor`);
    await officer.getByRole('heading', { name: 'Dasbor pimpinan' }).waitFor();
    const lead = await officer.locator('.stats > p').first().textContent();
    if (!/Terbuka saat ini/.test(lead) || !/Melewati tenggat saat ini/.test(lead)) throw new Error(`dashboard lead: ${lead}`);
    await officer.locator('#stats-from').fill('2025-02-01');
    await officer.getByRole('button', { name: 'Terapkan' }).click();
    await officer.waitForURL(/\/petugas\/dasbor\?from=2025-02-01/);
    await officer.locator('#alerts-status').selectOption('new');
    await officer.waitForURL(/\?from=2025-02-01.*alert_status=new/);
    await officer.reload();
    await officer.locator('.stats p[role=status]', { hasText: '1 Februari 2025' }).waitFor();
    if ((await officer.locator('#alerts-status').inputValue()) !== 'new') throw new Error('the alert filter is lost');
    await officer.getByRole('button', { name: 'Keluar' }).click();
    await officer.locator('#username').waitFor();
    await officer.close();
  });

  await test('transparency: a period the server refuses is said in words, with its limit and a period it answers, not the raw error and "Coba lagi"', async () => {
    const page = await newPage(PHONE);
    try {
      await page.goto(`${base}/transparansi?from=2020-01-01&to=2026-06-30`);
      const problem = page.getByTestId('stats-period-problem');
      await problem.waitFor();
      const text = await problem.textContent();
      if (!text.includes('paling panjang 5 tahun (1.830 hari)') || !text.includes('1 Januari 2020 sampai 30 Juni 2026')) {
        throw new Error(`too long: "${text}"`);
      }
      if (/from:|di luar rentang/.test(text)) throw new Error(`the raw error: "${text}"`);
      if ((await page.getByRole('button', { name: 'Coba lagi' }).count()) > 0) throw new Error('a retry button for a 422');
      // The most recent period the server answers, ending where the one asked for did.
      const start = new Date(Date.UTC(2026, 5, 30 - 5 * 366)).toISOString().slice(0, 10);
      await problem.getByRole('button', { name: /Tampilkan 5 tahun terakhir/ }).click();
      await page.waitForURL(`${base}/transparansi?from=${start}&to=2026-06-30`);
      await page.locator('.stats p[role=status]', { hasText: '30 Juni 2026' }).waitFor();
      if ((await page.locator('#stats-from').inputValue()) !== start) throw new Error('the start date is not shown');
      await ready(page);

      // A start after the end: said so, with the default period instead.
      await page.goto(`${base}/transparansi?from=2026-06-30&to=2026-01-01`);
      await problem.waitFor();
      if (!(await problem.textContent()).includes('sesudah tanggal akhir')) throw new Error(`reversed: "${await problem.textContent()}"`);
      await problem.getByRole('button', { name: 'Tampilkan 12 bulan terakhir' }).click();
      await page.waitForURL(`${base}/transparansi`);
      await page.locator('[data-kpi="open"]').waitFor();

      // In English too.
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).waitFor();
      await page.goto(`${base}/transparansi?from=2020-01-01&to=2026-06-30`);
      await problem.waitFor();
      if (!(await problem.textContent()).includes('at most 5 years (1,830 days)')) throw new Error(`English: "${await problem.textContent()}"`);
    } finally {
      const back = page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' });
      if (await back.count()) await back.click();
      await page.close();
    }
  });

  await test('form: "wajib diisi" goes from a field, and from the summary, once the field is edited', async () => {
    const page = await newPage(PHONE);
    await emptyReportForm(page);
    await page.locator('#kind-complaint').check();
    await page.locator('#service_code').selectOption('PU-JALAN');
    await page.locator('#phone').fill('12ab');
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    const summary = page.locator('.notice-error[role=alert]');
    await summary.waitFor();
    const items = () => summary.locator('li').allTextContents();
    if ((await items()).length !== 4) throw new Error(`summary: ${(await items()).join(' | ')}`);
    await page.locator('#title-error').waitFor();

    await page.locator('#title').fill('Jalan berlubang di depan pasar');
    await page.locator('#title-error').waitFor({ state: 'detached' });
    let left = await items();
    if (left.length !== 3 || left.some((i) => i.startsWith('Judul'))) throw new Error(`after the title: ${left.join(' | ')}`);
    // The other fields keep theirs until edited.
    await page.locator('#description-error').waitFor();

    await page.locator('#attr-JENIS_KERUSAKAN').selectOption({ index: 1 });
    await page.locator('#attr-JENIS_KERUSAKAN-error').waitFor({ state: 'detached' });
    await page.locator('#phone').fill('0812 3456 7890');
    await page.locator('#phone-error').waitFor({ state: 'detached' });
    left = await items();
    if (left.length !== 1 || !left[0].startsWith('Uraian')) throw new Error(`after three fields: ${left.join(' | ')}`);

    await page.locator('#description').fill('Lubang sedalam 20 cm, sudah dua motor jatuh.');
    await summary.waitFor({ state: 'detached' });
    if ((await page.locator('.field-error').count()) !== 0) throw new Error('an error is left on the form');
    await page.evaluate(() => localStorage.removeItem('sigap.draft'));
    await page.close();
  });

  await test('English: the Pemda\'s Indonesian text (services, Standar Pelayanan, questions, map source) is marked lang="id"', async () => {
    const page = await newPage(PHONE);
    try {
      // The report form in Indonesian, then switched to English with its map drawn.
      await emptyReportForm(page);
      await page.locator('.leaflet-control-attribution').waitFor();
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { name: 'Make a report' }).waitFor();
      const credit = await page.locator('.leaflet-control-attribution').evaluate((control) => {
        const text = [...control.querySelectorAll('*'), control].find((e) =>
          [...e.childNodes].some((n) => n.nodeType === 3 && /Kemendagri/.test(n.textContent)));
        return { text: text.textContent, lang: text.closest('[lang]')?.getAttribute('lang') };
      });
      const creditLang = /Batas wilayah/.test(credit.text) ? 'id' : /Boundaries/.test(credit.text) ? 'en' : '?';
      if (credit.lang !== creditLang) throw new Error(`map source "${credit.text}" marked lang="${credit.lang}"`);
      await page.locator('#kind-complaint').check();
      await page.locator('#service_code').selectOption('PU-JALAN');
      if ((await langOf(page, '#service_code option[value="PU-JALAN"]')) !== 'id') throw new Error('service option not lang="id"');
      if ((await langOf(page, 'label[for="attr-JENIS_KERUSAKAN"]')) !== 'id') throw new Error('question not lang="id"');
      if ((await langOf(page, '#attr-JENIS_KERUSAKAN option:nth-child(2)')) !== 'id') throw new Error('answer choice not lang="id"');
      // UI words stay English.
      if ((await langOf(page, 'label[for="title"]')) !== 'en') throw new Error('a UI label is not English');

      // The service page: its name and the whole Standar Pelayanan.
      await page.goto(`${base}/layanan/PU-JALAN`);
      await ready(page);
      if ((await page.getAttribute('html', 'lang')) !== 'en') throw new Error('html lang is not en');
      for (const selector of ['main h1', '.breadcrumb span', 'article.service > p.service-description', '.standard ol li', '.standard dd:nth-of-type(5)', '.standard dd:nth-of-type(6)', '[data-question="JENIS_KERUSAKAN"] > span', '[data-question="JENIS_KERUSAKAN"] ul li']) {
        const lang = await langOf(page, selector);
        if (lang !== 'id') throw new Error(`${selector} ("${(await page.locator(selector).first().textContent()).slice(0, 40)}") is lang="${lang}"`);
      }
      if ((await langOf(page, '.standard dt')) !== 'en') throw new Error('the Standar Pelayanan headings are not English');
      // The catalogue on the home page.
      await page.goto(base);
      await ready(page);
      if ((await langOf(page, 'a[href="/layanan/PU-JALAN"]')) !== 'id') throw new Error('a service link is not lang="id"');
    } finally {
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click({ timeout: 3000 }).catch(() => {});
      await page.evaluate(() => localStorage.removeItem('sigap.draft')).catch(() => {});
      await page.close();
    }
  });
}
