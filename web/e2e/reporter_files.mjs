// The reporter's files and the report form's attachments: the reporter
// secret never in an address (the tracking page fetches the files with the
// X-Reporter-Secret header and shows blob: URLs), PDF documents attached on
// /lapor as they are and listed on the filed case, a too-large file and an
// unreadable one said in words, and the service questions' hints for people
// rather than the API's syntax. Called by run.mjs with its helpers.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

// A one-page PDF: the server knows a PDF by its first bytes ("%PDF-").
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n' +
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n' +
    'trailer << /Root 1 0 R >>\n%%EOF\n',
);
// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

// Every address the page asks for, from now on.
function recordRequests(page) {
  const seen = [];
  page.on('request', (r) => seen.push({ url: r.url(), headers: r.headers() }));
  return seen;
}

// The addresses in the page's DOM (href, src, and the page's own) that hold `secret`.
async function secretInDom(page, secret) {
  return page.evaluate((secret) => {
    const found = [];
    if (location.href.toUpperCase().includes(secret)) found.push(`location ${location.href}`);
    for (const e of document.querySelectorAll('[href], [src]')) {
      for (const name of ['href', 'src']) {
        const value = e.getAttribute(name);
        if (value && value.toUpperCase().includes(secret)) found.push(`${e.tagName} ${name}=${value}`);
      }
    }
    return found;
  }, secret.toUpperCase());
}

