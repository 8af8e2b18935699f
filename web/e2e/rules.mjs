// Issue 10 in the browser: the administrator's Rules page. A rule saved
// over the API is listed with its basis, disabled; the administrator
// enables it, reads its history (who enabled which version) and runs a dry
// run that shows what the rule would have done; a rule without a basis is
// refused naming the field. Called by run.mjs with its helpers.
export async function run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP }) {
  await test('rules: list with basis, enable, history with audit, dry run, refusal naming the field', async () => {
    const admin = await officerSession('admin');
    const name = `Uji e2e prioritas rentan ${Date.now()}`;
    const saved = await admin.call('POST', '/api/v1/rules', {
      name,
      basis: 'UU 25/2009 pasal 29: pelayanan khusus bagi kelompok rentan',
      trigger: { event: 'submitted' },
      conditions: [{ field: 'vulnerable', op: 'eq', value: true }],
      actions: [{ type: 'raise_priority', level: 'urgent' }, { type: 'notify', to: 'user:verifikator' }],
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
    // With no rule enabled the kill switch does not claim rules are running.
    const state = page.getByTestId('kill-switch-state');
    if (!/Tidak ada aturan yang aktif/.test(await state.textContent())) throw new Error(`kill switch: ${await state.textContent()}`);

    await row.getByRole('button', { name: 'Aktifkan' }).click();
    await page.waitForFunction(
      (n) => document.querySelector(`tr[data-rule="${n}"] [data-testid=rule-status]`)?.textContent === 'aktif',
      name,
    );
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=kill-switch-state]')?.textContent?.includes('berjalan otomatis'),
    );
    await row.getByRole('button', { name: 'Riwayat' }).click();
    const audit = page.getByTestId('rule-audit');
    await audit.waitFor();
    const trail = await audit.textContent();
    // Who enabled it, by the officer's full name (the demo's admin) and the
    // username, as text (not a hover title); so who saved each version.
    if (!trail.includes('· Novi Anggraeni (admin) ·') || trail.includes('· admin ·') || !trail.includes('mengaktifkan v1')) {
      throw new Error(`audit: ${trail}`);
    }
    await audit.getByText('Novi Anggraeni (admin)', { exact: true }).first().waitFor();
    // The officer a rule notifies, by the full name (the demo's verifikator)
    // with the username.
    await page.getByTestId('rule-current').getByTestId('rule-actions').getByText('Mega Puspitasari (verifikator)').waitFor();
    await page.locator('[data-testid=rule-version][data-version="1"]').getByText('Novi Anggraeni (admin)', { exact: true }).waitFor();

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

  // Regression: a leader got 403 on the rules and had no way to read them.
  await test('rules: a leader reads the rules and their history, and changes nothing', async () => {
    const page = await newPage(DESKTOP);
    await login(page, 'walikota');
    await page.getByRole('link', { name: 'Aturan kebijakan' }).click();
    await page.getByRole('heading', { name: 'Aturan kebijakan' }).waitFor();
    const row = page.locator('tr[data-rule="Prioritas kelompok rentan"]');
    await row.waitFor();
    if (!(await row.textContent()).includes('UU 25/2009')) throw new Error(`basis not listed: ${await row.textContent()}`);
    for (const name of ['Aktifkan', 'Nonaktifkan', 'Uji coba', 'Hentikan semua aturan', 'Simpan versi']) {
      if ((await page.getByRole('button', { name }).count()) > 0) throw new Error(`a leader is offered "${name}"`);
    }
    if ((await page.locator('#rule-json').count()) > 0) throw new Error('a leader is offered the rule form');
    await row.getByRole('button', { name: 'Riwayat' }).click();
    await page.getByTestId('rule-audit').waitFor();
    await ready(page);
    await capture(page, 'rules-leader');
    await page.close();
  });

  await test('rules: an enabled rule acts live, its basis on the timeline; the kill switch stops every rule', async () => {
    const admin = await officerSession('admin');
    const marker = `[e2e-aturan-${Date.now()}]`;
    const name = `Uji e2e langsung ${Date.now()}`;
    const saved = await admin.call('POST', '/api/v1/rules', {
      name,
      basis: 'UU 25/2009 pasal 29: pelayanan khusus bagi kelompok rentan',
      trigger: { event: 'submitted' },
      conditions: [{ field: 'text', op: 'contains', value: marker }],
      actions: [{ type: 'raise_priority', level: 'urgent' }],
    });
    if (saved.status !== 201) throw new Error(`save: ${saved.status} ${JSON.stringify(saved.body)}`);
    await admin.call('POST', `/api/v1/rules/${saved.body.id}/enable`);
    await new Promise((r) => setTimeout(r, 1500));  // the runner takes up the new rule set
    const receipt = await submitByApi({
      kind: 'complaint',
      title: `Lansia tidak bisa antre ${marker}`,
      description: `Ibu saya lansia dan tidak kuat antre lama. ${marker}`,
    });

    const page = await newPage(DESKTOP);
    await login(page, 'admin');
    const deadline = Date.now() + 20000;
    for (;;) {
      await page.goto(`${base}/petugas/kasus/${receipt.tracking_code}`);
      await ready(page);
      // The case and its timeline are two requests: the rule may act between them.
      if ((await page.getByTestId('case-priority').count()) > 0 && (await page.getByTestId('rule-note').count()) > 0) break;
      if (Date.now() > deadline) throw new Error('the rule did not act within 20 s');
      await page.waitForTimeout(1000);
    }
    const badge = await page.getByTestId('case-priority').textContent();
    if (!badge.includes('Mendesak')) throw new Error(`priority: ${badge}`);
    const note = await page.getByTestId('rule-note').first().textContent();
    if (!note.includes(`otomatis: aturan ${name} v1, dasar: UU 25/2009 pasal 29`)) throw new Error(`note: ${note}`);
    await capture(page, 'rule-on-timeline');
    // In English, the rule's note is English too (it stayed "otomatis: aturan").
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).waitFor();
    const noteEn = await page.getByTestId('rule-note').first().textContent();
    if (!noteEn.includes(`automatic: rule ${name} v1, basis: UU 25/2009 pasal 29`)) throw new Error(`English note: ${noteEn}`);
    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();

    // The kill switch, from the Rules page: on, then off again.
    await page.goto(`${base}/petugas/admin/aturan`);
    await page.getByRole('heading', { name: 'Saklar darurat aturan' }).waitFor();
    await page.getByRole('button', { name: 'Hentikan semua aturan' }).click();
    await page.getByRole('button', { name: 'Ya, hentikan' }).click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=kill-switch-state]')?.textContent?.includes('dihentikan oleh Novi Anggraeni (admin)'),
    );
    const stopped = await submitByApi({ kind: 'complaint', title: `Masih antre ${marker}`, description: `Antre lagi. ${marker}` });
    await page.waitForTimeout(3000);
    const untouched = (await admin.call('GET', `/api/v1/cases/${stopped.tracking_code}`)).body;
    if (untouched.handling.priority !== 'normal') throw new Error(`acted while stopped: ${untouched.handling.priority}`);
    await ready(page);
    await capture(page, 'rules-kill-switch');
    await page.getByRole('button', { name: 'Jalankan kembali aturan' }).click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=kill-switch-state]')?.textContent?.includes('berjalan otomatis'),
    );
    await admin.call('POST', `/api/v1/rules/${saved.body.id}/disable`);
    await page.close();
  });
}
