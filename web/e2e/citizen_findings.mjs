// Findings of an exploratory tester on a citizen's phone: a report changed
// after a try whose answer never came was filed twice (the first copy
// without anyone holding its secret); the tracking page did not list the
// reports this phone filed; the reporter secret stood as one unbroken
// string of 26 characters; the first Tab of a visit skipped the skip link
// and the header. Then, at 200 % text on a 360 px phone, the chosen
// service read "Infrastrukt" and labels ran past their cards; the service
// search wanted every word as written ("sampah menumpuk" found nothing);
// the vulnerable-group question was named by a whole paragraph; in English
// a service page did not say its texts are the Pemda's, in Indonesian;
// after a reopen the old answer still headed the case and the rating was
// gone for good. Called by run.mjs with its helpers.

// Text at 200 %, as a phone's "font size" setting makes it (the app sizes
// in rem). Returns a function that puts it back.
async function largeText(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
  return async () => {
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 16, fixed: 13 } });
    await cdp.detach();
  };
}

// Text of the page that runs past the border of its card (each line of
// each text node measured, as the eye sees it), and legends the card's
// top border runs through.
async function outsideCards(page) {
  return page.evaluate(() => {
    const out = [];
    for (const card of document.querySelectorAll('.card')) {
      const box = card.getBoundingClientRect();
      const style = getComputedStyle(card);
      const left = box.left + parseFloat(style.borderLeftWidth);
      const right = box.right - parseFloat(style.borderRightWidth);
      const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        const parent = node.parentElement;
        if (parent.closest('select, option, .visually-hidden, .leaflet-container')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
          if (r.width > 0 && (r.right > right + 0.5 || r.left < left - 0.5)) {
            out.push(`"${node.textContent.trim().slice(0, 40)}" (${Math.round(r.left)}–${Math.round(r.right)} in ${Math.round(left)}–${Math.round(right)})`);
            break;
          }
        }
      }
      if (card.tagName === 'FIELDSET') {
        const legend = card.querySelector(':scope > legend');
        if (legend && legend.getBoundingClientRect().top < box.top + parseFloat(style.borderTopWidth)) {
          out.push(`legend "${legend.textContent.trim().slice(0, 40)}" on the border`);
        }
      }
    }
    return out;
  });
}

// The accessible name and description of the element `selector` names, as
// Chromium gives them to a screen reader.
async function accessible(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
    return { name: nodes[0]?.name?.value ?? '', description: nodes[0]?.description?.value ?? '' };
  } finally {
    await cdp.detach();
  }
}

// Fills the empty report form with a complaint in the first kelurahan and sends it.
async function sendComplaint(page, title, description) {
  await page.locator('#kind-complaint').check();
  await page.locator('#title').fill(title);
  await page.locator('#description').fill(description);
  await page.locator('#district').selectOption({ index: 1 });
  await page.locator('#village').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Kirim laporan' }).click();
}

