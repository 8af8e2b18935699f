// Numbers on the charts' axes and bars, readable at any magnitude: below
// 100.000 written out ("12.500"), from there on compact in the UI language's
// words ("250 rb", "1,25 jt"; "250K", "1.25M") with just the decimals the
// ticks need to differ. The exact figures stay in each chart's table. Pure
// (the locale and the words come in as arguments), so e2e/large_counts.mjs
// checks it in node too; format.ts and charts/draw.ts pass the UI's own.

// The compact forms, "{n}" the number: i18n keys number.thousand, ...
export interface CompactWords {
  thousand: string;
  million: string;
  billion: string;
  trillion: string;
}

// Ticks up to here are written out; a tick at or above it makes the whole
// axis compact ("100.000" is where counts began to crowd the axes).
export const COMPACT_FROM = 100_000;

const UNITS = [1, 1e3, 1e6, 1e9, 1e12];

// Whole units, not floating-point noise: 0.1 + 0.2 is 0.3 here.
const tidy = (x: number) => Number(x.toPrecision(12));

// The decimal places `x` needs, at most 3: 0.25 needs 2, 1.5 one, 20 none.
export function placesOf(x: number): number {
  for (let d = 0; d < 3; d++) {
    const scaled = Math.abs(x) * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return d;
  }
  return 3;
}

// 0 for units, 1 for thousands ... 4 for trillions (and beyond).
function unitOf(n: number): number {
  if (n === 0 || !Number.isFinite(n)) return 0;
  return Math.min(4, Math.max(0, Math.floor(Math.log10(Math.abs(n)) / 3 + 1e-12)));
}

// `n` compact: "1,2 jt" / "1.2M". `places`: decimals of the number before
// the word (default: one below 100 of the unit, "12,3 rb", none above,
// "123 rb"); `decimals`: those of a number below a thousand ("3,25").
export function compactNumber(
  n: number,
  locale: string,
  words: CompactWords,
  places?: number,
  decimals = 0,
): string {
  let unit = unitOf(n);
  for (;;) {
    const scaled = n / UNITS[unit];
    const d = unit === 0 ? decimals : (places ?? (Math.abs(scaled) < 100 ? 1 : 0));
    const rounded = Math.round(scaled * 10 ** d) / 10 ** d;
    // 999.950 rounds to "1.000 rb": that is "1 jt".
    if (Math.abs(rounded) >= 1000 && unit > 0 && unit < 4) {
      unit++;
      continue;
    }
    const text = rounded.toLocaleString(locale, { maximumFractionDigits: d });
    if (unit === 0) return text;
    const word = [words.thousand, words.million, words.billion, words.trillion][unit - 1];
    return word.replace('{n}', text);
  }
}

// The labels of an axis's ticks `step` apart: written out ("50.000") while
// they are below COMPACT_FROM, else all compact, each with the decimals the
// step needs in its unit ("1 jt", "1,25 jt", "1,5 jt").
export function tickLabels(
  ticks: number[],
  step: number,
  decimals: number,
  locale: string,
  words: CompactWords,
): string[] {
  const top = Math.max(0, ...ticks.map((v) => Math.abs(v)));
  if (top < COMPACT_FROM) return ticks.map((v) => v.toLocaleString(locale, { maximumFractionDigits: decimals }));
  return ticks.map((v) => {
    const unit = unitOf(v);
    return compactNumber(v, locale, words, unit === 0 ? undefined : placesOf(step / UNITS[unit]), decimals);
  });
}

// The steps an axis may take between ticks: 1, 2, 2,5 and 5 times a power of
// ten, from the chart's smallest decimal (0,01 for an NRR) to 5 × 10¹³,
// without those that need more decimals than the chart has (no 2,5 steps
// between counts).
export function axisSteps(decimals: number): number[] {
  const steps: number[] = [];
  for (let e = -decimals; e <= 13; e++) {
    for (const m of [1, 2, 2.5, 5]) {
      const step = tidy(m * 10 ** e);
      if (placesOf(step) <= decimals) steps.push(step);
    }
  }
  return steps;
}

// The ticks `step` apart in [min, max], as uPlot places them.
export function ticksFor(min: number, max: number, step: number): number[] {
  const ticks: number[] = [];
  if (!(step > 0) || !(max >= min)) return ticks;
  for (let v = tidy(Math.ceil(tidy(min / step)) * step); v <= max && ticks.length < 1000; v = tidy(v + step)) {
    ticks.push(v);
  }
  return ticks;
}

// For an axis along the width (its labels side by side): the space between
// ticks, in CSS px, of the smallest step whose labels, measured by
// `widest(ticks, step)`, have `gap` px between them (uPlot's `axes[].space`,
// which then picks exactly that step). A plot too narrow for any two labels
// gets the whole width: a tick at the start only.
export function tickSpacing(
  min: number,
  max: number,
  dim: number,
  steps: number[],
  widest: (ticks: number[], step: number) => number,
  gap = 12,
): number {
  const delta = max - min;
  if (!(delta > 0) || !(dim > 0)) return 50;
  for (const step of steps) {
    const spacing = (dim * step) / delta;
    if (spacing < 16) continue;
    if (spacing >= widest(ticksFor(min, max, step), step) + gap) return spacing * (1 - 1e-9);
  }
  return dim;
}
