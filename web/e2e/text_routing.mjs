// Issue 8 in the browser: with an agency model trained into the database
// (`sigap train --from` the shared SP4N-LAPOR! reports plus the demo's
// dispositions), a new complaint gets a text suggestion; the verifier sees
// the three likeliest agencies with their probabilities and the words
// behind them, and confirms the proposal in one click. The administrator's
// screen sets the policy, trains, rolls back, and trains the category
// model, whose proposal the officer confirms. Called by run.mjs with its
// helpers.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The project's copy of the shared SP4N-LAPOR! reports (scripts/derive-data),
// there wherever the checkout is.
const shared = resolve(dirname(fileURLToPath(import.meta.url)), '../../data/demo/complaints.csv');

export async function run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP, sigapBinary, db }) {
  // An agency model trained into the database (`sigap train`), which the
  // running server takes up.
  const trainAgencyModel = () => {
    if (!existsSync(shared)) throw new Error(`${shared} is missing`);
    const trained = execFileSync(sigapBinary, ['train', '--db', db, '--from', shared], { encoding: 'utf8', stdio: 'pipe' });
    if (!/promoted/.test(trained)) throw new Error(`train: ${trained}`);
  };
  // The tests after the first want a model in use; run alone (--only), each
  // trains one when the database has none yet.
  const ensureAgencyModel = async () => {
    const admin = await officerSession('admin');
    // Training may outlast the server's idle timeout: a kept-alive
    // connection closed meanwhile fails once, so the request is retried.
    const overview = () =>
      admin.call('GET', '/api/v1/routing/text').catch(() => admin.call('GET', '/api/v1/routing/text'));
    if ((await overview()).body.models?.length > 0) return;
    trainAgencyModel();
    for (let tries = 0; tries < 120; tries++) {
      if ((await overview()).body.active) return;
      await new Promise((done) => setTimeout(done, 500));
    }
    throw new Error('the trained model is not in use');
  };

  await test('issue 8: the verifier sees the text suggestion and confirms it in one click', async () => {
    trainAgencyModel();
    // Training may outlast the server's idle timeout: a kept-alive
    // connection closed meanwhile fails once, so the submission is retried.
    const post = (init) => fetch(`${base}/api/v1/cases`, init).catch(() => fetch(`${base}/api/v1/cases`, init));
    const r = await post({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        kind: 'complaint',
        title: 'Jalan berlubang di Jalan Pemuda',
        description: 'Jalan rusak dan berlubang besar di Jalan Pemuda Kota Semarang, membahayakan pengendara. Mohon segera diperbaiki.',
        location: { region_code: '33.74.01.1001' },
        anonymous: true,
      }),
    });
    if (r.status !== 201) throw new Error(`submit: ${r.status} ${await r.text()}`);
    const code = (await r.json()).tracking_code;
    const verifier = await officerSession('verifikator');
    let suggestion = null;
    for (let tries = 0; tries < 120 && !suggestion; tries++) {
      suggestion = (await verifier.call('GET', `/api/v1/cases/${code}`)).body.routing?.text_suggestion ?? null;
      if (!suggestion) await new Promise((done) => setTimeout(done, 500));
    }
    if (!suggestion?.agency_code) throw new Error(`no proposal by text: ${JSON.stringify(suggestion)}`);
    const verified = await verifier.call('POST', `/api/v1/cases/${code}/events`, { action: 'verify' });
    if (verified.status !== 201) throw new Error(`verify: ${verified.status}`);

    const page = await newPage(DESKTOP);
    await login(page, 'verifikator');
    await page.goto(`${base}/petugas/kasus/${code}`);
    await ready(page);
    const box = page.getByTestId('text-suggestion');
    await box.waitFor();
    if ((await box.locator('ol li').count()) !== 3) throw new Error(`top 3: ${await box.textContent()}`);
    if (!/\d+%/.test(await box.textContent())) throw new Error(`no probabilities: ${await box.textContent()}`);
    await box.getByTestId('text-suggestion-words').waitFor();
    const proposal = page.getByTestId('proposal');
    await proposal.waitFor();
    if (!/menurut isi laporan/.test(await proposal.textContent())) throw new Error(`proposal: ${await proposal.textContent()}`);
    await capture(page, 'officer-text-suggestion');
    await proposal.locator('button[data-proposal="confirm"]').click();
    await page.locator('.case-meta .badge', { hasText: 'Didisposisikan' }).waitFor();
    const after = (await verifier.call('GET', `/api/v1/cases/${code}`)).body;
    if (after.agency_code !== suggestion.agency_code) throw new Error(`disposed to ${after.agency_code}, proposed ${suggestion.agency_code}`);
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();
  });

  await test('issue 8: the administrator sets the Pemda\'s policy, trains now and rolls back', async () => {
    await ensureAgencyModel();
    const page = await newPage(DESKTOP);
    await login(page, 'admin');
    await page.goto(`${base}/petugas/admin/klasifikasi`);
    await ready(page);
    const active = page.getByTestId('text-routing-active');
    await active.getByText('dari basis data').waitFor();
    if (!/keyakinan ≥ \d/.test(await page.getByTestId('text-routing-threshold').textContent())) {
      throw new Error(`threshold: ${await page.getByTestId('text-routing-threshold').textContent()}`);
    }

    // Retraining after 500 new dispositions, with its reason, kept in the history.
    const policy = page.getByTestId('text-routing-policy');
    await policy.getByLabel('Latih ulang setelah sekian disposisi baru').fill('500');
    await policy.getByLabel('Alasan perubahan').fill('Uji e2e: latih ulang tiap 500');
    await policy.getByRole('button', { name: 'Simpan kebijakan' }).click();
    await page.getByText('Kebijakan disimpan.').waitFor();
    await page.getByTestId('text-routing-history').getByText('Uji e2e: latih ulang tiap 500').waitFor();
    // Who changed it, by the officer's full name (the demo's admin) and the
    // username, as text (not a hover title).
    await page
      .getByTestId('text-routing-history')
      .locator('li', { hasText: 'Uji e2e: latih ulang tiap 500' })
      .getByText('Novi Anggraeni (admin)', { exact: true })
      .waitFor();

    // "Train now" trains another model in the background.
    const trainButton = page.getByRole('button', { name: 'Latih sekarang' });
    const models = page.getByTestId('text-routing-models').locator('tbody tr');
    const before = await models.count();
    await trainButton.click();
    await page.getByText('Pelatihan dimulai di latar belakang.').waitFor();
    const admin = await officerSession('admin');
    let overview = null;
    // Under ASan on a busy CI machine a training with the corpus takes minutes.
    for (let tries = 0; tries < 1200; tries++) {
      overview = (await admin.call('GET', '/api/v1/routing/text')).body;
      if (!overview.training.queued && !overview.training.running && overview.models.length > before) break;
      await new Promise((done) => setTimeout(done, 500));
    }
    if (overview.models.length <= before) throw new Error(`no new model: ${JSON.stringify(overview.training)}`);
    await page.reload();
    await ready(page);
    await page.getByTestId('text-routing-models').locator(`tbody tr >> nth=${before}`).waitFor();
    // The model trained on request names who asked, by the full name.
    const trained = overview.models.reduce((a, b) => (b.id > a.id ? b : a));
    await page.locator(`tr[data-model="${trained.version}"]`).getByText('Novi Anggraeni (admin)', { exact: true }).waitFor();
    const state = await page.getByTestId('text-routing-training-state').textContent();
    if (!/dilatih dari \d+ contoh/.test(state)) throw new Error(`training: ${state}`);
    await capture(page, 'admin-text-routing');

    // Rollback: any kept model back in use in one click.
    const other = models.filter({ has: page.getByRole('button', { name: 'Pakai model ini' }) }).first();
    const version = await other.getAttribute('data-model');
    await other.getByRole('button', { name: 'Pakai model ini' }).click();
    await page.getByText(`Model ${version} sekarang dipakai.`).waitFor();
    await active.getByText(version).waitFor();
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();
  });

  await test('issue 8: the category model proposes a case\'s category and the officer confirms it', async () => {
    // The category joins the agency model's suggestion.
    await ensureAgencyModel();
    // The e2e demo is small: citizens file a dozen categorised reports of
    // each kind first (the category model learns every case with a category).
    const PU = 'PEKERJAAN-UMUM-DAN-PENATAAN-RUANG';
    const kinds = [
      [`${PU}.INFRASTRUKTUR-JALAN`, ['Jalan berlubang di depan sekolah', 'Aspal jalan rusak parah', 'Jalan retak dan amblas', 'Lubang besar di jalan raya']],
      [`${PU}.DRAINASE-GORONG-GORONG-PARIT`, ['Saluran air tersumbat sampah', 'Gorong-gorong mampet dan air meluap', 'Drainase buntu sehingga banjir', 'Parit penuh lumpur dan sampah']],
    ];
    for (const [category, texts] of kinds) {
      for (let i = 0; i < 12; i++) {
        const text = texts[i % texts.length];
        await submitByApi({
          kind: 'complaint',
          category,
          title: `${text} gang ${i + 1}`,
          description: `${text} di gang ${i + 1} RT ${(i % 5) + 1}, mohon segera ditangani.`,
          location: { region_code: '33.74.01.1001' },
          anonymous: true,
        });
      }
    }
    const page = await newPage(DESKTOP);
    await login(page, 'admin');
    await page.goto(`${base}/petugas/admin/klasifikasi`);
    await ready(page);
    const card = page.getByTestId('text-routing-category');
    await card.getByRole('button', { name: 'Latih model kategori sekarang' }).click();
    await page.getByText('Pelatihan dimulai di latar belakang.').waitFor();
    const admin = await officerSession('admin');
    let overview = null;
    for (let tries = 0; tries < 1200; tries++) {
      overview = (await admin.call('GET', '/api/v1/routing/text')).body;
      const last = overview.training.last;
      if (!overview.training.queued && !overview.training.running && last?.target === 'category' && last.finished_at) break;
      await new Promise((done) => setTimeout(done, 500));
    }
    if (overview.category_models.length === 0) throw new Error(`no category model: ${JSON.stringify(overview.training)}`);
    if (overview.training.last.target !== 'category') throw new Error(`last run: ${JSON.stringify(overview.training.last)}`);
    await page.reload();
    await ready(page);
    await page.getByTestId('text-routing-category-models').locator('tbody tr').first().waitFor();
    if (!/Model kategori .* dilatih dari \d+ contoh/.test(await page.getByTestId('text-routing-training-state').textContent())) {
      throw new Error(`training: ${await page.getByTestId('text-routing-training-state').textContent()}`);
    }
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();

    const r = await fetch(`${base}/api/v1/cases`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        kind: 'complaint',
        title: 'Saluran air tersumbat',
        description: 'Saluran drainase di gang kami tersumbat sampah, setiap hujan air meluap dan banjir masuk rumah warga.',
        location: { region_code: '33.74.01.1001' },
        anonymous: true,
      }),
    });
    if (r.status !== 201) throw new Error(`submit: ${r.status} ${await r.text()}`);
    const code = (await r.json()).tracking_code;
    const verifier = await officerSession('verifikator');
    let category = null;
    for (let tries = 0; tries < 120 && !category; tries++) {
      category = (await verifier.call('GET', `/api/v1/cases/${code}`)).body.routing?.text_suggestion?.category ?? null;
      if (!category) await new Promise((done) => setTimeout(done, 500));
    }
    if (!category?.category_code) throw new Error(`no category proposal: ${JSON.stringify(category)}`);

    const officer = await newPage(DESKTOP);
    await login(officer, 'verifikator');
    await officer.goto(`${base}/petugas/kasus/${code}`);
    await ready(officer);
    const box = officer.getByTestId('category-suggestion');
    await box.waitFor();
    if ((await box.locator('ol li').count()) < 1 || !/\d+%/.test(await box.textContent())) {
      throw new Error(`category suggestion: ${await box.textContent()}`);
    }
    await box.getByText('usulan ini sudah terisi').waitFor();
    await officer.locator('button[data-action="categorize"]').click();
    const form = officer.locator('form.action-form');
    await form.waitFor();
    const chosen = await form.locator('#act-category').inputValue();
    if (chosen !== category.category_code) throw new Error(`the form holds ${chosen}, proposed ${category.category_code}`);
    await form.locator('button[type=submit]').click();
    await officer.locator('.notice-info').waitFor();
    await box.getByText('Kasus sudah memakai kategori yang diusulkan.').waitFor();
    const after = (await verifier.call('GET', `/api/v1/cases/${code}`)).body;
    if (after.category !== category.category_code) throw new Error(`category ${after.category}, proposed ${category.category_code}`);
    await officer.close();
  });
}
