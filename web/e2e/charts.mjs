// Checks of the uPlot charts (web/src/charts): that a chart is drawn (a
// canvas of non-zero size inside its element, with marks in the chart's
// colour on it) and that the table of its figures shows what the API
// returned. Used by run.mjs and alerts.mjs.

// A number as the app writes it for id-ID ("1.234", "3,25"); "—" is null.
export function parseShown(text) {
  const s = text.trim();
  if (s === '—') return null;
  const n = Number(s.replace(/\./g, '').replace(',', '.'));
  if (Number.isNaN(n)) throw new Error(`not a number: "${text}"`);
  return n;
}

// Waits until the chart `name` within `scope` (a page or locator) is drawn,
// then checks its canvas: visible size, an accessible name, and at least
// `minInk` pixels of `rgb` (the bars' or the series' colour).
export async function expectChartDrawn(scope, name, { rgb = [11, 93, 79], minInk = 20 } = {}) {
  const chart = scope.locator(`[data-chart="${name}"]`);
  await chart.locator('canvas').first().waitFor();
  await scope.locator(`[data-chart="${name}"][data-chart-state="drawn"]`).waitFor();
  const seen = await chart.evaluate((el, rgb) => {
    const canvas = el.querySelector('canvas');
    const box = canvas.getBoundingClientRect();
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const close = Math.abs(pixels[i] - rgb[0]) + Math.abs(pixels[i + 1] - rgb[1]) + Math.abs(pixels[i + 2] - rgb[2]) < 24;
      if (close && pixels[i + 3] > 200) ink++;
    }
    return { width: box.width, height: box.height, ink, label: el.getAttribute('aria-label'), role: el.getAttribute('role') };
  }, rgb);
  if (!(seen.width > 100 && seen.height > 50)) throw new Error(`chart ${name}: canvas ${seen.width}×${seen.height}`);
  if (seen.role !== 'img' || !seen.label) throw new Error(`chart ${name}: no accessible name`);
  if (seen.ink < minInk) throw new Error(`chart ${name}: ${seen.ink} pixels of rgb(${rgb}) drawn`);
  return seen;
}

// The rows of a chart's table: [{ key, label, cells: [text, ...] }].
export async function chartTable(scope, name) {
  return scope.locator(`table[data-chart-table="${name}"] tbody tr`).evaluateAll((rows) =>
    rows.map((tr) => ({
      key: tr.getAttribute('data-key'),
      label: tr.querySelector('th').textContent.trim(),
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
    })),
  );
}

// Checks that the bar chart `name` shows `expected` ([{ key, value }], in
// order) in its table, and is drawn when there is anything to draw. Retries
// for a few seconds while the screen catches up with a new answer.
export async function expectBars(scope, name, expected, { decimals = 0 } = {}) {
  const round = (v) => (v === null ? null : Number(v.toFixed(decimals)));
  const want = expected.map((e) => ({ key: String(e.key), value: round(e.value) }));
  let got = [];
  for (let tries = 0; tries < 50; tries++) {
    got = (await chartTable(scope, name)).map((r) => ({ key: r.key, value: parseShown(r.cells[0]) }));
    if (JSON.stringify(got) === JSON.stringify(want)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(`chart ${name}: table shows ${JSON.stringify(got)}, the API ${JSON.stringify(want)}`);
  }
  if (want.some((w) => (w.value ?? 0) > 0)) await expectChartDrawn(scope, name);
}
