// Issue 8 in the browser: the category taxonomy. A verifier changes a
// case's category on the case page (a select grouped by main category) and
// the change shows, with the category's name, on the internal timeline; an
// administrator retires a category on the Kategori screen and it is no
// longer offered. Called by run.mjs with its helpers.
const PU = 'PEKERJAAN-UMUM-DAN-PENATAAN-RUANG';
const JALAN = `${PU}.INFRASTRUKTUR-JALAN`;
const DRAINASE = `${PU}.DRAINASE-GORONG-GORONG-PARIT`;
const PARKIR = 'PERHUBUNGAN.PARKIR-LIAR';

export async function run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP, PHONE }) {
  await test('issue 8: a verifier changes a case\'s category on the case page', async () => {
    const receipt = await submitByApi({
      kind: 'complaint',
      category: JALAN,
      title: `Air menggenang di jalan ${Date.now()}`,
      description: 'Saluran di tepi jalan tersumbat sehingga air menggenang setiap hujan.',
      location: { region_code: '33.74.01.1001' },
      anonymous: true,
    });
    const page = await newPage(DESKTOP);
    await login(page, 'verifikator');
    await page.goto(`${base}/petugas/kasus/${receipt.tracking_code}`);
    await ready(page);
    const shown = page.getByTestId('case-category');
    await page.waitForFunction(() => document.querySelector('[data-testid=case-category]')?.textContent.includes('INFRASTRUKTUR JALAN'));

    await page.locator('button[data-action="categorize"]').click();
    const form = page.locator('form.action-form');
    await form.waitFor();
    const select = form.locator('#act-category');
    if ((await select.locator('optgroup').count()) < 30) throw new Error('the select is not grouped by main category');
    await select.selectOption(DRAINASE);
    await form.locator('#act-reason').fill('Saluran tersumbat, bukan jalan rusak');
    await form.locator('button[type=submit]').click();
    await page.locator('.notice-info').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid=case-category]')?.textContent.includes('DRAINASE (GORONG-GORONG/PARIT)'));
    if (!(await shown.textContent()).includes('PEKERJAAN UMUM DAN PENATAAN RUANG')) throw new Error('no main category shown');
    const internal = page.locator('.timeline-internal .event-categorized');
    await internal.waitFor();
    const said = await internal.textContent();
    if (!said.includes('Kategori: PEKERJAAN UMUM DAN PENATAAN RUANG › DRAINASE (GORONG-GORONG/PARIT)') || !said.includes('Saluran tersumbat')) {
      throw new Error(`internal timeline: ${said}`);
    }
    if ((await page.locator('.timeline-public .event-categorized').count()) !== 0) throw new Error('shown on the public timeline');
    // Who did it, by the officer's full name (the demo's verifikator) and the
    // username, as text a keyboard and a screen reader reach (not a title).
    await internal.getByText('Mega Puspitasari (verifikator)', { exact: true }).waitFor();
    await capture(page, 'case-category');

    const verifier = await officerSession('verifikator');
    const view = (await verifier.call('GET', `/api/v1/cases/${receipt.tracking_code}`)).body;
    if (view.category !== DRAINASE) throw new Error(`category ${view.category}`);
    await page.close();
  });

  await test('issue 8: the category list of "Ubah kategori" is searched by typing, from the keyboard, on a phone', async () => {
    const all = (await (await fetch(`${base}/api/v1/categories`)).json()).items;
    const receipt = await submitByApi({
      kind: 'complaint',
      category: JALAN,
      title: `Gorong-gorong tersumbat ${Date.now()}`,
      description: 'Gorong-gorong di bawah jalan tersumbat lumpur.',
      anonymous: true,
    });
    const page = await newPage(DESKTOP);
    await login(page, 'verifikator');
    // Signed in (the session's first question is answered 401 before), no
    // console error.
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${base}/petugas/kasus/${receipt.tracking_code}`);
    await ready(page);
    await page.locator('button[data-action="categorize"]').click();
    const form = page.locator('form.action-form');
    const select = form.locator('#act-category');
    // The search box has the focus; the whole list is there before typing.
    await page.waitForFunction(() => document.activeElement?.id === 'act-category-filter');
    const offered = () => select.locator('option:not([value=""])').evaluateAll((os) => os.map((o) => o.value));
    if ((await offered()).length < all.length) throw new Error(`${(await offered()).length} of ${all.length} categories offered`);
    // What the words should keep: every word in the main and sub names.
    const fold = (text) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    const words = ['gorong', 'parit'];
    const expected = all
      .filter((c) => {
        const main = c.parent_code ? all.find((m) => m.code === c.parent_code) : null;
        const text = fold([main?.name ?? '', main?.code ?? '', c.name, c.code].join(' '));
        return c.code !== JALAN && words.every((w) => text.includes(w));
      })
      .map((c) => c.code);
    if (!expected.includes(DRAINASE)) throw new Error(`expected matches: ${expected}`);
    await page.keyboard.type('Gorong parit');
    await page.getByTestId('category-matches').filter({ hasText: `${expected.length} kategori cocok` }).waitFor();
    const shown = await offered();
    if (JSON.stringify([...shown].sort()) !== JSON.stringify([...expected].sort())) {
      throw new Error(`offered ${shown} for "gorong parit", expected ${expected}`);
    }
    // Enter goes to the list with its first match chosen (the form is not sent).
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'act-category');
    if ((await select.inputValue()) !== shown[0]) throw new Error(`chosen ${await select.inputValue()}, first match ${shown[0]}`);
    if ((await form.count()) !== 1) throw new Error('Enter sent the form');
    await page.keyboard.press('ArrowDown');
    const chosen = await select.inputValue();
    // Searching again keeps the choice; a word of no category says so.
    await form.locator('#act-category-filter').fill('zzqxj');
    await page.getByTestId('category-matches').filter({ hasText: 'Tidak ada kategori yang cocok' }).waitFor();
    if ((await select.inputValue()) !== chosen) throw new Error('the choice was lost while searching');
    if ((await page.evaluate(() => document.documentElement.scrollWidth)) > 360) throw new Error('the form is wider than the phone');
    await capture(page, 'case-category-search');
    await page.setViewportSize({ width: 360, height: 740 });
    await form.locator('#act-reason').fill('Gorong-gorong, bukan permukaan jalan');
    await form.locator('button[type=submit]').click();
    await page.locator('.notice-info').waitFor();
    const verifier = await officerSession('verifikator');
    const view = (await verifier.call('GET', `/api/v1/cases/${receipt.tracking_code}`)).body;
    if (view.category !== chosen) throw new Error(`category ${view.category}, chosen ${chosen}`);
    await page.close();
    if (errors.length > 0) throw new Error(`console errors: ${errors.join(' | ')}`);
  });

  await test('issue 8: an administrator retires a category on the Kategori screen', async () => {
    const page = await newPage(DESKTOP);
    await login(page, 'admin');
    await page.getByRole('link', { name: 'Administrasi' }).click();
    await page.getByRole('link', { name: 'Kategori', exact: true }).click();
    await page.getByRole('heading', { name: 'Kategori pengaduan' }).waitFor();
    await page.locator('details[data-main="PERHUBUNGAN"] > summary').click();
    const row = page.locator(`[data-category="${PARKIR}"]`);
    await row.waitFor();
    await ready(page);
    await capture(page, 'categories');

    await row.locator('button[data-do="retire"]').click();
    await page.locator('.notice-info', { hasText: 'dinonaktifkan' }).waitFor();
    await row.locator('button[data-do="reactivate"]').waitFor();
    if (!(await row.getAttribute('class')).includes('retired')) throw new Error('not shown as retired');

    const offered = await (await fetch(`${base}/api/v1/categories`)).json();
    if (offered.items.some((c) => c.code === PARKIR)) throw new Error('a retired category is still offered');
    const admin = await officerSession('admin');
    const all = (await admin.call('GET', '/api/v1/categories?all=1')).body.items;
    if (all.find((c) => c.code === PARKIR)?.active !== false) throw new Error('not kept as retired');

    await row.locator('button[data-do="reactivate"]').click();
    await row.locator('button[data-do="retire"]').waitFor();
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();
    await page.close();
  });

  await test('issue 8: a citizen without a service finds a category by typing part of its name, on a phone', async () => {
    const page = await newPage(PHONE);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${base}/lapor`);
    await ready(page);
    const select = page.locator('#category');
    await select.waitFor();
    const all = await select.locator('option').count();
    const filter = page.locator('#category-filter');
    await filter.fill('parkir liar');
    await page.waitForFunction((n) => document.querySelectorAll('#category option').length < n, all);
    if ((await select.locator('option').count()) > 10) throw new Error('the search did not narrow the list');
    // Enter takes the first match without sending the form.
    await filter.press('Enter');
    await page.waitForFunction((code) => document.querySelector('#category')?.value === code, PARKIR);
    if (!page.url().includes('/lapor')) throw new Error(`Enter left the form: ${page.url()}`);
    await filter.fill('zzqxj');
    await page.getByTestId('category-matches').getByText('Tidak ada kategori yang cocok').waitFor();
    if (errors.length) throw new Error(errors.join('\n'));
    await page.close();
  });
}
