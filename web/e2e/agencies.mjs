// The administrators' Instansi screen (/petugas/admin/instansi): the demo
// Pemda's agencies are listed with their kind, kecamatan and parent in
// words; a new one is added and listed at once (the public list is
// cacheable, the screen asks past the cache), a taken code and a bad code
// are said at the code field with the typed text kept, a name is changed,
// and the other screens offer the new agency. Called by run.mjs with its
// helpers.
export async function run({ test, newPage, login, ready, capture, officerSession, base, DESKTOP }) {
  await test('admin: lists the agencies, adds one, a taken or bad code is said at the field, renames it', async () => {
    const code = 'DPMPTSP';
    const name = 'Dinas Penanaman Modal dan PTSP';
    const renamed = 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu';
    const admin = await officerSession('admin');
    const before = (await admin.call('GET', '/api/v1/agencies')).body.items;
    if (before.some((a) => a.code === code)) throw new Error(`${code} exists before the test`);

    const page = await newPage(DESKTOP);
    await login(page, 'admin');
    await page.getByRole('link', { name: 'Administrasi' }).click();
    await page.getByRole('link', { name: 'Instansi', exact: true }).click();
    await page.getByRole('heading', { name: 'Instansi', level: 1 }).waitFor();
    if (!page.url().endsWith('/petugas/admin/instansi')) throw new Error(`url ${page.url()}`);
    await page.getByText('kode tidak dapat diubah', { exact: false }).first().waitFor();

    // The demo's agencies: kind, kecamatan and parent in words.
    const dpu = page.locator('tr[data-agency="DPU"]');
    await dpu.getByText('Dinas Pekerjaan Umum', { exact: true }).waitFor();
    await dpu.getByRole('cell', { name: 'Dinas', exact: true }).waitFor();
    await page.locator('tr[data-agency="BLU-TRANS"]').getByRole('cell', { name: 'Dinas Perhubungan', exact: true }).waitFor();
    const kecamatan = before.find((a) => a.kind === 'kecamatan' && a.region_code);
    if (kecamatan) {
      const region = await (await fetch(`${base}/api/v1/regions/${encodeURIComponent(kecamatan.region_code)}`)).json();
      await page.locator(`tr[data-agency="${kecamatan.code}"]`).getByRole('cell', { name: region.name, exact: true }).waitFor();
    }

    // A new agency: listed at once.
    await page.locator('#agency-code').fill(code);
    await page.locator('#agency-name').fill(name);
    await page.locator('#agency-kind').selectOption('dinas');
    await page.getByRole('button', { name: 'Tambah instansi' }).click();
    await page.locator('.notice-info', { hasText: `Instansi ${name} (${code}) ditambahkan.` }).waitFor();
    const row = page.locator(`tr[data-agency="${code}"]`);
    await row.getByText(name, { exact: true }).waitFor();
    await row.getByRole('cell', { name: 'Dinas', exact: true }).waitFor();
    if ((await page.locator('#agency-code').inputValue()) !== '') throw new Error('the form was not emptied');
    const stored = (await admin.call('GET', '/api/v1/agencies')).body.items.find((a) => a.code === code);
    if (stored?.name !== name || stored.kind !== 'dinas' || stored.region_code !== '' || stored.parent_code !== '') {
      throw new Error(`stored: ${JSON.stringify(stored)}`);
    }

    // The same code again: said at the code field, the typed text kept.
    await page.locator('#agency-code').fill(code);
    await page.locator('#agency-name').fill('Dinas Kedua dengan Kode Sama');
    await page.getByRole('button', { name: 'Tambah instansi' }).click();
    await page.locator('#agency-code-error', { hasText: 'sudah dipakai' }).waitFor();
    if ((await page.locator('#agency-code').getAttribute('aria-invalid')) !== 'true') throw new Error('the code field is not marked invalid');
    if ((await page.locator('#agency-name').inputValue()) !== 'Dinas Kedua dengan Kode Sama') throw new Error('the typed name was lost');
    if ((await page.locator('tr[data-agency]', { hasText: 'Dinas Kedua' }).count()) !== 0) throw new Error('a second agency with the code');
    await ready(page);
    await capture(page, 'admin-agencies');

    // Renamed in the row's editor.
    await row.locator('button[data-do="edit"]').click();
    const editor = page.locator(`form[data-edit="${code}"]`);
    await editor.waitFor();
    if ((await editor.locator('#agency-edit-name').inputValue()) !== name) throw new Error('the editor does not show the name');
    await editor.locator('#agency-edit-name').fill(renamed);
    await editor.getByRole('button', { name: 'Simpan' }).click();
    await page.locator('.notice-info', { hasText: `Instansi ${renamed} (${code}) disimpan.` }).waitFor();
    await row.getByText(renamed, { exact: true }).waitFor();
    await editor.waitFor({ state: 'detached' });
    const after = (await admin.call('GET', '/api/v1/agencies')).body.items.find((a) => a.code === code);
    if (after?.name !== renamed) throw new Error(`after the edit: ${JSON.stringify(after)}`);

    // A code the server refuses: said at the field, nothing added.
    await page.locator('#agency-code').fill('a b');
    await page.locator('#agency-name').fill('Badan Uji Coba');
    await page.getByRole('button', { name: 'Tambah instansi' }).click();
    await page.locator('#agency-code-error', { hasText: 'formatnya tidak valid' }).waitFor();
    if ((await page.locator('#agency-code').inputValue()) !== 'a b') throw new Error('the typed code was lost');
    const all = (await admin.call('GET', '/api/v1/agencies')).body.items;
    if (all.length !== before.length + 1) throw new Error(`${all.length} agencies, expected ${before.length + 1}`);

    // The other screens of the same page load offer it.
    await page.getByRole('link', { name: 'Pengguna', exact: true }).click();
    await page.getByRole('heading', { name: 'Pengguna', level: 1 }).waitFor();
    await page.locator('#new-role').selectOption('agency_officer');
    await page.locator(`#new-agency option[value="${code}"]`, { hasText: renamed }).waitFor({ state: 'attached' });

    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();
    await page.close();
  });
}
