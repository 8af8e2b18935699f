// Findings of a working week at the officers' desk (exploratory test
// qa31desk): escalation lines that say which step it was and who was told;
// the reporter's rating on the officer's case page; the details panel on a
// phone; a bulk disposition against the routing proposal asking for its
// reason, and its failures in words; the agency asked for input labelled as
// such; and, after forwarding a case away, where it went instead of a dead
// end. Called by run.mjs with its helpers.

// The escalation line the page must show for an `escalated` payload, as an
// officer reads it (Indonesian), worked out here on its own.
function expectedEscalation(p, agencyNames) {
  const name = (code) => agencyNames[code] ?? code;
  const when = p.rule.split(':')[0];
  const late = /^overdue\+(\d+)$/.exec(when);
  const step = when === 'due_soon' ? 'Segera jatuh tempo'
    : when === 'overdue' ? 'Terlambat'
      : late ? `Terlambat ${late[1]} hari kerja`
        : when === 'policy' ? 'Aturan kebijakan' : null;
  if (!step) throw new Error(`unexpected escalation rule ${p.rule}`);
  const [kind, rest] = p.to.split(/:(.*)/s);
  const audience = kind === 'user' ? rest
    : kind === 'agency' ? `petugas ${name(rest)}`
      : kind === 'agency_head' ? `Kepala ${name(rest)}`
        : kind === 'verifiers' ? 'verifikator'
          : kind === 'inspectorate' ? 'Inspektorat'
            : kind === 'reporter' ? 'pelapor' : p.to;
  return `${step} — ${when === 'due_soon' ? 'diberitahukan ke' : 'diteruskan ke'} ${audience}`;
}

