// Issue 10 in the browser: the forecast section of the leaders' dashboard
// (/petugas/dasbor) shows what GET /api/v1/forecast/backlog and
// /api/v1/forecast/staffing answer, and recomputes the staffing when the
// officer changes the targets. Called by run.mjs with its helpers.
export async function run({ test, newPage, login, ready, capture, officerSession, base, DESKTOP }) {
  await test('forecast: the dashboard shows the backlog and staffing forecasts of the API', async () => {
    const leader = await officerSession('walikota');
    const backlog = (await leader.call('GET', '/api/v1/forecast/backlog')).body;
    if (!Array.isArray(backlog?.agencies)) throw new Error(`backlog: ${JSON.stringify(backlog)}`);

    const page = await newPage(DESKTOP);
    await login(page, 'walikota');
    await page.getByRole('link', { name: 'Dasbor' }).click();
    await page.getByRole('heading', { name: 'Prakiraan' }).waitFor();
    const card = page.getByTestId('forecast-backlog');
    if (backlog.agencies.length === 0) {
      await card.getByText('Belum ada laporan yang ditangani instansi.').waitFor();
    } else {
      for (const a of backlog.agencies) {
        const row = card.locator(`tr[data-forecast-agency="${a.agency_code}"]`);
        await row.waitFor();
        const clears = (await row.locator('[data-cell="clears"]').textContent()).trim();
        const expected = a.clears_in_days === null ? 'Tidak tuntas dengan laju ini' : `${a.clears_in_days} hari kerja`;
        if (clears !== expected) throw new Error(`${a.agency_code} clears: "${clears}" vs "${expected}"`);
      }
    }

    // 100 an hour needs 14 officers for 80 % within 20 s at 6 min each (the
    // unit tests derive it); here the staffing of the demo's own history,
    // with 2 officers today, against the API's answer for the same query.
    const staffing = page.getByTestId('forecast-staffing');
    await staffing.locator('[data-kpi="peak-officers"] .kpi-value').waitFor();
    await page.locator('#forecast-handling').fill('30');
    await page.locator('#forecast-wait').fill('10');
    await page.locator('#forecast-share').fill('90');
    await page.locator('#forecast-officers').fill('2');
    await page.getByRole('button', { name: 'Hitung' }).click();
    const query = 'weeks=8&handling_minutes=30&target_wait_seconds=600&target_share=0.9&officers=2';
    const answer = (await leader.call('GET', `/api/v1/forecast/staffing?${query}`)).body;
    if (typeof answer?.peak_officers !== 'number') throw new Error(`staffing: ${JSON.stringify(answer)}`);
    await page.waitForFunction(
      (n) => document.querySelector('[data-kpi="peak-officers"] .kpi-value')?.textContent === String(n),
      answer.peak_officers,
    );
    const rows = staffing.locator('tbody tr');
    const shown = await rows.count();
    if (shown !== Math.min(12, answer.slots.length)) throw new Error(`${shown} busiest hours shown of ${answer.slots.length}`);
    if (shown > 0) {
      const busiest = [...answer.slots].sort((x, y) => y.arrivals_per_hour - x.arrivals_per_hour)[0];
      const needed = (await rows.first().locator('[data-cell="needed"]').textContent()).trim();
      if (needed !== String(busiest.officers_needed)) throw new Error(`needed ${needed} vs ${busiest.officers_needed}`);
    }
    await ready(page);
    await capture(page, 'forecast');
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.locator('#username').waitFor();
    await page.close();
  });

  await test('forecast: arrival and resolution rates keep two significant digits, and two different rates never read the same', async () => {
    const leader = await officerSession('walikota');
    const backlog = (await leader.call('GET', '/api/v1/forecast/backlog')).body;
    const page = await newPage(DESKTOP);
    try {
      await login(page, 'walikota');
      await page.getByRole('link', { name: 'Dasbor' }).click();
      const card = page.getByTestId('forecast-backlog');
      await card.locator('tbody tr').first().waitFor();
      // "1.234,56" → 1234.56
      const read = (text) => Number(text.trim().replace(/\./g, '').replace(',', '.'));
      let small = 0;
      for (const a of backlog.agencies) {
        const row = card.locator(`tr[data-forecast-agency="${a.agency_code}"]`);
        // Columns: agency (th), open, overdue, arrivals, resolutions, ...
        const arrivals = (await row.locator('td').nth(2).textContent()).trim();
        const resolutions = (await row.locator('td').nth(3).textContent()).trim();
        for (const [shown, exact] of [[arrivals, a.arrivals_per_day], [resolutions, a.resolutions_per_day]]) {
          // Two significant digits are within 5 % of the rate.
          if (!(Math.abs(read(shown) - exact) <= 0.05 * Math.abs(exact) + 1e-9)) {
            throw new Error(`${a.agency_code}: "${shown}" for ${exact}`);
          }
          if (exact > 0 && exact < 0.1) small += 1;
        }
        if (a.arrivals_per_day !== a.resolutions_per_day && arrivals === resolutions) {
          throw new Error(`${a.agency_code}: ${a.arrivals_per_day} and ${a.resolutions_per_day} both read "${arrivals}"`);
        }
      }
      if (small === 0) throw new Error(`no rate below 0.1 a day to check: ${JSON.stringify(backlog.agencies.map((a) => [a.arrivals_per_day, a.resolutions_per_day]))}`);
    } finally {
      await page.close();
    }
  });
}