export async function run({ test, newPage, ready, emptyReportForm, capture, submitByApi, base, PHONE }) {
  const unique = Date.now().toString(36);

  await test('privacy: the reporter\'s photo and document load with the secret in a header, never in an address', async () => {
    const upload = async (name, type, bytes) => {
      const r = await fetch(`${base}/api/v1/attachments?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': type },
        body: bytes,
      });
      if (r.status !== 201) throw new Error(`upload ${name}: ${r.status} ${await r.text()}`);
      const { sha256: hash, upload_token } = await r.json();
      return { name, sha256: hash, upload_token };
    };
    const photo = await upload('genangan.png', 'image/png', PNG);
    const doc = await upload('surat-rt.pdf', 'application/pdf', PDF);
    const receipt = await submitByApi({
      kind: 'complaint',
      title: `Genangan dengan lampiran ${unique}`,
      description: 'Genangan setinggi mata kaki; foto dan surat pengantar RT terlampir.',
      attachments: [photo, doc],
    });
    const code = receipt.tracking_code;
    const secret = receipt.reporter_secret;

    const page = await newPage(PHONE);
    const requests = recordRequests(page);
    // The secret as this browser keeps it after sending (receipts.ts).
    await page.goto(`${base}/lacak`);
    await page.evaluate(
      (entry) => localStorage.setItem('sigap.cases', JSON.stringify([entry, ...JSON.parse(localStorage.getItem('sigap.cases') ?? '[]')])),
      { tracking_code: code, reporter_secret: secret, title: 'Genangan', created_at: new Date().toISOString() },
    );
    await page.goto(`${base}/lacak/${code}`);
    await ready(page);
    // The reporter sees the photo ...
    await page.waitForFunction(() => {
      const img = document.querySelector('.attachment-list img');
      return img && img.complete && img.naturalWidth > 0;
    });
    const src = await page.locator('.attachment-list img').first().getAttribute('src');
    if (!src.startsWith('blob:')) throw new Error(`the photo is not shown from a blob: URL: ${src}`);
    // ... and the document, as a download under its own name.
    const link = page.locator('.attachment-list a[download]', { hasText: 'surat-rt.pdf' });
    await link.waitFor();
    if (!/Dokumen PDF/.test(await link.textContent())) throw new Error(`the document is not labelled: ${await link.textContent()}`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    if (download.suggestedFilename() !== 'surat-rt.pdf') throw new Error(`downloaded as ${download.suggestedFilename()}`);
    if (!readFileSync(await download.path()).equals(PDF)) throw new Error('the downloaded document is not the one attached');
    // The photo opens full size in a new tab, still without the secret.
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.locator('.attachment-list a', { has: page.locator('img') }).first().click(),
    ]);
    await tab.waitForLoadState();
    if (!tab.url().startsWith('blob:') || tab.url().toUpperCase().includes(secret)) throw new Error(`the photo opened at ${tab.url()}`);
    await tab.close();
    await capture(page, 'track-attachments');

    const leaked = requests.filter((r) => r.url.toUpperCase().includes(secret.toUpperCase()));
    if (leaked.length > 0) throw new Error(`the secret is in request addresses: ${leaked.map((r) => r.url).join(', ')}`);
    const inDom = await secretInDom(page, secret);
    if (inDom.length > 0) throw new Error(`the secret is in the page's addresses: ${inDom.join('; ')}`);
    // The files were asked for with the secret in the header.
    for (const hash of [photo.sha256, doc.sha256]) {
      const asked = requests.filter((r) => r.url.endsWith(`/attachments/${hash}`));
      if (asked.length === 0) throw new Error(`the file ${hash} was never requested`);
      if (!asked.every((r) => r.headers['x-reporter-secret'] === secret)) {
        throw new Error(`the file ${hash} was requested without the X-Reporter-Secret header`);
      }
    }
    await page.close();
  });

  await test('portal: a PDF document is attached on /lapor as it is, and the filed case lists it', async () => {
    const page = await newPage(PHONE);
    await emptyReportForm(page);
    const input = page.getByLabel('Tambah foto atau dokumen (PDF)');
    if (!(await input.getAttribute('accept')).includes('application/pdf')) throw new Error('the file input does not accept PDF');
    await page.locator('#kind-complaint').check();
    await page.locator('#title').fill(`Permohonan dengan dokumen ${unique}`);
    await page.locator('#description').fill('Permohonan dengan surat pengantar sebagai PDF.');
    await page.locator('#address').fill('Jl. Pemuda 3');

    // A picture the browser cannot read is called a photo; a file that is
    // neither a photo nor a PDF is not.
    const status = page.locator('fieldset:has(#photos) > p[role="status"]');
    await input.setInputFiles({ name: 'rusak.heic', mimeType: 'image/heic', buffer: Buffer.from('not a picture') });
    await status.filter({ hasText: 'Foto rusak.heic tidak dapat dibaca' }).waitFor();
    await input.setInputFiles({ name: 'catatan.txt', mimeType: 'text/plain', buffer: Buffer.from('catatan') });
    await status.filter({ hasText: 'catatan.txt bukan foto atau dokumen PDF' }).waitFor();
    // Above the server's limit (1 MB by default): said with the file's size.
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1536 * 1024 - 9, 0x20)]);
    await input.setInputFiles({ name: 'pindaian.pdf', mimeType: 'application/pdf', buffer: big });
    await status.filter({ hasText: 'pindaian.pdf (1,5 MB) terlalu besar' }).waitFor();
    if ((await page.locator('.photo-list li').count()) !== 0) throw new Error('a refused file was listed');

    await input.setInputFiles({ name: 'Surat Pengantar.pdf', mimeType: 'application/pdf', buffer: PDF });
    const listed = page.locator('.photo-list li', { hasText: 'Surat Pengantar.pdf' });
    await listed.waitFor();
    const text = await listed.textContent();
    if (!/Dokumen PDF/.test(text) || !/1 KB/.test(text)) throw new Error(`the document is listed as: ${text}`);
    if (await status.textContent()) throw new Error(`a message stays after the document was attached: ${await status.textContent()}`);
    await capture(page, 'submit-document');
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    await page.getByRole('heading', { name: 'Laporan terkirim' }).waitFor();
    const code = (await page.getByTestId('tracking-code').textContent()).replace(/\s/g, '');
    const secret = (await page.getByTestId('reporter-secret').textContent()).replace(/\s/g, '');
    const view = await (await fetch(`${base}/api/v1/cases/${code}`, { headers: { 'X-Reporter-Secret': secret } })).json();
    const file = view.attachments?.[0];
    if (view.attachments?.length !== 1 || file.content_type !== 'application/pdf' || file.name !== 'Surat Pengantar.pdf') {
      throw new Error(`attachments: ${JSON.stringify(view.attachments)}`);
    }
    if (file.size_bytes !== PDF.length || file.sha256 !== sha256(PDF)) throw new Error('the document was not sent as it is');
    // The reporter's tracking page lists it.
    await page.getByRole('link', { name: 'Lihat perkembangan' }).click();
    await ready(page);
    await page.locator('.attachment-list a[download="Surat Pengantar.pdf"]', { hasText: 'Dokumen PDF' }).waitFor();
    await page.close();
  });

  await test('questions: a date question\'s hint is in words, not the API\'s syntax, in Indonesian and English', async () => {
    const page = await newPage(PHONE);
    await emptyReportForm(page);
    await page.locator('#kind-complaint').check();
    const hintOf = async (service, code) => {
      await page.locator('#service_code').selectOption(service);
      const hint = page.locator(`#attr-${code}-hint`);
      await hint.waitFor();
      // The hint is the input's description.
      const described = await page.locator(`#attr-${code}`).getAttribute('aria-describedby');
      if (!described?.split(' ').includes(`attr-${code}-hint`)) throw new Error(`${code}: the hint is not tied to its input`);
      return (await hint.textContent()).trim();
    };
    const syntax = /T\d\d:\d\d|\d{4}-\d{2}-\d{2}|[+-]\d\d:\d\d/;
    let since = await hintOf('PU-DRAINASE', 'SEJAK');
    if (syntax.test(since) || !/tanggal dan jam/i.test(since) || !/WIB/.test(since)) throw new Error(`date hint: ${since}`);
    // A number's example in the language's own way; a unit in words stays.
    const width = await hintOf('PU-JALAN', 'LEBAR_M');
    if (!/1,5/.test(width) || /1\.5/.test(width)) throw new Error(`number hint: ${width}`);
    const depth = await hintOf('PU-DRAINASE', 'KEDALAMAN_CM');
    if (!/sentimeter/.test(depth)) throw new Error(`number hint with a unit: ${depth}`);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.locator('#attr-SEJAK-hint', { hasText: 'date and time' }).waitFor();
    since = (await page.locator('#attr-SEJAK-hint').textContent()).trim();
    if (syntax.test(since) || !/date and time/i.test(since)) throw new Error(`date hint in English: ${since}`);
    const depthEn = (await page.locator('#attr-KEDALAMAN_CM-hint').textContent()).trim();
    if (!/^Optional/.test(depthEn)) throw new Error(`number hint in English: ${depthEn}`);
    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
    await page.locator('legend', { hasText: 'Pertanyaan layanan' }).waitFor();
    await page.close();
  });
}
