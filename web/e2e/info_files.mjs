// The information an officer asks for may be a photo or a document: the
// reporter answers "Minta informasi" on the tracking page with text and a
// file, uploaded as on the report form (a photo shrunk to a JPEG first), and
// the officer sees the file in the case's timeline and can open it; the
// public cannot. Called by run.mjs with its helpers.

// A 2×2 PNG (the browser makes it a JPEG before it leaves the phone).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4YaMBRAwQCgAjXgSxbgN+HAAAAABJRU5ErkJggg==',
  'base64',
);

export async function run({ test, newPage, login, ready, capture, submitByApi, base, DESKTOP, PHONE }) {
  const unique = Date.now().toString(36);

  await test('reporter: requested information is answered with a photo, which the officer sees in the timeline and downloads', async () => {
    const receipt = await submitByApi({
      kind: 'complaint',
      title: `Pagar sekolah roboh ${unique}`,
      description: 'Pagar SD di Jl. Kenanga roboh sejak hujan deras kemarin.',
      location: { address: 'Jl. Kenanga 12' },
    });
    const code = receipt.tracking_code;
    const question = 'Mohon kirim foto pagar yang roboh.';
    const answer = 'Foto pagar dari depan sekolah terlampir.';

    // The verifier asks for more information from the case page.
    const officer = await newPage(DESKTOP);
    await login(officer, 'verifikator');
    await officer.goto(`${base}/petugas/kasus/${code}`);
    await ready(officer);
    await officer.locator('button[data-action="request_info"]').click();
    const form = officer.locator('form.action-form');
    await form.locator('#act-text').fill(question);
    await form.locator('button[type=submit]').click();
    await form.waitFor({ state: 'detached' });
    await officer.locator('.timeline .event-info_requested', { hasText: question }).waitFor();

    // The reporter opens the case with the secret and answers with a photo.
    const citizen = await newPage(PHONE);
    const uploads = [];
    citizen.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/attachments') {
        uploads.push({ url: r.url(), type: r.headers()['content-type'] });
      }
    });
    await citizen.goto(`${base}/lacak/${code}`);
    await ready(citizen);
    await citizen.locator('#secret').fill(receipt.reporter_secret);
    await citizen.getByRole('button', { name: 'Buka sebagai pelapor' }).click();
    await citizen.locator('blockquote.question', { hasText: question }).waitFor();
    const reply = citizen.locator('form', { has: citizen.locator('#reporter-provide_info') });
    await reply.locator('#reporter-provide_info').fill(answer);
    // The report form's field: photos and PDF documents, at most 3.
    const input = reply.getByLabel('Tambah foto atau dokumen (PDF)');
    if (!(await input.getAttribute('accept')).includes('application/pdf')) throw new Error('the file input does not accept PDF');
    const hint = await reply.locator('#reporter-provide_info-files-hint').textContent();
    if (!hint.includes('Paling banyak 3 berkas')) throw new Error(`hint: ${hint}`);
    await input.setInputFiles({ name: 'pagar roboh.png', mimeType: 'image/png', buffer: PNG });
    const listed = reply.locator('.photo-list li', { hasText: 'pagar roboh.jpg' });
    await listed.waitFor();
    // Shrunk in the browser: a JPEG went up, not the PNG.
    if (uploads.length !== 1 || uploads[0].type !== 'image/jpeg' || !uploads[0].url.includes('pagar%20roboh.jpg')) {
      throw new Error(`uploads: ${JSON.stringify(uploads)}`);
    }
    await ready(citizen);
    await capture(citizen, 'track-provide-info-photo');
    await reply.getByRole('button', { name: 'Kirim informasi tambahan' }).click();
    await citizen.locator('.facts .badge', { hasText: 'Diterima' }).waitFor();
    // The reporter's own answer shows the photo (fetched with the secret).
    const own = citizen.locator('.timeline .event-info_provided', { hasText: answer });
    await own.waitFor();
    await own.locator('.attachment-list img').waitFor();
    await citizen.waitForFunction(() => {
      const img = document.querySelector('.timeline .event-info_provided .attachment-list img');
      return img && img.complete && img.naturalWidth > 0;
    });
    await citizen.close();

    // The officer's case page: the answer with its photo in the timeline.
    await officer.reload();
    await ready(officer);
    const event = officer.locator('.timeline .event-info_provided', { hasText: answer });
    await event.waitFor();
    const link = event.locator('.attachment-list a', { hasText: 'pagar roboh.jpg' });
    await link.waitFor();
    await officer.waitForFunction(() => {
      const img = document.querySelector('.timeline .event-info_provided .attachment-list img');
      return img && img.complete && img.naturalWidth > 0;
    });
    const href = await link.getAttribute('href');
    if (!/^\/api\/v1\/cases\/[^/]+\/attachments\/[0-9a-f]{64}$/.test(href)) throw new Error(`link ${href}`);
    // It downloads for the officer (the session's cookie) ...
    const got = await officer.evaluate(async (href) => {
      const r = await fetch(href);
      const bytes = new Uint8Array(await r.arrayBuffer());
      return { status: r.status, type: r.headers.get('content-type'), jpeg: bytes[0] === 0xff && bytes[1] === 0xd8 };
    }, href);
    if (got.status !== 200 || !got.type.startsWith('image/jpeg') || !got.jpeg) throw new Error(`officer download: ${JSON.stringify(got)}`);
    // ... and not for the public: the reporter's words are not public.
    const anonymous = await fetch(`${base}${href}`);
    if (anonymous.status === 200) throw new Error('the reporter\'s photo downloads without a session or the secret');
    await capture(officer, 'case-info-provided-photo');
    await officer.close();
  });
}
