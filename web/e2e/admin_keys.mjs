// The administrators' screens for other systems: webhooks (a receiver here
// checks that the secret shown once signs the deliveries) and API keys (the
// key shown once works until it is revoked on the screen). Called by run.mjs
// with its helpers; each test signs in and names what it creates by itself.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';

// A webhook receiver on a free local port: every request, its raw body.
async function receiver() {
  const received = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, port: server.address().port, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function waitFor(what, check, ms = 20000) {
  const until = Date.now() + ms;
  for (;;) {
    const found = check();
    if (found) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// What the page copied: the clipboard as the page itself reads it.
async function clipboard(page) {
  return page.evaluate(() => navigator.clipboard.readText());
}

export async function run({ test, newPage, login, ready, capture, officerSession, submitByApi, base, DESKTOP }) {
  const unique = Date.now().toString(36);

  await test('admin: adds a webhook (its secret shown once signs the deliveries), a bad URL is said at the field, deletes it', async () => {
    const hook = await receiver();
    try {
      const page = await newPage(DESKTOP);
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      await login(page, 'admin');
      await page.getByRole('link', { name: 'Administrasi' }).click();
      await page.getByRole('link', { name: 'Webhook', exact: true }).click();
      await page.getByRole('heading', { name: 'Webhook', level: 1 }).waitFor();
      await page.getByTestId('webhook-events-summary').getByText('semua kejadian dikirim').waitFor();

      // A URL the server refuses: said at the field, nothing added.
      await page.locator('#wh-url').fill('ftp://x');
      await page.getByRole('button', { name: 'Tambah webhook' }).click();
      await page.locator('#wh-url-error').waitFor();
      if ((await page.locator('[data-testid=webhook-secret]').count()) !== 0) throw new Error('a secret for a refused URL');
      const admin = await officerSession('admin');
      const before = (await admin.call('GET', '/api/v1/webhooks')).body.items;
      if (before.some((w) => w.url === 'ftp://x')) throw new Error('the refused URL was stored');

      const url = `http://127.0.0.1:${hook.port}/sigap-${unique}`;
      await page.locator('#wh-url').fill(url);
      await page.locator('#wh-event-verified').check();
      await page.locator('#wh-event-resolved').check();
      await page.getByTestId('webhook-events-summary').getByText('2 jenis kejadian dipilih').waitFor();
      await page.getByRole('button', { name: 'Tambah webhook' }).click();
      const secret = (await page.getByTestId('webhook-secret-value').textContent()).trim();
      if (!/^[0-9a-f]{64}$/.test(secret)) throw new Error(`secret ${secret}`);
      if ((await page.locator('#wh-url-error').count()) !== 0) throw new Error('the old field error stayed');
      await page.getByTestId('webhook-secret').getByText('tidak akan ditampilkan lagi').waitFor();
      await page.getByRole('button', { name: 'Salin rahasia' }).click();
      await page.getByTestId('webhook-secret').getByText('Tersalin.').waitFor();
      if ((await clipboard(page)) !== secret) throw new Error('the copied secret differs');
      const row = page.locator('tr[data-webhook]', { hasText: url });
      await row.getByText('Laporan diverifikasi, Selesai ditangani').waitFor();
      if ((await page.getByTestId('webhooks').textContent()).includes(secret)) throw new Error('the secret is in the list');
      await ready(page);
      await capture(page, 'admin-webhooks');

      const listed = (await admin.call('GET', '/api/v1/webhooks')).body.items.find((w) => w.url === url);
      if (!listed || listed.secret !== undefined || listed.events.join() !== 'verified,resolved') {
        throw new Error(`listed: ${JSON.stringify(listed)}`);
      }

      // A case verified: the receiver gets it, signed with the secret shown.
      const receipt = await submitByApi({
        kind: 'complaint',
        service_code: 'PU-DRAINASE',
        title: `Saluran mampet ${unique}`,
        description: 'Saluran di depan pasar tersumbat sampah sejak kemarin sore.',
        location: { region_code: '33.74.01.1001' },
        anonymous: true,
      });
      const verifier = await officerSession('verifikator');
      const verified = await verifier.call('POST', `/api/v1/cases/${receipt.tracking_code}/events`, { action: 'verify' });
      if (verified.status !== 201) throw new Error(`verify: ${verified.status}`);
      const delivery = await waitFor('the signed delivery', () =>
        hook.received.find((r) => r.headers['x-sigap-event'] === 'verified' && r.body.includes(receipt.tracking_code)),
      );
      const expected = `sha256=${createHmac('sha256', secret).update(delivery.body).digest('hex')}`;
      if (delivery.method !== 'POST' || delivery.url !== `/sigap-${unique}`) throw new Error(`${delivery.method} ${delivery.url}`);
      if (delivery.headers['x-sigap-signature'] !== expected) {
        throw new Error(`signature ${delivery.headers['x-sigap-signature']}, expected ${expected}`);
      }
      if (hook.received.some((r) => r.headers['x-sigap-event'] === 'submitted')) throw new Error('an event not chosen was sent');

      // Shown once: not after a reload.
      await page.reload();
      await row.waitFor();
      if ((await page.locator('[data-testid=webhook-secret]').count()) !== 0) throw new Error('the secret is shown again');
      if ((await page.content()).includes(secret)) throw new Error('the secret is in the page again');

      // Deleting asks first; "Batal" keeps it.
      await row.getByRole('button', { name: 'Hapus' }).click();
      await row.getByRole('group', { name: `Hapus webhook ke ${url}?` }).waitFor();
      await row.getByRole('button', { name: 'Batal' }).click();
      await row.getByRole('button', { name: 'Hapus' }).click();
      await row.getByRole('button', { name: 'Ya, hapus' }).click();
      await page.locator('.notice-info', { hasText: `Webhook ke ${url} dihapus.` }).waitFor();
      await row.waitFor({ state: 'detached' });
      const after = (await admin.call('GET', '/api/v1/webhooks')).body.items;
      if (after.some((w) => w.url === url)) throw new Error('still listed after deleting');
      await page.getByRole('button', { name: 'Keluar' }).click();
      await page.locator('#username').waitFor();
      await page.close();
    } finally {
      await hook.close();
    }
  });

  await test('admin: creates an API key that works, a taken name is said at the field, revokes it and it is refused', async () => {
    const page = await newPage(DESKTOP);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await login(page, 'admin');
    await page.getByRole('link', { name: 'Administrasi' }).click();
    await page.getByRole('link', { name: 'Kunci API' }).click();
    await page.getByRole('heading', { name: 'Kunci API', level: 1 }).waitFor();
    await page.getByText('X-API-Key', { exact: false }).first().waitFor();

    const name = `e2e-sipd.${unique}`;
    await page.locator('#key-name').fill(name);
    await page.locator('#key-role').selectOption('agency_officer');
    await page.locator('#key-agency').selectOption('DPU');
    await page.getByRole('button', { name: 'Buat kunci' }).click();
    const key = (await page.getByTestId('api-key-created-value').textContent()).trim();
    if (!key.startsWith('sgp_')) throw new Error(`key ${key}`);
    await page.getByTestId('api-key-created').getByText('tidak akan ditampilkan lagi').waitFor();
    await page.getByRole('button', { name: 'Salin kunci' }).click();
    await page.getByTestId('api-key-created').getByText('Tersalin.').waitFor();
    if ((await clipboard(page)) !== key) throw new Error('the copied key differs');
    const row = page.locator(`tr[data-key="${name}"]`);
    await row.getByText(`sgp_…${key.slice(-4)}`).waitFor();
    await row.getByTestId('api-key-state').getByText('Aktif').waitFor();
    if (!(await row.textContent()).includes('petugas OPD')) throw new Error(`row: ${await row.textContent()}`);
    if ((await page.getByTestId('api-keys').textContent()).includes(key)) throw new Error('the whole key is in the list');

    // Another system uses it.
    const cases = (k) => fetch(`${base}/api/v1/cases?limit=1`, { headers: { 'X-API-Key': k, Accept: 'application/json' } });
    const works = await cases(key);
    if (works.status !== 200) throw new Error(`with the new key: ${works.status} ${await works.text()}`);

    // The same name again: said at the name field.
    await page.getByRole('button', { name: 'Sudah saya simpan' }).click();
    await page.locator('#key-name').fill(name);
    await page.locator('#key-role').selectOption('verifier');
    await page.getByRole('button', { name: 'Buat kunci' }).click();
    await page.locator('#key-name-error', { hasText: 'sudah dipakai' }).waitFor();
    if ((await page.getByTestId('api-key-created').count()) !== 0) throw new Error('a key for a taken name');
    await ready(page);
    await capture(page, 'admin-api-keys');

    // Revoking asks first, then the system is refused at once.
    await row.getByRole('button', { name: 'Cabut' }).click();
    await row.getByRole('group', { name: /langsung ditolak/ }).waitFor();
    await row.getByRole('button', { name: 'Ya, cabut' }).click();
    await page.locator('.notice-info', { hasText: `Kunci ${name} dicabut` }).waitFor();
    // Who made and revoked it, by the officer's full name (the demo's admin)
    // and the username, in text a keyboard and a screen reader reach (not a
    // hover title).
    await row.getByTestId('api-key-state').getByText(/^Dicabut .+ oleh Novi Anggraeni \(admin\)$/).waitFor();
    await row.locator('.actor-name').getByText('Novi Anggraeni (admin)', { exact: true }).waitFor();
    if ((await row.locator('[title]').count()) !== 0) throw new Error('a name still hides its username in a title');
    if ((await row.getByRole('button').count()) !== 0) throw new Error('a revoked key can be revoked again');
    const refused = await cases(key);
    if (refused.status !== 401) throw new Error(`with the revoked key: ${refused.status}`);

    const admin = await officerSession('admin');
    const listed = (await admin.call('GET', '/api/v1/api-keys')).body.items.find((k) => k.name === name);
    if (!listed?.revoked_at || listed.revoked_by !== 'user:admin' || listed.key !== undefined) {
      throw new Error(`listed: ${JSON.stringify(listed)}`);
    }
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();
    await page.close();
  });
}
