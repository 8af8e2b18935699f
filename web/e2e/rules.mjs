// Issue 10 in the browser: the administrator's Rules page. A rule saved
// over the API is listed with its basis, disabled; the administrator
// enables it, reads its history (who enabled which version) and runs a dry
// run that shows what the rule would have done; a rule without a basis is
// refused naming the field. Called by run.mjs with its helpers.
export async function run({ test, newPage, login, ready, capture, officerSession, DESKTOP }) {
  await test('rules: list with basis, enable, history with audit, dry run, refusal naming the field', async () => {
    const admin = await officerSession('admin');
    const name = `Uji e2e prioritas rentan ${Date.now()}`;
    const saved = await admin.call('POST', '/api/v1/rules', {
      name,
      basis: 'UU 25/2009 pasal 29: pelayanan khusus bagi kelompok rentan',
      trigger: { event: 'submitted' },
      conditions: [{ field: 'vulnerable', op: 'eq', value: true }],
      actions: [{ type: 'raise_priority', level: 'urgent' }],
    });
    if (saved.status !== 201 || saved.body.enabled !== false) {
      throw new Error(`save: ${saved.status} ${JSON.stringify(saved.body)}`);
    }

    const page = await newPage(DESKTOP);
    await login(page, 'admin');
    await page.getByRole('link', { name: 'Administrasi' }).click();
    await page.getByRole('link', { name: 'Aturan kebijakan' }).click();
    await page.getByRole('heading', { name: 'Aturan kebijakan' }).waitFor();
    const row = page.locator(`tr[data-rule="${name}"]`);
    await row.waitFor();
    if (!(await row.textContent()).includes('UU 25/2009 pasal 29')) throw new Error('basis not listed');
    if ((await row.getByTestId('rule-status').textContent()) !== 'nonaktif') throw new Error('not disabled');

    await row.getByRole('button', { name: 'Aktifkan' }).click();
    await page.waitForFunction(
      (n) => document.querySelector(`tr[data-rule="${n}"] [data-testid=rule-status]`)?.textContent === 'aktif',
      name,
    );
    await row.getByRole('button', { name: 'Riwayat' }).click();
    const audit = page.getByTestId('rule-audit');
    await audit.waitFor();
    const trail = await audit.textContent();
    if (!trail.includes('user:admin') || !trail.includes('mengaktifkan v1')) throw new Error(`audit: ${trail}`);

    await row.getByRole('button', { name: 'Uji coba' }).click();
    const result = page.getByTestId('rule-dry-run');
    await result.waitFor();
    if (!/^\d+$/.test(await result.getByTestId('dry-events').textContent())) throw new Error('no dry-run figures');
    await ready(page);
    await capture(page, 'rules');

    await page.locator('#rule-json').fill(JSON.stringify({ name: 'Tanpa dasar', trigger: { event: 'submitted' }, actions: [{ type: 'notify', to: 'reporter' }] }));
    await page.getByRole('button', { name: 'Simpan versi' }).click();
    const errors = page.getByTestId('rule-errors');
    await errors.waitFor();
    if (!(await errors.textContent()).includes('basis')) throw new Error(`errors: ${await errors.textContent()}`);

    const after = (await admin.call('GET', `/api/v1/rules/${saved.body.id}`)).body;
    if (!after.enabled || after.audit[0].action !== 'enabled' || after.audit[0].actor !== 'user:admin') {
      throw new Error(`after enabling: ${JSON.stringify(after.audit)}`);
    }
    await admin.call('POST', `/api/v1/rules/${saved.body.id}/disable`);
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();
    await page.close();
  });
}
