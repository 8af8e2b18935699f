// Findings of an exploratory test of the citizen's screens with a keyboard,
// a screen reader and large text: an expired photo upload named as an API
// field, the map's pin left after the place was cleared, /lacak/<code> in
// lower case, a pasted description cut without a word, no word after
// sending requested information, errors without role="alert", a survey
// button disabled without saying why, the focus lost when a control removes
// itself, sideways scrolling at 200 % text, the home search's result unsaid,
// a checkbox question's error link going nowhere, and Indonesian service
// names unmarked on the English /transparansi. Each test asserts what a
// user or assistive technology notices. Called by run.mjs with its helpers.

const PHONE_390 = { width: 390, height: 844 };

// What has the keyboard focus: its id, else its data-testid, else its tag.
const focused = (page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return 'body';
    return e.id ? `#${e.id}` : e.dataset?.testid ? `[${e.dataset.testid}]` : e.tagName.toLowerCase();
  });

// The red pins drawn on the map (the kelurahan shapes are paths too).
const pins = (page) => page.locator('.map path[fill="#c0392b"]').count();

// A 2×2 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4YaMBRAwQCgAjXgSxbgN+HAAAAABJRU5ErkJggg==',
  'base64',
);

// Keeps a receipt in `page`'s browser as the portal does after sending.
export async function keepReceipt(page, base, receipt) {
  await page.goto(`${base}/`);
  await page.evaluate((r) => {
    const list = JSON.parse(localStorage.getItem('sigap.cases') ?? '[]');
    list.unshift({ tracking_code: r.tracking_code, reporter_secret: r.reporter_secret, title: 'e2e', created_at: '' });
    localStorage.setItem('sigap.cases', JSON.stringify(list));
  }, receipt);
}

