// Issue 8 in the browser: the category taxonomy. A verifier changes a
// case's category on the case page (a select grouped by main category) and
// the change shows, with the category's name, on the internal timeline; an
// administrator retires a category on the Kategori screen and it is no
// longer offered. Called by run.mjs with its helpers.
const PU = 'PEKERJAAN-UMUM-DAN-PENATAAN-RUANG';
const JALAN = `${PU}.INFRASTRUKTUR-JALAN`;
const DRAINASE = `${PU}.DRAINASE-GORONG-GORONG-PARIT`;
const PARKIR = 'PERHUBUNGAN.PARKIR-LIAR';

export async function run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP }) {
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
    await capture(page, 'case-category');

    const verifier = await officerSession('verifikator');
    const view = (await verifier.call('GET', `/api/v1/cases/${receipt.tracking_code}`)).body;
    if (view.category !== DRAINASE) throw new Error(`category ${view.category}`);
    await page.close();
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
}
