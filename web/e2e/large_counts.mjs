// Counts of a 1,000,000-case Pemda on the charts (QA at scale: the
// transparency page drew "100.000200.000300.000" on its value axis). First
// the axis numbers themselves (src/numbers.ts, compiled here by Vite's oxc
// and run in node, with the words of both i18n files); then the public page
// and the leaders' dashboard in the browser, the API answers stubbed with
// six- and seven-digit counts (page.route), on a 360 px phone and a desktop,
// in Bahasa Indonesia and English. uPlot writes its labels on a canvas, so
// each chart keeps what it wrote in data-chart-labels (charts/draw.ts): the
// test measures those texts in the chart's font and checks that no two
// labels overlap, that each lies on the canvas, and that a vertical axis is
// as wide as its widest label. Called by run.mjs with its helpers.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformWithOxc } from 'vite';
import { expectBars } from './charts.mjs';

const source = new URL('../src/numbers.ts', import.meta.url);
const dictionary = (lang) => JSON.parse(readFileSync(new URL(`../src/i18n/${lang}.json`, import.meta.url), 'utf8'));
const wordsOf = (d) => ({
  thousand: d['number.thousand'],
  million: d['number.million'],
  billion: d['number.billion'],
  trillion: d['number.trillion'],
});

async function loadNumbers() {
  const path = fileURLToPath(source);
  const { code } = await transformWithOxc(readFileSync(path, 'utf8'), path, { lang: 'ts' });
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

// A label back to its number: "1,25 jt" → 1250000, "1.25M" → 1250000.
function parseLabel(text, words, decimalMark) {
  const units = [[words.thousand, 1e3], [words.million, 1e6], [words.billion, 1e9], [words.trillion, 1e12]];
  const group = decimalMark === ',' ? '.' : ',';
  const number = (s) => Number(s.split(group).join('').replace(decimalMark, '.'));
  for (const [word, unit] of units) {
    const [before, after] = word.split('{n}');
    if (text.startsWith(before) && text.endsWith(after) && text.length > before.length + after.length) {
      const n = number(text.slice(before.length, text.length - after.length));
      if (!Number.isNaN(n)) return n * unit;
    }
  }
  return number(text);
}

// --- the stubbed answers: a big Pemda's figures ---------------------------

const MONTHS = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
const BIG = {
  from: '2025-01-01',
  to: '2025-12-31',
  as_of: '2025-12-31T23:00:00Z',
  received: 1234567,
  resolved: 1098765,
  rejected: 23456,
  resolution_rate: 0.89,
  open: 112346,
  overdue: 104321,
  median_days_to_resolve: 4.5,
  by_kind: [
    { key: 'complaint', count: 987654 },
    { key: 'aspiration', count: 203456 },
    { key: 'information', count: 43457 },
  ],
  by_service: [
    ['PU-DRAINASE', 412345], ['PU-JALAN', 298765], ['DLH-SAMPAH', 187654], ['PU-PJU', 123456],
    ['DISHUB-LALIN', 98765], ['', 54321],
  ].map(([key, count]) => ({ key, count })),
  by_service_rest: 59261,
  by_kecamatan: Array.from({ length: 16 }, (_, i) => ({
    key: `33.74.${String(i + 1).padStart(2, '0')}`,
    count: 250000 - i * 13579,
  })),
  by_kelurahan: [],
  by_agency: [
    { agency_code: 'DPU', received: 912345, resolved: 812345, open: 99999, overdue: 88888, median_days_to_resolve: 5 },
  ],
  by_month: MONTHS.map((month, i) => ({ month, received: 80000 + i * 11111, resolved: 70000 + i * 10000 })),
  agency: '',
};
const RATINGS = {
  from: '2025-01-01',
  to: '2025-12-31',
  count: 654321,
  average: 4.1,
  by_stars: { 5: 312345, 4: 198765, 3: 87654, 2: 34567, 1: 20990 },
  agencies: [{ agency_code: 'DPU', count: 654321, average: 4.1, by_stars: { 5: 312345, 4: 198765, 3: 87654, 2: 34567, 1: 20990 } }],
};
const STAFFING = { arrivals: 1234567, peak_officers: 1234, slots: [] };
const ALERT_ID = 990001;
const DAYS = 28;
const series = Array.from({ length: DAYS }, (_, i) => 120000 + ((i * 7919) % 40000) + (i === DAYS - 1 ? 180000 : 0));
const ALERT = {
  id: ALERT_ID,
  status: 'open',
  detector: 'city_shift',
  sentence: 'Laporan drainase naik tajam di seluruh kota.',
  sentence_en: 'Drainage reports rose sharply across the city.',
  category_code: 'PU-DRAINASE',
  category_name: 'Drainase',
  agency_code: 'DPU',
  agency_name: 'Dinas Pekerjaan Umum',
  regions: [],
  top_terms: [],
  observed: series[DAYS - 1],
  expected: 140000,
  first_day: '2025-12-30',
  since_day: '2025-12-30',
  last_day: '2025-12-31',
  updates: 1,
  allowed_moves: [],
  evidence: {
    method: 'poisson',
    day: '2025-12-31',
    observed: series[DAYS - 1],
    expected: 140000,
    statistic: 12.5,
    threshold: 4,
    p_value: 0.0001,
    series,
    expected_series: series.map(() => 140000),
    band_low: series.map(() => 110000),
    band_high: series.map(() => 170000),
  },
  cases: [],
  history: [{ from: null, to: 'open', actor: 'system', reason: '', at: '2025-12-31T01:00:00Z' }],
};

const ELEMENTS = [
  'Persyaratan', 'Sistem, mekanisme, dan prosedur', 'Waktu penyelesaian', 'Biaya/tarif',
  'Produk spesifikasi jenis pelayanan', 'Kompetensi pelaksana', 'Perilaku pelaksana',
  'Penanganan pengaduan, saran dan masukan', 'Sarana dan prasarana',
];
const IKM = {
  respondents: 123456,
  elements: ELEMENTS.map((name, i) => ({ code: `U${i + 1}`, name, answered: 123456 - i * 1000, nrr: 3.1 + i * 0.07 })),
  ikm: 84.25,
  mutu: 'B',
  kinerja: 'Baik',
  ci: { lower: 84.1, upper: 84.4, half_width: 0.15 },
  groups: MONTHS.map((key, i) => ({ key, respondents: 9000 + i * 123, elements: [], ikm: 84, mutu: 'B', kinerja: 'Baik', ci: null })),
  change: null,
};

async function stub(page) {
  const json = (body) => ({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
  await page.route((url) => url.pathname === '/api/v1/stats', (route) => route.fulfill(json(BIG)));
  await page.route((url) => url.pathname === '/api/v1/ratings/summary', (route) => route.fulfill(json(RATINGS)));
  await page.route((url) => url.pathname === '/api/v1/forecast/staffing', (route) => route.fulfill(json(STAFFING)));
  await page.route((url) => url.pathname === `/api/v1/alerts/${ALERT_ID}`, (route) => route.fulfill(json(ALERT)));
  await page.route((url) => url.pathname === '/api/v1/ikm', (route) => route.fulfill(json(IKM)));
}

// --- the checks in the page --------------------------------------------------

// What every drawn chart on `page` wrote, measured in its font, with the
// problems found; retried while a chart is still being (re)drawn at the
// page's width.
async function chartLabels(page, names) {
  let last = null;
  for (let tries = 0; tries < 60; tries++) {
    last = await page.evaluate((names) => {
      const measure = document.createElement('canvas').getContext('2d');
      const out = {};
      for (const name of names) {
        const el = document.querySelector(`[data-chart="${name}"]`);
        if (!el || el.getAttribute('data-chart-state') !== 'drawn' || !el.hasAttribute('data-chart-labels')) {
          out[name] = { pending: 'not drawn' };
          continue;
        }
        const seen = JSON.parse(el.getAttribute('data-chart-labels'));
        if (seen.width !== Math.max(240, Math.floor(el.clientWidth))) {
          out[name] = { pending: `drawn ${seen.width} px wide in ${el.clientWidth}` };
          continue;
        }
        const problems = [];
        const width = (text, bold) => {
          measure.font = bold ? `bold ${seen.font}` : seen.font;
          return measure.measureText(text).width;
        };
        const fontPx = Number(/(\d+)px/.exec(seen.font)[1]);
        seen.axes.forEach((axis, i) => {
          const labels = axis.labels.map((l) => ({ ...l, w: width(l.text) })).sort((a, b) => a.at - b.at);
          if (axis.side === 0 || axis.side === 2) {
            // Side by side along the width: apart, and on the canvas.
            for (const l of labels) {
              if (l.at - l.w / 2 < -0.5 || l.at + l.w / 2 > seen.width + 0.5) {
                problems.push(`axis ${i}: "${l.text}" leaves the canvas (${l.at.toFixed(1)} ± ${(l.w / 2).toFixed(1)} of ${seen.width})`);
              }
            }
            for (let j = 1; j < labels.length; j++) {
              const a = labels[j - 1];
              const b = labels[j];
              const room = b.at - b.w / 2 - (a.at + a.w / 2);
              if (room < 4) problems.push(`axis ${i}: "${a.text}" and "${b.text}" overlap (${room.toFixed(1)} px apart)`);
            }
          } else {
            // Stacked up the height, in an axis as wide as the widest.
            for (let j = 1; j < labels.length; j++) {
              if (labels[j].at - labels[j - 1].at < fontPx) {
                problems.push(`axis ${i}: "${labels[j - 1].text}" and "${labels[j].text}" overlap`);
              }
            }
            const widest = Math.max(0, ...labels.map((l) => l.w));
            if (axis.size !== null && axis.size < widest + 4) {
              problems.push(`axis ${i}: ${axis.size} px wide for "${labels.find((l) => l.w === widest).text}" (${widest.toFixed(1)} px)`);
            }
          }
        });
        const bars = seen.bars.map((b) => ({ ...b, width: width(b.text, true) }));
        for (const b of bars) {
          if (b.left < -0.5 || b.top < -0.5 || b.left + b.width > seen.width + 0.5 || b.top + b.height > seen.height + 0.5) {
            problems.push(`bar number "${b.text}" leaves the canvas`);
          }
        }
        for (let i = 0; i < bars.length; i++) {
          for (let j = i + 1; j < bars.length; j++) {
            const a = bars[i];
            const b = bars[j];
            const apart = a.left + a.width <= b.left || b.left + b.width <= a.left || a.top + a.height <= b.top || b.top + b.height <= a.top;
            if (!apart) problems.push(`bar numbers "${a.text}" and "${b.text}" overlap`);
          }
        }
        out[name] = {
          problems,
          values: (seen.axes[1]?.labels ?? []).map((l) => l.text),
          bars: bars.map((b) => b.text),
        };
      }
      return out;
    }, names);
    if (Object.values(last).every((c) => !c.pending)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`charts not drawn: ${JSON.stringify(last)}`);
}

// The KPI figures stay inside their boxes, and the page inside the screen.
async function kpisFit(page) {
  const bad = await page.locator('.kpi-value').evaluateAll((values) =>
    values.flatMap((v) => {
      const range = document.createRange();
      range.selectNodeContents(v);
      const text = range.getBoundingClientRect();
      const box = v.closest('.kpi').getBoundingClientRect();
      return text.left < box.left - 0.5 || text.right > box.right + 0.5 ? [`${v.textContent} (${text.width.toFixed(0)} px in ${box.width.toFixed(0)})`] : [];
    }),
  );
  if (bad.length > 0) throw new Error(`KPI figures overflow their boxes: ${bad.join(', ')}`);
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  const viewport = page.viewportSize().width;
  if (scroll > viewport) throw new Error(`the page is ${scroll} px wide on a ${viewport} px screen`);
}

// All charts `names`: labels apart; with `compact`, value axes compact in
// the language, no long number written out on them.
async function expectReadable(page, names, where, compact) {
  const charts = await chartLabels(page, names);
  const problems = Object.entries(charts).flatMap(([name, c]) => c.problems.map((p) => `${name}: ${p}`));
  if (problems.length > 0) throw new Error(`${where}: ${problems.join('; ')}`);
  for (const [name, c] of Object.entries(charts)) {
    if (!compact) continue;
    if (!c.values.some((v) => compact.test(v))) throw new Error(`${where}: ${name} axis not compact: ${JSON.stringify(c.values)}`);
    const long = c.values.filter((v) => /\d{1,3}[.,]\d{3}[.,]?\d*$/.test(v) && !compact.test(v));
    if (long.length > 0) throw new Error(`${where}: ${name} axis writes out ${JSON.stringify(long)}`);
  }
  await kpisFit(page);
  return charts;
}

const serviceRows = () => [
  ...BIG.by_service.map((c) => ({ key: c.key, value: c.count })),
  { key: '(rest)', value: BIG.by_service_rest },
];

export async function run({ test, newPage, login, ready, capture, base, DESKTOP, PHONE }) {
  await test('large counts: axis numbers compact in both languages, exact and apart (numbers.ts in node)', async () => {
    const m = await loadNumbers();
    const id = wordsOf(dictionary('id'));
    const en = wordsOf(dictionary('en'));
    const expect = (got, want) => {
      if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    };
    // The tester's axis, and the brief's forms.
    expect(m.tickLabels([0, 100000, 200000, 300000], 100000, 0, 'id-ID', id), ['0', '100 rb', '200 rb', '300 rb']);
    expect(m.tickLabels([0, 100000, 200000, 300000], 100000, 0, 'en-GB', en), ['0', '100K', '200K', '300K']);
    expect(m.tickLabels([1000000, 1250000, 1500000], 250000, 0, 'id-ID', id), ['1 jt', '1,25 jt', '1,5 jt']);
    expect(m.tickLabels([1000000, 1250000, 1500000], 250000, 0, 'en-GB', en), ['1M', '1.25M', '1.5M']);
    expect(m.tickLabels([0, 2e9, 4e9], 2e9, 0, 'id-ID', id), ['0', '2 M', '4 M']);
    expect(m.tickLabels([0, 2e9, 4e9], 2e9, 0, 'en-GB', en), ['0', '2B', '4B']);
    // Below six digits, written out as before; an NRR keeps its decimals.
    expect(m.tickLabels([0, 20000, 40000, 60000], 20000, 0, 'id-ID', id), ['0', '20.000', '40.000', '60.000']);
    expect(m.tickLabels([0, 0.5, 1, 1.5], 0.5, 2, 'id-ID', id), ['0', '0,5', '1', '1,5']);
    // A bar's number, rounded (the table has it exact).
    expect(m.compactNumber(1234567, 'id-ID', id), '1,2 jt');
    expect(m.compactNumber(1234567, 'en-GB', en), '1.2M');
    expect(m.compactNumber(123456, 'id-ID', id), '123 rb');
    expect(m.compactNumber(999950, 'id-ID', id), '1 jt');
    expect(m.compactNumber(999, 'en-GB', en), '999');
    // Counts step by whole numbers; an NRR by hundredths at the finest.
    if (m.axisSteps(0).some((s) => !Number.isInteger(s)) || m.axisSteps(0).at(-1) < 1e13) throw new Error(`steps ${m.axisSteps(0)}`);
    if (m.axisSteps(2)[0] !== 0.01 || m.axisSteps(2).includes(0.025)) throw new Error(`NRR steps ${m.axisSteps(2).slice(0, 8)}`);
    // Any magnitude, any width: the step uPlot then takes (its findIncr:
    // the first step at least `space` apart) has labels that differ, mean
    // exactly their tick, and leave the gap between them (7 px a character).
    const checked = [];
    for (const [locale, words, mark] of [['id-ID', id, ','], ['en-GB', en, '.']]) {
      const steps = m.axisSteps(0);
      const measure = (ticks, step) => Math.max(0, ...m.tickLabels(ticks, step, 0, locale, words).map((t) => t.length * 7));
      for (let top = 3; top < 5e12; top = Math.ceil(top * 2.37)) {
        for (const dim of [120, 200, 360, 800, 1200]) {
          const max = top * 1.15;
          const space = m.tickSpacing(0, max, dim, steps, measure, 12);
          const step = steps.find((s) => (dim * s) / max >= space);
          if (step === undefined) throw new Error(`${locale} ${top} in ${dim} px: no step for ${space} px`);
          const ticks = m.ticksFor(0, max, step);
          const labels = m.tickLabels(ticks, step, 0, locale, words);
          const where = `${locale} top ${top} in ${dim} px, step ${step}: ${JSON.stringify(labels)}`;
          if (new Set(labels).size !== labels.length) throw new Error(`repeated labels, ${where}`);
          labels.forEach((l, i) => {
            if (parseLabel(l, words, mark) !== ticks[i]) throw new Error(`"${l}" is not ${ticks[i]}, ${where}`);
          });
          if (ticks.length > 1 && (dim * step) / max < measure(ticks, step) + 12) throw new Error(`labels too close, ${where}`);
          if (dim >= 200 && ticks.length < 2) throw new Error(`a single tick, ${where}`);
          if (top >= 100000 && labels.some((l) => /\d[.,]\d{3}/.test(l))) throw new Error(`written out, ${where}`);
          checked.push(where);
        }
      }
    }
    if (checked.length < 200) throw new Error(`only ${checked.length} cases checked`);
  });

  await test('large counts: the transparency page on a phone, six-digit counts, labels apart, in both languages', async () => {
    const page = await newPage(PHONE);
    await stub(page);
    const names = ['by_month', 'by_service', 'by_kind', 'by_kecamatan'];
    try {
      await page.goto(`${base}/transparansi`);
      await page.getByRole('heading', { name: 'Transparansi layanan' }).waitFor();
      await page.locator('[data-kpi="received"] .kpi-value', { hasText: '1.234.567' }).waitFor();
      const id = await expectReadable(page, names, 'phone, Indonesian', /^\d+(,\d+)? (rb|jt)$/);
      if (!id.by_service.values.includes('400 rb') && !id.by_service.values.includes('200 rb')) {
        throw new Error(`by_service axis: ${JSON.stringify(id.by_service.values)}`);
      }
      // The exact figures are in the tables.
      await expectBars(page, 'by_service', serviceRows());
      await expectBars(page, 'by_month', BIG.by_month.map((m) => ({ key: m.month, value: m.received })));
      await ready(page);
      await capture(page, 'large-counts-transparency');
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { name: 'Service transparency' }).waitFor();
      let en = null;
      for (let tries = 0; tries < 50; tries++) {
        en = await chartLabels(page, names);
        if (names.every((n) => en[n].values.some((v) => /K|M$/.test(v)))) break;
        await page.waitForTimeout(100);
      }
      await expectReadable(page, names, 'phone, English', /^\d+(\.\d+)?(K|M)$/);
      await page.locator('[data-kpi="received"] .kpi-value', { hasText: '1,234,567' }).waitFor();
    } finally {
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click({ timeout: 5000 }).catch(() => {});
      await page.close();
    }
  });

  await test('large counts: the leaders\' dashboard, an alert\'s evidence and the IKM, desktop and phone, labels apart', async () => {
    const page = await newPage(DESKTOP);
    await stub(page);
    const names = ['by_month', 'by_service', 'by_kind', 'by_kecamatan', 'ratings_by_stars', 'alert_evidence'];
    try {
      await login(page, 'walikota');
      await page.goto(`${base}/petugas/dasbor/peringatan/${ALERT_ID}`);
      await page.getByTestId('alert-detail').waitFor();
      await page.locator('[data-kpi="ratings_count"] .kpi-value', { hasText: '654.321' }).waitFor();
      await page.locator('[data-kpi="arrivals"] .kpi-value', { hasText: '1.234.567' }).waitFor();
      await expectReadable(page, names, 'desktop', /^\d+(,\d+)? (rb|jt)$/);
      await expectBars(page, 'ratings_by_stars', ['5', '4', '3', '2', '1'].map((n) => ({ key: n, value: RATINGS.by_stars[n] })));
      // On a phone: every chart redrawn narrower, its labels still apart.
      await page.setViewportSize(PHONE);
      const phone = await expectReadable(page, names, 'phone', /^\d+(,\d+)? (rb|jt)$/);
      // 28 days of six-digit counts, one below the other on the left axis.
      if (phone.alert_evidence.values.length < 3) throw new Error(`evidence axis: ${JSON.stringify(phone.alert_evidence.values)}`);
      await ready(page);
      await capture(page, 'large-counts-dashboard');
      // The IKM screen: long element names cut to fit, respondents grouped.
      await page.getByRole('link', { name: 'IKM', exact: true }).click();
      await page.getByTestId('ikm-respondents').filter({ hasText: '123.456' }).waitFor();
      const ikm = await expectReadable(page, ['ikm_nrr'], 'IKM on a phone', null);
      if (ikm.ikm_nrr.values.join('|') !== '0|1|2|3|4') throw new Error(`NRR axis: ${ikm.ikm_nrr.values}`);
      await page.setViewportSize(DESKTOP);
      await expectReadable(page, ['ikm_nrr'], 'IKM on a desktop', null);
      await page.getByRole('button', { name: 'Keluar' }).click();
      await page.locator('#username').waitFor();
    } finally {
      await page.close();
    }
  });

  await test('ratings: a period without any rating says so instead of drawing empty bars', async () => {
    const page = await newPage(DESKTOP);
    await stub(page);
    const none = { ...RATINGS, count: 0, average: null, by_stars: {}, agencies: [] };
    await page.route((url) => url.pathname === '/api/v1/ratings/summary', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(none) }));
    try {
      await login(page, 'walikota');
      await page.goto(`${base}/petugas/dasbor`);
      await page.getByTestId('ratings-none').filter({ hasText: 'Belum ada penilaian dari pelapor pada periode ini.' }).waitFor();
      await page.locator('[data-kpi="ratings_count"] .kpi-value', { hasText: '0' }).waitFor();
      if ((await page.locator('[data-bars="ratings_by_stars"]').count()) !== 0) {
        throw new Error('empty bars drawn for a period without ratings');
      }
    } finally {
      await page.close();
    }
  });
}
