// Findings of an exploratory test of the timeline's words: a rejection as a
// duplicate that never named the case it duplicates, a moved deadline said
// as "Alasan: calendar" without its dates, "m dari titik Anda" on the
// officer's page, supporting agencies in two orders, the agency gone from
// /lacak while it waits for the information it asked for, and an event
// (input given) that did not say by whom. Called by run.mjs with its helpers.

// A date as formatDateTime writes it, without the weekday and the time:
// "10 Desember 2026" / "10 December 2026".
function day(iso, lang) {
  return new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'id-ID', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Asia/Jakarta',
  });
}

async function toEnglish(page) {
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).waitFor();
}

// Back to Indonesian for the tests that follow (the language is the browser's).
async function toIndonesian(page) {
  await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click({ timeout: 3000 }).catch(() => {});
}

// A reason to dispose where the classifier, trained by an earlier test of
// the run, proposes another agency (it is ignored where none does).
const OVERRIDE = 'Uji tampilan: instansi dipilih oleh pengujian';

export async function run({ test, newPage, login, ready, officerSession, submitByApi, base, DESKTOP, PHONE }) {
  const marker = `tw${Date.now().toString(36)}`;
  const complaint = (title, extra = {}) =>
    submitByApi({
      kind: 'complaint',
      title: `${title} ${marker}`,
      description: 'Lampu penerangan jalan mati sejak seminggu di depan sekolah.',
      reporter: { name: 'Warga Uji', phone: '081234567890' },
      ...extra,
    });
  const agencyNames = Object.fromEntries(
    ((await (await fetch(`${base}/api/v1/agencies`)).json()).items ?? []).map((a) => [a.code, a.name]),
  );

  await test('timeline words: a case rejected as a duplicate names the case it duplicates, as a link, for the citizen and the officer', async () => {
    const verifier = await officerSession('verifikator');
    const survivor = await complaint('Lampu jalan mati (asli)');
    const duplicate = await complaint('Lampu jalan mati (ganda)');
    const rejected = await verifier.call('POST', `/api/v1/cases/${duplicate.tracking_code}/events`, {
      action: 'reject',
      reason: 'duplicate',
      into: survivor.tracking_code,
    });
    if (rejected.status !== 201) throw new Error(`reject: ${rejected.status} ${JSON.stringify(rejected.body)}`);
    const shown = survivor.tracking_code.replace(/^(.{5})(.{5})$/, '$1 $2');

    // The citizen's /lacak page, without the secret (the public timeline).
    const citizen = await newPage(PHONE);
    try {
      await citizen.goto(`${base}/lacak/${duplicate.tracking_code}`);
      await ready(citizen);
      const item = citizen.locator('li.event-rejected');
      const link = item.locator(`a[href="/lacak/${survivor.tracking_code}"]`);
      await link.waitFor();
      const head = (await item.locator('.event-head strong').textContent()).replace(/\s+/g, ' ');
      if (!head.includes('Ditolak: sama dengan laporan') || !head.includes(shown)) throw new Error(`citizen: "${head}"`);
      await toEnglish(citizen);
      await item.getByText('Rejected: duplicate of report').waitFor();
      // The link opens the surviving case.
      await link.click();
      await citizen.waitForURL(`**/lacak/${survivor.tracking_code}`);
      await citizen.getByRole('heading', { name: `Lampu jalan mati (asli) ${marker}` }).waitFor();
    } finally {
      await toIndonesian(citizen);
      await citizen.close();
    }

    // The officer's case page links to the officer's page of the survivor.
    const officer = await newPage(DESKTOP);
    try {
      await login(officer, 'verifikator');
      await officer.goto(`${base}/petugas/kasus/${duplicate.tracking_code}`);
      await ready(officer);
      const link = officer.locator(`li.event-rejected a[href="/petugas/kasus/${survivor.tracking_code}"]`);
      await link.waitFor();
      if ((await link.textContent()) !== shown) throw new Error(`officer link: "${await link.textContent()}"`);
      await officer.locator('li.event-rejected', { hasText: 'Ditolak: sama dengan laporan' }).waitFor();
      await link.click();
      await officer.waitForURL(`**/petugas/kasus/${survivor.tracking_code}`);
      await officer.locator('li.event-merged_in, li.event-submitted').first().waitFor();
    } finally {
      await officer.close();
    }
  });

  await test('timeline words: a deadline moved by the working calendar shows its old and new dates and why, in both languages', async () => {
    const admin = await officerSession('admin');
    const filed = await complaint('Lampu jalan mati (kalender)');
    const code = filed.tracking_code;
    const before = (await admin.call('GET', `/api/v1/cases/${code}/timeline`)).body.deadline;
    if (!before?.due_at) throw new Error(`no deadline: ${JSON.stringify(before)}`);
    // The day the deadline falls on becomes a regional day off: the
    // deadline moves to the next working day.
    const date = new Date(new Date(before.due_at).getTime() + 7 * 3600e3).toISOString().slice(0, 10);
    const added = await admin.call('POST', '/api/v1/calendar/days', { date, name: `Libur uji ${marker}`, kind: 'regional' });
    if (added.status !== 201) throw new Error(`day off: ${added.status} ${JSON.stringify(added.body)}`);
    const page = await newPage(DESKTOP);
    try {
      const events = (await admin.call('GET', `/api/v1/cases/${code}/timeline`)).body.events;
      const moved = events.find((e) => e.kind === 'deadline_adjusted');
      if (!moved || moved.payload.reason !== 'calendar') throw new Error(`events: ${JSON.stringify(events)}`);
      await login(page, 'verifikator');
      await page.goto(`${base}/petugas/kasus/${code}`);
      await ready(page);
      const item = page.locator('.timeline-internal li.event-deadline_adjusted');
      await item.waitFor();
      const said = async () => (await item.textContent()).replace(/\s+/g, ' ');
      let text = await said();
      const wanted = [
        'Tenggat disesuaikan',
        `Batas verifikasi: semula`,
        day(moved.payload.due_before, 'id'),
        `, kini`,
        day(moved.payload.due_at, 'id'),
        'Alasan: kalender hari kerja berubah',
      ];
      for (const w of wanted) if (!text.includes(w)) throw new Error(`"${w}" not in "${text}"`);
      if (/\bcalendar\b/.test(text)) throw new Error(`the raw reason: "${text}"`);
      await toEnglish(page);
      await item.getByText('Deadline adjusted').waitFor();
      text = await said();
      for (const w of ['Verification due: was', day(moved.payload.due_before, 'en'), ', now', day(moved.payload.due_at, 'en'), 'Reason: the working calendar changed']) {
        if (!text.includes(w)) throw new Error(`"${w}" not in "${text}"`);
      }
    } finally {
      await toIndonesian(page);
      await page.close();
      // The day off goes (the deadlines move back) for the tests that follow.
      await admin.call('DELETE', `/api/v1/calendar/days/${date}`);
    }
  });

  await test('timeline words: the officer\'s nearby list measures from the case\'s location, not "your pin"', async () => {
    const lat = -6.97712;
    const lng = 110.40215;
    const first = await complaint('Got mampet (satu)', { service_code: 'PU-DRAINASE', location: { lat, lng } });
    const second = await complaint('Got mampet (dua)', { service_code: 'PU-DRAINASE', location: { lat: lat + 0.0002, lng } });
    const page = await newPage(DESKTOP);
    try {
      await login(page, 'verifikator');
      await page.goto(`${base}/petugas/kasus/${first.tracking_code}`);
      await ready(page);
      const row = page.getByTestId('officer-nearby').locator('li', { has: page.locator(`a[href$="${second.tracking_code}"]`) });
      await row.waitFor();
      let text = await row.textContent();
      if (!/\d+ m dari lokasi kasus ini/.test(text) || /titik Anda/.test(text)) throw new Error(`Indonesian: "${text}"`);
      await toEnglish(page);
      await row.getByText("from this case's location").waitFor();
      text = await row.textContent();
      if (/your pin/.test(text)) throw new Error(`English: "${text}"`);
    } finally {
      await toIndonesian(page);
      await page.close();
    }
  });

  await test('timeline words: supporting agencies in the same order in the timeline and the case\'s details', async () => {
    const verifier = await officerSession('verifikator');
    const filed = await complaint('Lampu jalan mati (pendukung)');
    const code = filed.tracking_code;
    // Listed against the alphabet: the order the disposition gives.
    const supporting = ['DLH', 'DISHUB', 'DINKES'];
    for (const [who, body] of [
      [verifier, { action: 'verify' }],
      [verifier, { action: 'dispose', agency_code: 'DPU', supporting, override_reason: OVERRIDE }],
    ]) {
      const r = await who.call('POST', `/api/v1/cases/${code}/events`, body);
      if (r.status !== 201) throw new Error(`${body.action}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    const names = supporting.map((c) => agencyNames[c]).join(', ');

    const officer = await newPage(DESKTOP);
    try {
      await login(officer, 'verifikator');
      await officer.goto(`${base}/petugas/kasus/${code}`);
      await ready(officer);
      const inTimeline = await officer.locator('li.event-disposed p.muted', { hasText: 'Instansi pendukung' }).textContent();
      if (inTimeline.trim() !== `Instansi pendukung: ${names}`) throw new Error(`timeline: "${inTimeline}" vs ${names}`);
      const inDetails = await officer.locator('.case-side dl.facts dt:text-is("Instansi pendukung") + dd').textContent();
      if (inDetails.trim() !== names) throw new Error(`details: "${inDetails}" vs "${names}"`);
    } finally {
      await officer.close();
    }
  });

  await test('timeline words: /lacak keeps the agency handling a case while it waits for the information the agency asked for', async () => {
    const verifier = await officerSession('verifikator');
    const dpu = await officerSession('petugas.dpu');
    const filed = await complaint('Lampu jalan mati (menunggu info)');
    const code = filed.tracking_code;
    for (const [who, body] of [
      [verifier, { action: 'verify' }],
      [verifier, { action: 'dispose', agency_code: 'DPU', override_reason: OVERRIDE }],
      [dpu, { action: 'request_info', text: 'Mohon kirim foto tiang lampu yang mati.' }],
    ]) {
      const r = await who.call('POST', `/api/v1/cases/${code}/events`, body);
      if (r.status !== 201) throw new Error(`${body.action}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    const citizen = await newPage(PHONE);
    try {
      await citizen.goto(`${base}/lacak/${code}`);
      await ready(citizen);
      const facts = citizen.locator('dl.facts').first();
      const agency = facts.locator('dt', { hasText: 'Instansi (OPD)' });
      await agency.waitFor({ timeout: 5000 }).catch(async () => {
        throw new Error(`no agency on /lacak while waiting for information: "${await facts.textContent()}"`);
      });
      await facts.locator('dd', { hasText: agencyNames.DPU }).waitFor();
      await toEnglish(citizen);
      await facts.locator('dt', { hasText: 'Agency (OPD)' }).waitFor();
    } finally {
      await toIndonesian(citizen);
      await citizen.close();
    }

    // A report not yet disposed: the routing's proposal is not shown as
    // the agency handling it.
    const fresh = await complaint('Lampu jalan mati (baru)', { service_code: 'PU-DRAINASE' });
    const page = await newPage(PHONE);
    try {
      await page.goto(`${base}/lacak/${fresh.tracking_code}`);
      await ready(page);
      await page.locator('dl.facts dt', { hasText: 'Status' }).first().waitFor();
      if ((await page.locator('dl.facts dt', { hasText: 'Instansi (OPD)' }).count()) !== 0) {
        throw new Error('a received report shows an agency handling it');
      }
    } finally {
      await page.close();
    }
  });

  await test('timeline words: input given by a supporting agency says which agency gave it', async () => {
    const admin = await officerSession('admin');
    const dpu = await officerSession('petugas.dpu');
    const verifier = await officerSession('verifikator');
    // An officer of the supporting agency, to give the input.
    const username = `petugas.dishub.${marker}`;
    const password = 'kata-sandi-uji-2026';
    const created = await admin.call('POST', '/api/v1/users', {
      username,
      password,
      role: 'agency_officer',
      agency_code: 'DISHUB',
    });
    if (created.status !== 201) throw new Error(`user: ${created.status} ${JSON.stringify(created.body)}`);
    const signIn = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const cookie = signIn.headers.get('set-cookie').split(';')[0];
    const { csrf_token: csrf } = await signIn.json();
    const filed = await complaint('Lampu jalan mati (masukan)');
    const code = filed.tracking_code;
    for (const [who, body] of [
      [verifier.call, { action: 'verify' }],
      [verifier.call, { action: 'dispose', agency_code: 'DPU', override_reason: OVERRIDE }],
      [dpu.call, { action: 'request_input', agency_code: 'DISHUB', text: 'Apakah lampu ini milik Dishub?' }],
      [
        (method, path, body) =>
          fetch(`${base}${path}`, {
            method,
            headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          }).then(async (r) => ({ status: r.status, body: await r.text() })),
        { action: 'provide_input', text: 'Ya, tiang ini aset Dishub; kami perbaiki minggu ini.' },
      ],
    ]) {
      const r = await who('POST', `/api/v1/cases/${code}/events`, body);
      if (r.status !== 201) throw new Error(`${body.action}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    const page = await newPage(DESKTOP);
    try {
      await login(page, 'verifikator');
      await page.goto(`${base}/petugas/kasus/${code}`);
      await ready(page);
      const head = page.locator('li.event-input_provided .event-head strong');
      await head.waitFor();
      const text = await head.textContent();
      if (text !== `Masukan diberikan oleh ${agencyNames.DISHUB}`) throw new Error(`input: "${text}"`);
      await toEnglish(page);
      await page.locator('li.event-input_provided .event-head strong', { hasText: `Input provided by ${agencyNames.DISHUB}` }).waitFor();
    } finally {
      await toIndonesian(page);
      await page.close();
    }
  });

  await test('timeline words: officers read who acted by the officer\'s full name with the username, where the username alone showed; the citizen reads neither', async () => {
    // The demo's verifikator is "Mega Puspitasari" (data/demo/semarang.json).
    const verifier = await officerSession('verifikator');
    const filed = await complaint('Lampu jalan mati (nama petugas)');
    const code = filed.tracking_code;
    const verified = await verifier.call('POST', `/api/v1/cases/${code}/events`, { action: 'verify' });
    if (verified.status !== 201) throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.body)}`);

    const officer = await newPage(DESKTOP);
    try {
      await login(officer, 'admin');
      await officer.goto(`${base}/petugas/kasus/${code}`);
      await ready(officer);
      const head = officer.locator('li.event-verified .event-head .muted');
      await head.waitFor();
      const said = (await head.textContent()).replace(/\s+/g, ' ');
      // The full name, and the username beside it as text anyone can
      // read (not only in a hover title).
      if (!said.includes('Mega Puspitasari (verifikator)')) throw new Error(`officer: "${said}"`);
      // The administrator's list names the account too.
      await officer.goto(`${base}/petugas/admin/pengguna`);
      await ready(officer);
      await officer.locator('tr[data-username="verifikator"]', { hasText: 'Mega Puspitasari' }).waitFor();
      // An account created with a full name on the screen, then renamed.
      const username = `uji.${marker}`;
      await officer.locator('#new-username').fill(username);
      await officer.locator('#new-full-name').fill('  Yohana Sitompul ');
      await officer.locator('#new-password').fill('kata-sandi-uji-123');
      await officer.locator('form.card button[type="submit"]').click();
      const row = officer.locator(`tr[data-username="${username}"]`);
      await row.getByText('Yohana Sitompul', { exact: true }).waitFor();
      await row.getByRole('button', { name: 'Ubah nama' }).click();
      await row.getByRole('textbox', { name: `Nama lengkap ${username}` }).fill('Yohana Sitompul, S.H.');
      await row.getByRole('button', { name: 'Simpan nama' }).click();
      await row.getByText('Yohana Sitompul, S.H.', { exact: true }).waitFor();
    } finally {
      await officer.close();
    }

    const citizen = await newPage(PHONE);
    try {
      await citizen.goto(`${base}/lacak/${code}`);
      await ready(citizen);
      await citizen.locator('li.event-verified').waitFor();
      const text = await citizen.locator('main').textContent();
      if (text.includes('Mega Puspitasari') || text.includes('verifikator')) throw new Error(`citizen: "${text}"`);
    } finally {
      await citizen.close();
    }
  });
}