export async function run({ test, newPage, ready, emptyReportForm, capture, officerSession, submitByApi, base, PHONE }) {
  const unique = Date.now().toString(36);

  await test('citizen findings: a report changed after a lost answer is filed once, as first sent, and says so', async () => {
    const page = await newPage(PHONE);
    try {
      const keys = [];
      let filed = 0;
      let editing = false;
      await page.route('**/api/v1/cases', async (route) => {
        const request = route.request();
        if (request.method() !== 'POST') return route.continue();
        keys.push(request.headers()['idempotency-key']);
        if (filed === 0) {
          // The server files the first version; its answer never arrives.
          filed++;
          await route.fetch();
          return route.abort('connectionreset');
        }
        // Until the citizen has taken it back, the automatic retries are lost too.
        if (!editing) return route.abort('connectionreset');
        return route.fulfill({ response: await route.fetch() });
      });
      await emptyReportForm(page);
      const title = `Pohon tumbang ${unique}`;
      await sendComplaint(page, title, 'Pohon tumbang menutup separuh jalan sejak pagi.');
      await page.getByText('Laporan belum terkirim').waitFor();
      editing = true;
      await page.getByRole('button', { name: 'Ubah laporan' }).click();
      await page.locator('#title').fill(`${title} (diubah)`);
      await page.getByRole('button', { name: 'Kirim laporan' }).click();
      await page.getByRole('heading', { name: 'Laporan terkirim' }).waitFor();
      await page.getByTestId('first-version').waitFor();
      await capture(page, 'citizen-first-version');

      if (new Set(keys).size !== 1) throw new Error(`keys: ${keys}`);
      const code = (await page.getByTestId('tracking-code').textContent()).replace(/\s/g, '');
      const secret = (await page.getByTestId('reporter-secret').textContent()).replace(/\s/g, '');
      const verifier = await officerSession('verifikator');
      const list = await verifier.call('GET', `/api/v1/cases?limit=50&q=${encodeURIComponent(unique)}`);
      const filedHere = list.body.items.filter((c) => c.title.startsWith(title));
      if (filedHere.length !== 1) throw new Error(`${filedHere.length} cases: ${filedHere.map((c) => c.title)}`);
      if (filedHere[0].tracking_code !== code || filedHere[0].title !== title) {
        throw new Error(`filed ${filedHere[0].tracking_code} "${filedHere[0].title}", receipt ${code}`);
      }
      // The receipt's secret opens the report as its reporter.
      const own = await fetch(`${base}/api/v1/cases/${code}/timeline`, { headers: { 'X-Reporter-Secret': secret } });
      const timeline = await own.json();
      if (own.status !== 200 || !Array.isArray(timeline.allowed_actions)) {
        throw new Error(`the secret does not open the report: ${own.status}`);
      }
    } finally {
      await page.close();
    }
  });

  await test('citizen findings: the tracking page lists the reports this phone filed; the secret reads in groups of five', async () => {
    const page = await newPage(PHONE);
    try {
      await emptyReportForm(page);
      const title = `Sampah menumpuk ${unique}`;
      await sendComplaint(page, title, 'Sampah menumpuk di depan pasar sejak tiga hari.');
      await page.getByRole('heading', { name: 'Laporan terkirim' }).waitFor();
      const shown = (await page.getByTestId('reporter-secret').textContent()).trim();
      if (!/^([0-9A-Z]{5} ){5}[0-9A-Z]$/.test(shown)) throw new Error(`the secret reads "${shown}"`);
      const code = (await page.getByTestId('tracking-code').textContent()).replace(/\s/g, '');

      await page.getByRole('link', { name: 'Lacak', exact: true }).first().click();
      await page.getByRole('heading', { name: /Lacak laporan/ }).waitFor();
      const mine = page.getByTestId('device-cases');
      await mine.waitFor();
      await mine.getByRole('link', { name: new RegExp(title) }).click();
      await page.waitForURL(new RegExp(`/lacak/${code}$`));
      await capture(page, 'citizen-track-device-cases');
    } finally {
      await page.close();
    }
  });

  await test('citizen findings: the first Tab of a visit reaches the skip link, not the page beneath the header', async () => {
    const page = await newPage(PHONE);
    try {
      await page.goto(`${base}/`);
      await ready(page);
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => ({
        cls: document.activeElement?.className ?? '',
        text: document.activeElement?.textContent?.trim() ?? '',
      }));
      if (!/skip-link/.test(first.cls)) throw new Error(`the first Tab went to "${first.text}" (${first.cls})`);
      // Moving within the app still brings the focus to the new page's title.
      await page.getByRole('link', { name: 'Lacak', exact: true }).first().click();
      await page.getByRole('heading', { name: /Lacak laporan/ }).waitFor();
      // The focus moves once the new page has rendered, which a loaded
      // machine may show a moment after its heading.
      const moved = await page
        .waitForFunction(() => document.activeElement?.tagName === 'H1', null, { timeout: 5000 })
        .then(() => true, () => false);
      if (!moved) {
        const focused = await page.evaluate(() => document.activeElement?.tagName);
        throw new Error(`after a move the focus is on ${focused}`);
      }
    } finally {
      await page.close();
    }
  });

  await test('citizen findings: at 200 % text on a 360 px phone the report form and the cards reflow; the chosen service reads whole', async () => {
    const page = await newPage(PHONE);
    const restore = await largeText(page);
    try {
      for (const path of ['/lapor?layanan=PU-JALAN&jenis=complaint', '/lapor?layanan=DLH-SAMPAH&jenis=complaint', '/']) {
        await page.goto(`${base}${path}`);
        await ready(page);
        const size = await page.evaluate(() => getComputedStyle(document.body).fontSize);
        if (size !== '32px') throw new Error(`text size ${size}`);
        if (path !== '/') {
          // The select shows the start of its option: the service's own name.
          const shown = await page.$eval('#service_code', (s) => s.options[s.selectedIndex].textContent.trim());
          const chosen = await page.getByTestId('chosen-service').textContent();
          const name = path.includes('PU-JALAN') ? 'Pengaduan Jalan dan Jembatan Rusak' : 'Pengaduan Sampah dan Kebersihan';
          if (shown !== name) throw new Error(`the select shows "${shown}"`);
          if (!chosen.includes(name)) throw new Error(`the chosen service reads "${chosen}"`);
        }
        const outside = await outsideCards(page);
        if (outside.length > 0) throw new Error(`${path}: past the cards: ${outside.join('; ')}`);
        const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (sideways > 0) throw new Error(`${path} scrolls sideways by ${sideways} px`);
      }
    } finally {
      await restore();
      await page.evaluate(() => localStorage.removeItem('sigap.draft')).catch(() => {});
      await page.close();
    }
  });

  await test('citizen findings: the service search finds a service by any of the words, in their other forms, best match first', async () => {
    const page = await newPage(PHONE);
    try {
      await page.goto(`${base}/`);
      await ready(page);
      const results = async (query) => {
        await page.locator('#service-search').fill(query);
        await page.waitForFunction(
          (q) => new URLSearchParams(location.search).get('cari') === q && /cocok/.test(document.querySelector('[data-testid=search-status]')?.textContent ?? ''),
          query,
        );
        return (await page.locator('[data-testid=search-results] a').allTextContents()).map((t) => t.trim());
      };
      for (const [query, first] of [
        ['sampah menumpuk', 'Pengaduan Sampah dan Kebersihan'],
        ['sampah numpuk', 'Pengaduan Sampah dan Kebersihan'],
        ['tumpukan sampah di depan pasar', 'Pengaduan Sampah dan Kebersihan'],
        ['jalan berlubang parah', 'Pengaduan Jalan dan Jembatan Rusak'],
        ['got mampet', 'Pengaduan Saluran Drainase, Genangan dan Banjir'],
        ['samp', 'Pengaduan Sampah dan Kebersihan'],
      ]) {
        const names = await results(query);
        if (names[0] !== first) throw new Error(`"${query}" found ${JSON.stringify(names)}, not ${first} first`);
      }
      const status = await page.getByTestId('search-status').textContent();
      if (!/\d+ layanan cocok/.test(status)) throw new Error(`status: ${status}`);
      // Words that name no service find nothing, and say so.
      await page.locator('#service-search').fill('zzqxv tidak ada');
      await page.waitForFunction(() => /Tidak ada layanan yang cocok/.test(document.querySelector('[data-testid=search-status]')?.textContent ?? ''));
      await capture(page, 'citizen-search-none');
    } finally {
      await page.close();
    }
  });

  await test('citizen findings: the vulnerable-group question is named by its question; its explanation describes it', async () => {
    const page = await newPage(PHONE);
    try {
      await emptyReportForm(page);
      await page.goto(`${base}/lapor?layanan=DUKCAPIL-KTPEL&jenis=request`);
      await ready(page);
      await page.locator('#attr-KELOMPOK_RENTAN').waitFor();
      const { name, description } = await accessible(page, '#attr-KELOMPOK_RENTAN');
      const question = 'Apakah Anda termasuk kelompok rentan (lanjut usia, penyandang disabilitas, ibu hamil, anak, korban bencana)?';
      if (name !== question) throw new Error(`accessible name: "${name}"`);
      if (!/pelayanan khusus/.test(description) || !/UU 25\/2009/.test(description)) {
        throw new Error(`description: "${description}"`);
      }
    } finally {
      await page.evaluate(() => localStorage.removeItem('sigap.draft')).catch(() => {});
      await page.close();
    }
  });

  await test('citizen findings: after a reopen the old answer is history, not the answer; resolved again, the rating is offered again', async () => {
    const receipt = await submitByApi({
      kind: 'complaint',
      service_code: 'PU-DRAINASE',
      title: `Got mampet ${unique}`,
      description: 'Got di depan rumah mampet, air meluap ke jalan.',
    });
    const code = receipt.tracking_code;
    const verifier = await officerSession('verifikator');
    const dpu = await officerSession('petugas.dpu');
    const act = async (who, body) => {
      const r = await who.call('POST', `/api/v1/cases/${code}/events`, body);
      if (r.status >= 300) throw new Error(`${body.action}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    await act(verifier, { action: 'verify' });
    await act(verifier, { action: 'dispose', agency_code: 'DPU' });
    await act(dpu, { action: 'start' });
    const first = `Got sudah dibersihkan ${unique}.`;
    await act(dpu, { action: 'resolve', text: first });

    const page = await newPage(PHONE);
    try {
      await page.goto(`${base}/lacak/${code}`);
      await ready(page);
      await page.locator('#secret').fill(receipt.reporter_secret);
      await page.getByRole('button', { name: 'Buka sebagai pelapor' }).click();
      const rating = page.locator('form[aria-labelledby=rating-title]');
      await rating.getByText('2 bintang', { exact: true }).click();
      await rating.getByRole('button', { name: 'Kirim penilaian' }).click();
      await page.getByTestId('rating-done').waitFor();
      await page.locator('#reporter-reopen').fill('Airnya masih meluap tiap hujan.');
      await page.getByRole('button', { name: 'Buka kembali laporan' }).click();
      await page.getByTestId('reporter-action-done').getByText('dibuka kembali').waitFor();

      // The first answer is no longer the case's answer: it is history.
      const answers = page.locator('section[aria-labelledby=responses-title]');
      const history = page.getByTestId('earlier-responses');
      await history.waitFor();
      if ((await answers.count()) > 0 && (await answers.textContent()).includes(first)) {
        throw new Error('the answer set aside by the reopen still heads the case as its answer');
      }
      if (!(await history.textContent()).includes(first)) throw new Error('the earlier answer is not in the history');
      await page.getByTestId('reopened-notice').waitFor();
      const earlierRating = await history.getByTestId('earlier-rating').textContent();
      if (!/2 bintang/.test(earlierRating)) throw new Error(`the earlier rating reads "${earlierRating}"`);
      await capture(page, 'citizen-reopened');

      // Resolved again: the new answer heads the case and is rated anew.
      const second = `Saluran dikeruk dan diperlebar ${unique}.`;
      await act(dpu, { action: 'resolve', text: second });
      await page.reload();
      await ready(page);
      await answers.waitFor();
      const now = await answers.textContent();
      if (!now.includes(second) || now.includes(first)) throw new Error(`the answer reads: ${now}`);
      await rating.getByText('5 bintang', { exact: true }).click();
      await rating.getByRole('button', { name: 'Kirim penilaian' }).click();
      const done = await page.getByTestId('rating-done').textContent();
      if (!/5 bintang/.test(done)) throw new Error(`rating: ${done}`);
      const view = await (await fetch(`${base}/api/v1/cases/${code}`, { headers: { 'X-Reporter-Secret': receipt.reporter_secret } })).json();
      if (view.rating?.stars !== 5 || view.earlier_ratings?.[0]?.stars !== 2) {
        throw new Error(`ratings: ${JSON.stringify({ rating: view.rating, earlier: view.earlier_ratings })}`);
      }
    } finally {
      await page.close();
    }
  });

  await test('citizen findings: in English a service page says its texts are the Pemda\'s, in Indonesian, and marks them so', async () => {
    const page = await newPage(PHONE);
    try {
      await page.goto(`${base}/`);
      await page.evaluate(() => localStorage.setItem('sigap.lang', 'en'));
      await page.goto(`${base}/layanan/PU-JALAN`);
      await ready(page);
      const note = await page.getByTestId('service-in-indonesian').textContent();
      if (!/in Indonesian/.test(note)) throw new Error(`note: ${note}`);
      const lang = await page.locator('main h1').getAttribute('lang');
      if (lang !== 'id') throw new Error(`the service's name is lang="${lang}"`);
      await page.evaluate(() => localStorage.setItem('sigap.lang', 'id'));
      await page.reload();
      await ready(page);
      if ((await page.getByTestId('service-in-indonesian').count()) !== 0) throw new Error('the note shows in Indonesian');
    } finally {
      await page.evaluate(() => localStorage.setItem('sigap.lang', 'id')).catch(() => {});
      await page.close();
    }
  });
}