export async function run({ test, newPage, ready, emptyReportForm, capture, officerSession, submitByApi, base, PHONE }) {
  const unique = Date.now().toString(36);

  await test('a11y: a photo whose upload expired is said on the photo field in words, linked and marked; "Hapus" moves the focus on', async () => {
    const page = await newPage(PHONE);
    try {
      await emptyReportForm(page);
      // A draft of yesterday: two photos the server no longer knows.
      await page.evaluate(() => {
        const photo = (name, hex) => ({ name, content_type: 'image/jpeg', size_bytes: 120000, sha256: hex.repeat(64), upload_token: 'kedaluwarsa' });
        localStorage.setItem('sigap.draft', JSON.stringify({
          kind: 'complaint', service_code: '', category: '', title: 'Lubang di jalan', description: 'Lubang besar di depan pasar.',
          lat: null, lng: null, district_code: '', region_code: '', address: '', name: '', phone: '', email: '',
          anonymous: false, confidential: false, answers: {}, photos: [photo('lubang.jpg', 'a'), photo('jalan.jpg', 'b')],
        }));
      });
      await page.reload();
      await ready(page);
      await page.getByRole('button', { name: 'Kirim laporan' }).click();
      const summary = page.locator('.notice-error[role=alert]');
      const link = summary.locator('a').first();
      await link.waitFor();
      const said = await summary.textContent();
      if (/upload_token|attachments\[/.test(said) || !/kedaluwarsa/.test(said)) throw new Error(`summary: ${said}`);
      if ((await link.getAttribute('href')) !== '#photos') throw new Error(`link goes to ${await link.getAttribute('href')}`);
      await link.click();
      if ((await focused(page)) !== '#photos') throw new Error(`the link focused ${await focused(page)}`);
      const input = page.locator('#photos');
      if ((await input.getAttribute('aria-invalid')) !== 'true') throw new Error('the photo input is not aria-invalid');
      if (!(await input.getAttribute('aria-describedby')).includes('photos-error')) throw new Error('the error is not tied to the input');
      if (!/kedaluwarsa/.test(await page.getByTestId('photos-error').textContent())) throw new Error('no error on the photo field');
      const marked = page.locator('.photo-list li', { hasText: 'lubang.jpg' }).getByTestId('photo-flagged');
      if (!/Kedaluwarsa/.test(await marked.textContent())) throw new Error('the expired photo is not marked');
      await capture(page, 'a11y-photo-expired');
      // Removing the first photo: the focus goes to the next one's button,
      // then (none left) to the file input.
      await page.getByRole('button', { name: 'Hapus lubang.jpg' }).click();
      await page.waitForFunction(() => document.activeElement?.id === 'photos-remove-0');
      if (!/jalan\.jpg/.test(await page.locator('#photos-remove-0').textContent())) throw new Error('focus is not on the next photo\'s button');
      await page.getByRole('button', { name: 'Hapus jalan.jpg' }).click();
      await page.waitForFunction(() => document.activeElement?.id === 'photos');
      // The problem went with the photos.
      if ((await page.getByTestId('photos-error').count()) !== 0) throw new Error('the error stays after the photos were removed');
    } finally {
      await page.evaluate(() => localStorage.removeItem('sigap.draft')).catch(() => {});
      await page.close();
    }
  });

  await test('a11y: the map\'s pin goes with "Hapus titik" (focus to the kecamatan list) and with a kelurahan chosen from the list', async () => {
    const page = await newPage(PHONE);
    try {
      await emptyReportForm(page);
      const map = page.locator('.map');
      await page.locator('.leaflet-overlay-pane path').first().waitFor();
      const box = await map.boundingBox();
      await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
      await page.getByRole('button', { name: 'Hapus titik' }).waitFor();
      if ((await pins(page)) !== 1) throw new Error(`${await pins(page)} pins after a click`);
      await page.getByRole('button', { name: 'Hapus titik' }).click();
      await page.waitForFunction(() => document.activeElement?.id === 'district');
      if ((await pins(page)) !== 0) throw new Error(`${await pins(page)} pins after "Hapus titik"`);
      // Again, then a kelurahan from the lists.
      await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
      await page.getByRole('button', { name: 'Hapus titik' }).waitFor();
      if ((await pins(page)) !== 1) throw new Error(`${await pins(page)} pins after the second click`);
      await page.locator('#district').selectOption({ index: 1 });
      await page.locator('#village option').nth(1).waitFor({ state: 'attached' });
      await page.locator('#village').selectOption({ index: 1 });
      await page.waitForFunction(() => !document.querySelector('.map path[fill="#c0392b"]'));
    } finally {
      await page.evaluate(() => localStorage.removeItem('sigap.draft')).catch(() => {});
      await page.close();
    }
  });

  await test('a11y: a phone set to reduce motion gets a map without its fade and zoom animations', async () => {
    const animated = async (reduce) => {
      const page = await newPage(PHONE);
      try {
        await page.emulateMedia({ reducedMotion: reduce ? 'reduce' : 'no-preference' });
        await emptyReportForm(page);
        await page.locator('.leaflet-overlay-pane path').first().waitFor();
        return await page.evaluate(() => ({
          fade: document.querySelectorAll('.leaflet-container.leaflet-fade-anim').length,
          maps: document.querySelectorAll('.leaflet-container').length,
        }));
      } finally {
        await page.evaluate(() => localStorage.removeItem('sigap.draft')).catch(() => {});
        await page.close();
      }
    };
    const moving = await animated(false);
    if (moving.maps !== 1 || moving.fade !== 1) throw new Error(`without the preference: ${JSON.stringify(moving)}`);
    const still = await animated(true);
    if (still.maps !== 1 || still.fade !== 0) throw new Error(`with reduced motion: ${JSON.stringify(still)}`);
  });

  await test('a11y: /lacak/<code> in lower case with a dash opens the confidential case this device filed, by its title', async () => {
    const title = `Pungutan liar di kelurahan ${unique}`;
    const receipt = await submitByApi({ kind: 'complaint', title, description: 'Diminta membayar untuk surat pengantar.', confidential: true });
    const page = await newPage(PHONE);
    try {
      await keepReceipt(page, base, receipt);
      const code = receipt.tracking_code.toLowerCase();
      await page.goto(`${base}/lacak/${code.slice(0, 5)}-${code.slice(5)}`);
      await ready(page);
      const heading = await page.locator('main h1').textContent();
      if (heading !== title) throw new Error(`heading: ${heading}`);
      if ((await page.locator('#secret').count()) !== 0) throw new Error('the secret is asked again');
    } finally {
      await page.close();
    }
  });

  await test('a11y: a description pasted beyond 5,000 characters is cut with a word; the count shows near the limit', async () => {
    const page = await newPage(PHONE);
    try {
      await emptyReportForm(page);
      await page.locator('#description').fill('a'.repeat(4000));
      if ((await page.getByTestId('description-count').count()) !== 0) throw new Error('a count far from the limit');
      await page.locator('#description').fill('b'.repeat(6200));
      const value = await page.locator('#description').inputValue();
      if (value.length !== 5000) throw new Error(`kept ${value.length} characters`);
      const cut = page.getByTestId('description-cut');
      if ((await cut.getAttribute('role')) !== 'status') throw new Error('the cut is not announced');
      const said = await cut.textContent();
      if (!said.includes('5.000') || !said.includes('1.200')) throw new Error(`cut: "${said}"`);
      const count = await page.getByTestId('description-count').textContent();
      if (!count.includes('5.000 dari 5.000')) throw new Error(`count: ${count}`);
      if (!(await page.locator('#description').getAttribute('aria-describedby')).includes('description-count')) {
        throw new Error('the count is not tied to the field');
      }
    } finally {
      await page.evaluate(() => localStorage.removeItem('sigap.draft')).catch(() => {});
      await page.close();
    }
  });

  await test('a11y: requested information: a failure keeps the text (across a reload) and takes the focus; success is announced where the focus goes', async () => {
    const receipt = await submitByApi({ kind: 'complaint', title: `Lampu jalan padam ${unique}`, description: 'Tiga lampu jalan padam di Jl. Mawar.' });
    const verifier = await officerSession('verifikator');
    const asked = await verifier.call('POST', `/api/v1/cases/${receipt.tracking_code}/events`, { action: 'request_info', text: 'Di nomor berapa tiangnya?' });
    if (asked.status !== 201) throw new Error(`request_info: ${asked.status}`);
    const page = await newPage(PHONE);
    try {
      await keepReceipt(page, base, receipt);
      await page.goto(`${base}/lacak/${receipt.tracking_code}`);
      await ready(page);
      const answer = 'Tiang nomor 12, 13 dan 14.';
      await page.locator('#reporter-provide_info').fill(answer);
      // The server is down once.
      let refused = 0;
      await page.route('**/api/v1/cases/*/events', (route) => {
        if (route.request().method() !== 'POST' || refused > 0) return route.continue();
        refused++;
        return route.fulfill({
          status: 503,
          headers: { 'Content-Type': 'application/problem+json' },
          body: JSON.stringify({ type: 'about:blank', title: 'Unavailable', status: 503, detail: 'Sedang pemeliharaan.' }),
        });
      });
      await page.getByRole('button', { name: 'Kirim informasi tambahan' }).click();
      await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'reporter-provide_info-error');
      if ((await page.getByTestId('reporter-provide_info-error').getAttribute('role')) !== 'alert') throw new Error('the error is not an alert');
      if ((await page.locator('#reporter-provide_info').inputValue()) !== answer) throw new Error('the text was lost');
      await page.reload();
      await ready(page);
      await page.locator('#reporter-provide_info').waitFor();
      if ((await page.locator('#reporter-provide_info').inputValue()) !== answer) throw new Error('the text was lost on reload');
      await page.getByRole('button', { name: 'Kirim informasi tambahan' }).click();
      await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'reporter-action-done');
      const done = page.getByTestId('reporter-action-done');
      if ((await done.getAttribute('role')) !== 'status') throw new Error('the confirmation is not a status');
      if (!/Informasi tambahan sudah terkirim/.test(await done.textContent())) throw new Error(`said: ${await done.textContent()}`);
      if (await page.evaluate(() => Object.keys(sessionStorage).some((k) => k.startsWith('sigap.reply.')))) throw new Error('the sent text is kept');
    } finally {
      await page.close();
    }
  });

  await test('a11y: /lacak code errors are alerts; a wrong secret is an alert and marks the secret input', async () => {
    const page = await newPage(PHONE);
    try {
      await page.goto(`${base}/lacak`);
      await ready(page);
      await page.getByRole('button', { name: 'Lacak' }).click();
      const error = page.locator('#track-code-error');
      await error.waitFor();
      if ((await error.getAttribute('role')) !== 'alert') throw new Error('the code error is not an alert');

      const receipt = await submitByApi({ kind: 'complaint', title: `Rahasia ${unique}`, description: 'Laporan rahasia.', confidential: true });
      await page.goto(`${base}/lacak/${receipt.tracking_code}`);
      await ready(page);
      await page.locator('#secret').fill('SALAHSALAH');
      await page.getByRole('button', { name: 'Buka sebagai pelapor' }).click();
      const wrong = page.getByTestId('secret-wrong');
      await wrong.waitFor();
      if ((await wrong.getAttribute('role')) !== 'alert') throw new Error('the wrong-secret notice is not an alert');
      const secret = page.locator('#secret');
      if ((await secret.getAttribute('aria-invalid')) !== 'true') throw new Error('the secret input is not aria-invalid');
      if (!(await secret.getAttribute('aria-describedby')).includes('secret-wrong')) throw new Error('the notice is not tied to the input');
      await capture(page, 'a11y-track-secret-wrong');
    } finally {
      await page.close();
    }
  });

  await test('a11y: the survey says which items are missing (alert, links, focus), counts the suggestion, names refused fields and focuses the thanks', async () => {
    let { items } = await (await fetch(`${base}/api/v1/surveys`)).json();
    if (items.length === 0) {
      const admin = await officerSession('admin');
      const { today } = await (await fetch(`${base}/api/v1/surveys`)).json();
      const r = await admin.call('POST', '/api/v1/surveys', { unit_code: 'DPU', period: today.slice(0, 4) });
      if (r.status !== 201) throw new Error(`survey: ${r.status}`);
      items = (await (await fetch(`${base}/api/v1/surveys`)).json()).items;
    }
    const page = await newPage(PHONE);
    try {
      await page.goto(`${base}/survei`);
      await ready(page);
      if (items.length > 1) await page.locator('#survey-unit').selectOption(String(items[0].id));
      const send = page.getByRole('button', { name: 'Kirim survei' });
      await send.waitFor();
      if (await send.isDisabled()) throw new Error('the button is disabled');
      // Two answered, the others not.
      const elements = page.locator('fieldset.survey-element');
      const n = await elements.count();
      for (const i of [0, 1]) await elements.nth(i).locator('input[type=radio]').nth(3).check();
      await send.click();
      const missing = page.getByTestId('survey-missing');
      await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'survey-missing');
      if ((await missing.getAttribute('role')) !== 'alert') throw new Error('the missing items are not an alert');
      const links = missing.locator('a');
      if ((await links.count()) !== n - 2) throw new Error(`${await links.count()} items listed, ${n - 2} missing`);
      const third = await elements.nth(2).locator('input[type=radio]').first().getAttribute('id');
      if ((await links.first().getAttribute('href')) !== `#${third}`) throw new Error('the first link does not go to the third item');
      await links.first().click();
      if ((await focused(page)) !== `#${third}`) throw new Error(`the link focused ${await focused(page)}`);
      if ((await page.locator(`#${third}`).getAttribute('aria-invalid')) !== 'true') throw new Error('an unanswered item is not aria-invalid');
      await capture(page, 'a11y-survey-missing');
      for (let i = 2; i < n; i++) await elements.nth(i).locator('input[type=radio]').nth(3).check();
      // The suggestion: at most 2,000 characters, counted.
      const saran = page.locator('#survey-saran');
      if ((await saran.getAttribute('maxlength')) !== '2000') throw new Error('no maxlength on the suggestion');
      await saran.fill('Pelayanan cepat.');
      const hint = await page.locator(`#${(await saran.getAttribute('aria-describedby')).split(' ')[0]}`).textContent();
      if (!hint.includes('16 dari 2.000')) throw new Error(`count: ${hint}`);
      // A refusal names the field by its label, marks it and takes the focus.
      let refused = 0;
      await page.route('**/api/v1/surveys/*/responses', (route) => {
        if (refused++ > 0) return route.continue();
        return route.fulfill({
          status: 422,
          headers: { 'Content-Type': 'application/problem+json' },
          body: JSON.stringify({ type: 'about:blank', title: 'Validation', status: 422, detail: 'saran: terlalu panjang', errors: [{ field: 'saran', code: 'too_long', message: 'saran: terlalu panjang' }] }),
        });
      });
      await send.click();
      await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'survey-error');
      const box = await page.getByTestId('survey-error').textContent();
      if (!box.includes('Saran') || box.includes('saran:')) throw new Error(`error: ${box}`);
      if ((await saran.getAttribute('aria-invalid')) !== 'true') throw new Error('the suggestion is not aria-invalid');
      await send.click();
      await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'survey-thanks');
    } finally {
      await page.close();
    }
  });

  await test('a11y: at 200 % text on a 390 px phone, /lacak/<code> and the home page do not scroll sideways', async () => {
    const receipt = await submitByApi({ kind: 'complaint', title: `Trotoar rusak ${unique}`, description: 'Trotoar berlubang di depan sekolah.' });
    const verifier = await officerSession('verifikator');
    await verifier.call('POST', `/api/v1/cases/${receipt.tracking_code}/events`, { action: 'verify' });
    const page = await newPage(PHONE_390);
    try {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      for (const path of [`/lacak/${receipt.tracking_code}`, '/']) {
        await page.goto(`${base}${path}`);
        await ready(page);
        const size = await page.evaluate(() => getComputedStyle(document.body).fontSize);
        if (size !== '32px') throw new Error(`text size ${size}`);
        if ((await overflow()) > 0) throw new Error(`${path} scrolls sideways by ${await overflow()} px`);
      }
      const input = await page.locator('#quick-code').boundingBox();
      if (input.x + input.width > PHONE_390.width) throw new Error('the quick-track input goes past the screen');
      await cdp.send('Page.setFontSizes', { fontSizes: { standard: 16, fixed: 13 } });
      await cdp.detach();
    } finally {
      await page.close();
    }
  });

  await test('a11y: the home search\'s result is announced (count, or none found)', async () => {
    const page = await newPage(PHONE);
    try {
      await page.goto(`${base}/`);
      await ready(page);
      const status = page.getByTestId('search-status');
      if ((await status.getAttribute('role')) !== 'status') throw new Error('no live region');
      await page.locator('#service-search').fill('zzqxv tidak ada');
      await page.waitForFunction(() => /Tidak ada layanan yang cocok/.test(document.querySelector('[data-testid=search-status]')?.textContent ?? ''));
      await page.locator('#service-search').fill('jalan');
      await page.waitForFunction(() => /\d+ layanan cocok/.test(document.querySelector('[data-testid=search-status]')?.textContent ?? ''));
    } finally {
      await page.locator('#service-search').fill('').catch(() => {});
      await page.close();
    }
  });

  await test('a11y: a required checkbox question\'s error link goes to its first checkbox, and the checkboxes are aria-invalid', async () => {
    const page = await newPage(PHONE);
    try {
      await emptyReportForm(page);
      await page.goto(`${base}/lapor?layanan=DLH-SAMPAH`);
      await ready(page);
      await page.locator('#attr-JENIS_SAMPAH-rumah_tangga').waitFor();
      await page.locator('#title').fill('Sampah menumpuk');
      await page.locator('#description').fill('Sampah menumpuk di pinggir jalan.');
      await page.getByRole('button', { name: 'Kirim laporan' }).click();
      const link = page.locator('.notice-error[role=alert] a', { hasText: 'Jenis sampah' });
      await link.waitFor();
      await link.click();
      if ((await focused(page)) !== '#attr-JENIS_SAMPAH-rumah_tangga') throw new Error(`the link focused ${await focused(page)}`);
      const invalid = await page.locator('[data-question=JENIS_SAMPAH] input[type=checkbox]').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('aria-invalid')));
      if (invalid.some((v) => v !== 'true')) throw new Error(`aria-invalid: ${invalid}`);
    } finally {
      await page.evaluate(() => localStorage.removeItem('sigap.draft')).catch(() => {});
      await page.close();
    }
  });

  await test('a11y: in English, the Indonesian service names on /transparansi are marked lang="id"', async () => {
    const page = await newPage(PHONE);
    try {
      await page.goto(`${base}/`);
      await page.evaluate(() => localStorage.setItem('sigap.lang', 'en'));
      await page.goto(`${base}/transparansi`);
      await ready(page);
      const rows = page.locator('[data-chart-table=by_service] tbody tr');
      await rows.first().waitFor({ state: 'attached' });
      const langs = await rows.evaluateAll((trs) =>
        trs.map((tr) => ({ key: tr.dataset.key, lang: tr.querySelector('th')?.closest('[lang]')?.getAttribute('lang') })));
      const services = langs.filter((r) => r.key && r.key !== '(rest)');
      if (services.length === 0) throw new Error('no service in the figures');
      const wrong = services.filter((r) => r.lang !== 'id');
      if (wrong.length > 0) throw new Error(`not lang="id": ${JSON.stringify(wrong)}`);
    } finally {
      await page.evaluate(() => localStorage.setItem('sigap.lang', 'id')).catch(() => {});
      await page.close();
    }
  });
}