export async function run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP, PHONE }) {
  const agencyNames = Object.fromEntries(
    ((await (await fetch(`${base}/api/v1/agencies`)).json()).items ?? []).map((a) => [a.code, a.name]),
  );
  const marker = `Meja${Date.now().toString(36)}`;

  // A case filed by a citizen, verified and disposed to DPU over the API.
  async function disposedToDpu(verifier, extra = {}, supporting = []) {
    const receipt = await submitByApi({
      kind: 'complaint',
      title: `${marker} ${extra.title ?? 'jalan berlubang'}`,
      description: 'Jalan berlubang di depan pasar, membahayakan pengendara motor.',
      reporter: { name: 'Warga Uji', phone: '081234567890' },
      ...extra,
    });
    const code = receipt.tracking_code;
    for (const body of [{ action: 'verify' }, { action: 'dispose', agency_code: 'DPU', supporting }]) {
      const r = await verifier.call('POST', `/api/v1/cases/${code}/events`, body);
      if (r.status !== 201) throw new Error(`${body.action} ${code}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    return receipt;
  }

  await test('desk: escalation lines say the step (due soon, overdue, overdue +N, policy rule) and who was told', async () => {
    const verifier = await officerSession('verifikator');
    const admin = await officerSession('admin');
    // A policy rule that escalates to the head of DPU: its line names the rule.
    const rule = await admin.call('POST', '/api/v1/rules', {
      name: `Uji e2e eskalasi ${marker}`,
      basis: 'Perpres 76/2013: pengaduan yang menyangkut keselamatan ditangani segera',
      trigger: { event: 'submitted' },
      conditions: [{ field: 'text', op: 'contains', value: `[${marker}-eskalasi]` }],
      actions: [{ type: 'escalate', to: 'agency_head:DPU' }],
    });
    if (rule.status !== 201) throw new Error(`rule: ${rule.status} ${JSON.stringify(rule.body)}`);
    await admin.call('POST', `/api/v1/rules/${rule.body.id}/enable`);
    try {
      await new Promise((r) => setTimeout(r, 1500));  // the runner takes up the new rule set
      const byRule = await submitByApi({
        kind: 'complaint',
        title: `Kabel listrik menjuntai ${marker}`,
        description: `Kabel menjuntai di atas trotoar. [${marker}-eskalasi]`,
      });
      // A demo case whose deadline chain ran its course: due soon, overdue,
      // overdue + N working days.
      let found = null;
      let cursor = '';
      for (let page = 0; page < 10 && !found; page++) {
        const list = await verifier.call('GET', `/api/v1/cases?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        for (const c of list.body.items) {
          const events = (await verifier.call('GET', `/api/v1/cases/${c.tracking_code}/timeline`)).body.events ?? [];
          const rules = events.filter((e) => e.kind === 'escalated').map((e) => e.payload.rule.split(':')[0]);
          if (rules.includes('due_soon') && rules.includes('overdue') && rules.some((r) => /^overdue\+\d+$/.test(r))) {
            found = c.tracking_code;
            break;
          }
        }
        if (!list.body.next_cursor) break;
        cursor = encodeURIComponent(list.body.next_cursor);
      }
      if (!found) throw new Error('no demo case with a whole escalation chain');

      const page = await newPage(DESKTOP);
      await login(page, 'verifikator');
      const deadline = Date.now() + 20000;
      for (const code of [found, byRule.tracking_code]) {
        let events;
        for (;;) {
          events = (await verifier.call('GET', `/api/v1/cases/${code}/timeline`)).body.events.filter((e) => e.kind === 'escalated');
          if (events.length > 0) break;
          if (Date.now() > deadline) throw new Error(`the rule did not escalate ${code} within 20 s`);
          await new Promise((r) => setTimeout(r, 500));
        }
        await page.goto(`${base}/petugas/kasus/${code}`);
        await ready(page);
        const lines = page.locator('.timeline-internal li.event-escalated');
        await lines.first().waitFor();
        const shown = (await lines.locator('.event-head strong').allTextContents()).map((s) => s.trim());
        const wanted = events.map((e) => expectedEscalation(e.payload, agencyNames)).reverse();
        if (shown.join('\n') !== wanted.join('\n')) {
          throw new Error(`escalation lines of ${code}:\n${shown.join('\n')}\nexpected:\n${wanted.join('\n')}`);
        }
        if (shown.some((s) => s.includes('Tenggat: peringatan'))) throw new Error('a generic "Tenggat: peringatan" line is left');
        // The stage and the deadline the step was about.
        const due = await lines.first().getByTestId('escalation-due').textContent();
        if (!/^Batas (verifikasi|tindak lanjut|penyelesaian): /.test(due)) throw new Error(`stage line: ${due}`);
      }
      const policyLine = await page.locator('.timeline-internal li.event-escalated .event-head strong').first().textContent();
      if (policyLine !== 'Aturan kebijakan — diteruskan ke Kepala Dinas Pekerjaan Umum') throw new Error(`policy line: ${policyLine}`);
      await capture(page, 'officer-escalations');
      await page.close();
    } finally {
      await admin.call('POST', `/api/v1/rules/${rule.body.id}/disable`);
    }
  });

  await test('desk: the officer sees the reporter\'s rating on the case page; on a phone the details stack', async () => {
    const verifier = await officerSession('verifikator');
    const dpu = await officerSession('petugas.dpu');
    const receipt = await disposedToDpu(verifier, { title: 'lubang dinilai' });
    const code = receipt.tracking_code;
    for (const body of [{ action: 'start' }, { action: 'resolve', text: 'Lubang sudah ditambal.' }]) {
      const r = await dpu.call('POST', `/api/v1/cases/${code}/events`, body);
      if (r.status !== 201) throw new Error(`${body.action}: ${r.status} ${JSON.stringify(r.body)}`);
    }

    const page = await newPage(DESKTOP);
    await login(page, 'petugas.dpu');
    await page.goto(`${base}/petugas/kasus/${code}`);
    await ready(page);
    // Resolved, not rated yet: said so.
    const none = await page.getByTestId('case-rating').textContent();
    if (none.trim() !== 'Belum dinilai pelapor') throw new Error(`before the rating: ${none}`);

    const rated = await fetch(`${base}/api/v1/cases/${code}/rating`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Reporter-Secret': receipt.reporter_secret },
      body: JSON.stringify({ stars: 4, comment: 'Cepat, terima kasih' }),
    });
    if (rated.status !== 201 && rated.status !== 200) throw new Error(`rating: ${rated.status} ${await rated.text()}`);
    await page.reload();
    await ready(page);
    const rating = page.getByTestId('case-rating');
    const said = (await rating.textContent()).replace(/\s+/g, ' ');
    if (!said.includes('★★★★☆') || !said.includes('4 dari 5 bintang') || !said.includes('“Cepat, terima kasih”')) {
      throw new Error(`rating on the case page: ${said}`);
    }
    if (!(await rating.locator('time').getAttribute('datetime'))) throw new Error('the rating has no date');

    // A phone: each value of the details under its label, never a sliver.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(150);
    const widths = await page.evaluate(() =>
      [...document.querySelectorAll('.case-side .facts dd')].map((dd) => Math.round(dd.getBoundingClientRect().width)),
    );
    if (widths.length === 0 || Math.min(...widths) < 250) throw new Error(`detail values on a phone: ${widths.join(', ')} px wide`);
    await capture(page, 'officer-case-rated');
    await page.close();
  });

  await test('desk: bulk dispose against the proposal asks for the reason; what fails is said in words', async () => {
    const verifier = await officerSession('verifikator');
    const bulkMarker = `${marker}massal`;
    // Three drainage cases in Tembalang, proposed for DPU: two verified, one
    // not verified yet.
    const file = (n) =>
      submitByApi({
        kind: 'complaint',
        service_code: 'PU-DRAINASE',
        title: `${bulkMarker} gorong-gorong ${n}`,
        description: 'Gorong-gorong ambrol, air meluap ke jalan.',
        location: { region_code: '33.74.10.1006' },
      }).then((r) => r.tracking_code);
    const [a, b, c] = [await file(1), await file(2), await file(3)];
    for (const code of [a, b]) await verifier.call('POST', `/api/v1/cases/${code}/events`, { action: 'verify' });
    const proposal = (await verifier.call('GET', `/api/v1/cases/${a}`)).body.routing?.proposed_disposition?.agency_code;
    if (proposal !== 'DPU') throw new Error(`proposal of ${a}: ${proposal}`);

    const page = await newPage(DESKTOP);
    await login(page, 'verifikator');
    const select = async (codes) => {
      await page.locator('#f-q').fill(bulkMarker);
      await page.getByRole('button', { name: 'Terapkan' }).click();
      for (const code of codes) {
        await page.locator(`input[data-select="${code}"]`).check();
      }
      await page.locator('#bulk-action').selectOption('dispose');
      await page.locator('#bulk-agency').selectOption('DISHUB');
    };
    await select([a, b, c]);
    const reason = page.locator('#bulk-override_reason');
    await reason.waitFor();
    const hint = await page.locator('#bulk-override_reason-hint').textContent();
    if (!hint.includes('3 laporan') || !hint.includes('Dinas Pekerjaan Umum')) throw new Error(`hint: ${hint}`);
    const why = 'Gorong-gorong di bawah jalan nasional, koordinasi Dishub';
    await reason.fill(why);
    await capture(page, 'officer-bulk-override');
    await page.getByRole('button', { name: 'Jalankan untuk 3 laporan' }).click();
    const outcome = page.getByTestId('bulk-outcome');
    await outcome.waitFor();
    let said = (await outcome.textContent()).replace(/\s+/g, ' ');
    if (!said.includes('2 berhasil, 1 gagal')) throw new Error(`bulk outcome: ${said}`);
    if (!said.includes('tidak dapat dilakukan pada status “Diterima”') || /current_status|allowed_actions/.test(said)) {
      throw new Error(`the failure of the unverified case: ${said}`);
    }
    for (const code of [a, b]) {
      const events = (await verifier.call('GET', `/api/v1/cases/${code}/timeline`)).body.events;
      const disposed = events.find((e) => e.kind === 'disposed');
      if (disposed?.payload.agency_code !== 'DISHUB' || disposed?.payload.override_reason !== why) {
        throw new Error(`disposition of ${code}: ${JSON.stringify(disposed?.payload)}`);
      }
    }

    // A proposal the bar did not know of (made after it looked, say): the
    // server's refusal reads as words, not as a field's key.
    await verifier.call('POST', `/api/v1/cases/${c}/events`, { action: 'verify' });
    await page.route(
      (url) => url.pathname === `/api/v1/cases/${c}`,
      async (route) => {
        const response = await route.fetch();
        const json = await response.json();
        if (json.routing) json.routing.proposed_disposition = null;
        await route.fulfill({ response, json });
      },
    );
    await page.reload();
    await ready(page);
    await select([c]);
    await page.getByRole('button', { name: 'Jalankan untuk 1 laporan' }).waitFor();
    if ((await reason.count()) !== 0) throw new Error('the reason is asked for a case without a known proposal');
    await page.getByRole('button', { name: 'Jalankan untuk 1 laporan' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=bulk-outcome]')?.textContent.includes('0 berhasil, 1 gagal'));
    said = (await outcome.textContent()).replace(/\s+/g, ' ');
    if (!said.includes('berbeda dari usulan') || said.includes('override_reason')) throw new Error(`the override failure: ${said}`);
    await page.unroute((url) => url.pathname === `/api/v1/cases/${c}`);
    await page.close();
  });

  await test('desk: the queue offers to the bulk actions only the cases the officer\'s agency leads, not one it supports, and a verifier no disposed case', async () => {
    const verifier = await officerSession('verifikator');
    const admin = await officerSession('admin');
    const username = `petugas.disperkim.${Date.now().toString(36)}`;
    const password = 'kata-sandi-perkim-2026';
    const created = await admin.call('POST', '/api/v1/users', { username, password, role: 'agency_officer', agency_code: 'DISPERKIM' });
    if (created.status !== 201) throw new Error(`user: ${created.status} ${JSON.stringify(created.body)}`);
    // Led by DPU, supported by DISPERKIM: DPU's officer may assign and
    // start it, DISPERKIM's may not (the server refuses it), so only DPU's
    // queue offers it to the bulk bar. The verifier's queue lists it too,
    // but neither verify nor dispose applies to a disposed case.
    const { tracking_code: code } = await disposedToDpu(verifier, { title: 'taman bersama' }, ['DISPERKIM']);
    const page = await newPage(DESKTOP);
    try {
      for (const [user, pass, offered] of [
        ['petugas.dpu', undefined, true],
        [username, password, false],
        ['verifikator', undefined, false],
      ]) {
        await login(page, user, pass);
        await page.goto(`${base}/petugas?q=${code}`);
        await page.locator(`main a[href="/petugas/kasus/${code}"]`).waitFor();
        const boxes = await page.locator(`input[data-select="${code}"]`).count();
        if ((boxes === 1) !== offered) throw new Error(`${user}: ${boxes} bulk checkbox(es) on ${code}`);
        if (!offered && (await page.locator('input[data-select]').count()) !== 0) throw new Error(`${user}: a case it cannot act on is offered to bulk actions`);
      }
    } finally {
      await page.close();
    }
  });

  await test('desk: after forwarding a case away the page says where it went, also for a confidential one; the form says first what becomes of the supporting agencies', async () => {
    const verifier = await officerSession('verifikator');
    const page = await newPage(DESKTOP);
    await login(page, 'petugas.dpu');
    for (const confidential of [false, true]) {
      const { tracking_code: code } = await disposedToDpu(verifier, {
        title: confidential ? 'pungutan liar' : 'lampu taman',
        confidential,
      }, ['DISPERKIM']);
      await page.goto(`${base}/petugas/kasus/${code}`);
      await ready(page);
      if (!confidential) {
        // Asking another agency for input names the agency asked, not a lead.
        await page.locator('button[data-action="request_input"]').click();
        const field = page.locator('form.action-form label[for="act-agency_code"]');
        if ((await field.textContent()) !== 'Instansi yang dimintai masukan') throw new Error(`label: ${await field.textContent()}`);
        const hint = await page.locator('form.action-form #act-agency_code-hint').textContent();
        if (!hint.includes('Dinas Pekerjaan Umum tetap instansi utama') || !hint.includes('Alihkan')) throw new Error(`hint: ${hint}`);
        await page.locator('form.action-form').getByRole('button', { name: 'Batal' }).click();
      }
      await page.locator('button[data-action="forward"]').click();
      const form = page.locator('form.action-form');
      await form.locator('#act-agency_code').selectOption('DISHUB');
      // Before it happens: a confidential case's supporters lose it, an
      // open case's stay; either way the form names them.
      const support = (await form.getByTestId('forward-support').textContent()).replace(/\s+/g, ' ');
      const perkim = 'Dinas Perumahan dan Kawasan Permukiman';
      if (!support.includes(perkim)) throw new Error(`forward form, supporting agencies: ${support}`);
      if (confidential !== support.includes('tidak dapat lagi membuka kasus ini')) throw new Error(`forward form (confidential ${confidential}): ${support}`);
      if (!confidential && !support.includes('tetap menjadi instansi pendukung')) throw new Error(`forward form: ${support}`);
      await form.locator('#act-reason').fill('Lokasi di bawah kewenangan Dinas Perhubungan.');
      await form.locator('button[type=submit]').click();
      const moved = page.getByTestId('forwarded-away');
      await moved.waitFor();
      const text = (await moved.textContent()).replace(/\s+/g, ' ');
      if (!text.includes('Laporan ini sudah dialihkan ke Dinas Perhubungan.')) throw new Error(`after forwarding: ${text}`);
      await page.waitForLoadState('networkidle');
      if (confidential) {
        // No longer readable by DPU: no error, the way back to the queue.
        if ((await page.locator('.notice-error').count()) !== 0) {
          throw new Error(`an error after forwarding: ${await page.locator('.notice-error').textContent()}`);
        }
        await capture(page, 'officer-forwarded-confidential');
        await moved.getByRole('link', { name: '← Kembali ke antrean' }).click();
        await page.getByRole('heading', { name: 'Antrean laporan' }).waitFor();
      } else {
        await page.locator('.case-meta .badge', { hasText: 'Didisposisikan' }).waitFor();
        const none = await page.getByTestId('actions-none').textContent();
        if (!none.includes('ditangani oleh Dinas Perhubungan') || none.includes('pada status ini')) throw new Error(`actions: ${none}`);
      }
    }
    await page.close();
  });
}
