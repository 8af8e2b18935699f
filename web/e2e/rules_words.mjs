// The Rules page says what a rule does and why a rule is refused: each
// version's trigger, conditions and actions in words (Indonesian and
// English), and a refused save's errors beside the form, each field once
// with the server's words and limit, brought into view. Called by run.mjs
// with its helpers.
export async function run({ test, newPage, login, ready, officerSession, base, DESKTOP }) {
  const openRules = async (page) => {
    await login(page, 'admin');
    await page.getByRole('link', { name: 'Administrasi' }).click();
    await page.getByRole('link', { name: 'Aturan kebijakan' }).click();
    await page.getByRole('heading', { name: 'Aturan kebijakan' }).waitFor();
  };
  // Whether `locator`'s element is within the window, top to bottom.
  const inView = async (locator) => {
    const handle = await locator.elementHandle();
    return locator
      .page()
      .waitForFunction(
        (el) => {
          const r = el.getBoundingClientRect();
          return r.height > 0 && r.top >= -1 && r.bottom <= window.innerHeight + 1;
        },
        handle,
        { timeout: 3000 },
      )
      .then(
        () => true,
        () => false,
      );
  };

  await test('rules words: a refused save shows each error once beside the form, with the server\'s limit, in view and focused', async () => {
    const page = await newPage(DESKTOP);
    try {
      await openRules(page);
      await page.getByTestId('kill-switch').waitFor();
      await page.locator('#rule-json').fill(
        JSON.stringify({
          name: 'Perpanjang tenggat',
          basis: 'x',
          trigger: { event: 'submitted' },
          actions: [{ type: 'adjust_deadline', stage: 'resolution', days: 90 }],
          condtions: [],
        }),
      );
      await page.getByRole('button', { name: 'Simpan versi' }).click();
      const box = page.locator('form [data-testid=rule-form-error]');
      await box.waitFor();
      // Nowhere else: not above the kill switch, far from the button.
      const alerts = await page.locator('[role=alert]').count();
      if (alerts !== 1) throw new Error(`${alerts} error boxes on the page`);
      const items = (await box.locator('[data-testid=rule-errors] li').allTextContents()).map((s) => s.trim());
      const unknown = items.find((s) => s.startsWith('condtions'));
      const days = items.find((s) => s.startsWith('actions[0].days'));
      if (!unknown || !days || items.length !== 2) throw new Error(`errors: ${JSON.stringify(items)}`);
      // Each field named once, with what is wrong with it.
      if (unknown.split('condtions').length !== 2 || !/bukan isian yang dikenal/.test(unknown)) {
        throw new Error(`unknown field: "${unknown}"`);
      }
      // In the page's language only (the server once added its English).
      if (days.split('actions[0].days').length !== 2 || !days.includes('-60 sampai 60, bukan 0') || /\bto\b|\bnot\b/.test(days)) {
        throw new Error(`days: "${days}"`);
      }
      // Brought into view, with the focus.
      if (!(await inView(box))) throw new Error('the errors are out of view');
      const focused = await page.evaluate(() => !!document.activeElement?.closest('[data-testid=rule-form-error]'));
      if (!focused) throw new Error('the focus is not on the errors');
      // Corrected, the save succeeds and the errors go.
      await page.locator('#rule-json').fill(
        JSON.stringify({
          name: `Perpanjang tenggat e2e ${Date.now()}`,
          basis: 'Uji e2e',
          trigger: { event: 'submitted' },
          conditions: [],
          actions: [{ type: 'adjust_deadline', stage: 'resolution', days: 5 }],
        }),
      );
      await page.getByRole('button', { name: 'Simpan versi' }).click();
      await box.waitFor({ state: 'detached' });
      await page.locator('form [role=status]', { hasText: 'disimpan sebagai versi 1' }).waitFor();
      // A draft's dry run names the pasted JSON's fields, not "rule.…".
      await page.locator('#rule-json').fill('{"name": "x", "basis": "x", "trigger": {"event": "submitted"}, "actions": [], "condition": []}');
      await page.getByRole('button', { name: 'Uji coba draf' }).click();
      await box.waitFor();
      const draft = (await box.locator('[data-testid=rule-errors] li').allTextContents()).map((s) => s.trim());
      if (!draft.some((s) => s.startsWith('condition:')) || draft.some((s) => s.startsWith('rule.'))) {
        throw new Error(`draft errors: ${JSON.stringify(draft)}`);
      }
      await ready(page);
    } finally {
      await page.close();
    }
  });

  await test('rules words: every version\'s trigger, conditions and actions in words, in Indonesian and English', async () => {
    const admin = await officerSession('admin');
    const dpu = (await admin.call('GET', '/api/v1/agencies')).body.items.find((a) => a.code === 'DPU');
    if (!dpu) throw new Error('no DPU in the demo');
    const name = `Uji e2e isi aturan ${Date.now()}`;
    const v1 = await admin.call('POST', '/api/v1/rules', {
      name,
      basis: 'UU 25/2009 pasal 29',
      trigger: { event: 'submitted' },
      conditions: [{ field: 'vulnerable', op: 'eq', value: true }],
      actions: [{ type: 'raise_priority', level: 'urgent' }],
    });
    const v2 = await admin.call('POST', '/api/v1/rules', {
      name,
      basis: 'Perpres 76/2013',
      rate_limit_per_hour: 20,
      scope: { kind: 'complaint' },
      trigger: { deadline: 'overdue' },
      conditions: [
        { field: 'status', op: 'in', values: ['received', 'verified'] },
        { field: 'text', op: 'contains', value: 'banjir' },
      ],
      actions: [
        { type: 'adjust_deadline', stage: 'resolution', days: 5 },
        { type: 'notify', to: 'agency_head:DPU', note: 'Periksa segera' },
        { type: 'escalate', to: 'verifiers' },
      ],
    });
    if (v1.status !== 201 || v2.status !== 201 || v2.body.version !== 2) {
      throw new Error(`save: ${v1.status} ${v2.status} ${JSON.stringify(v2.body)}`);
    }

    const page = await newPage(DESKTOP);
    try {
      await openRules(page);
      const row = page.locator(`tr[data-rule="${name}"]`);
      await row.getByRole('button', { name: /riwayat/i }).click();
      const history = page.getByTestId('rule-history');
      await history.waitFor();
      if (!(await inView(history.getByRole('heading', { level: 2 })))) throw new Error(`the history is out of view: ${await history.getByRole('heading', { level: 2 }).evaluate((el) => JSON.stringify([el.getBoundingClientRect(), window.scrollY, window.innerHeight, document.activeElement?.outerHTML.slice(0, 80)]))}`);
      const words = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ');
      const all = await words(history);
      if (!all.includes('Naikkan prioritas menjadi Mendesak') || !all.includes('Status salah satu dari Diterima, Terverifikasi')) {
        throw new Error(`the versions' conditions and actions are not shown: "${all}"`);
      }
      const current = history.getByTestId('rule-current');
      if ((await current.getAttribute('data-version')) !== '2') throw new Error('the current version is not v2');
      const now = await words(current);
      for (const expected of [
        'tenggat: Terlambat',
        'Jenis laporan: Pengaduan',
        'Status salah satu dari Diterima, Terverifikasi',
        'Isi laporan memuat “banjir”',
        'Batas penyelesaian: diperpanjang 5 hari',
        `Beri tahu Kepala ${dpu.name} — catatan: “Periksa segera”`,
        'Eskalasi ke verifikator',
        'paling banyak 20 kali per jam',
      ]) {
        if (!now.includes(expected)) throw new Error(`current version: no "${expected}" in "${now}"`);
      }
      const first = history.locator('[data-testid=rule-version][data-version="1"]');
      const then = await words(first);
      for (const expected of ['peristiwa: Laporan diterima', 'semua laporan', 'Pelapor dari kelompok rentan adalah ya', 'Naikkan prioritas menjadi Mendesak', 'UU 25/2009 pasal 29']) {
        if (!then.includes(expected)) throw new Error(`v1: no "${expected}" in "${then}"`);
      }

      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).waitFor();
      const en = await words(current);
      for (const expected of [
        'Status is one of Received, Verified',
        'Text of the report contains “banjir”',
        'Resolution due: extended by 5 days',
        'Escalate to the verifiers',
        'at most 20 times an hour',
      ]) {
        if (!en.includes(expected)) throw new Error(`English: no "${expected}" in "${en}"`);
      }
      const enFirst = await words(first);
      if (!enFirst.includes('Reporter in a vulnerable group is yes') || !enFirst.includes('Raise the priority to Urgent')) {
        throw new Error(`English v1: "${enFirst}"`);
      }
      await ready(page);
    } finally {
      const back = page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' });
      if (await back.count()) await back.click();
      await page.close();
    }
  });
}
