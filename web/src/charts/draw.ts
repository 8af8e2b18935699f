// Draws the charts of the officer console and the leaders' dashboard with
// uPlot on a <canvas>, sized to its container and redrawn when that
// changes. Imported only on demand (chart.tsx), so neither uPlot nor its CSS
// is part of the citizen portal's first load. uPlot styles its elements
// through the CSSOM (element.style), which the server's CSP allows; its
// stylesheet comes from this origin like the app's own.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { BarSpec, ChartSpec, Drawn, LineSpec } from './spec';
import { compactWords, locale } from '../format';
import { axisSteps, compactNumber, tickLabels, tickSpacing } from '../numbers';

const INK = '#1f2a27';
const GRID = '#dde5e2';
const BAR = '#0b5d4f';
const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const ROW = 30; // px per bar of a horizontal bar chart
const COLUMNS_HEIGHT = 240;
const LINES_HEIGHT = 220;
const LABEL_GAP = 12; // px at least between two labels side by side

const format = (n: number, decimals: number) =>
  n.toLocaleString(locale(), { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

// What a chart wrote on its canvas, kept on its element as data-chart-labels
// (JSON) so that tests can check that no two labels overlap: each axis's
// labels (`at`: the middle of the label along the axis, CSS px from the
// canvas's left or top) and the size given to it, and each bar's number.
interface AxisSeen {
  side: number;
  size: number | null;
  labels: { text: string; at: number }[];
}
interface Seen {
  axes: { splits: number[]; labels: string[]; size: number | null }[];
  bars: { text: string; left: number; top: number; width: number; height: number }[];
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

// `text`, cut short with "…" to at most `max` CSS px in the axis font.
function fit(u: uPlot, text: string, max: number): string {
  if (widest(u, [text]) <= max) return text;
  // The most characters that fit, by halving (at least one).
  let [fits, over] = [1, text.length];
  while (over - fits > 1) {
    const mid = (fits + over) >> 1;
    if (widest(u, [`${text.slice(0, mid)}…`]) <= max) fits = mid;
    else over = mid;
  }
  return `${text.slice(0, fits).trimEnd()}…`;
}

// The widest of `texts` in CSS pixels, in the axis font.
function widest(u: uPlot, texts: string[]): number {
  const ctx = u.ctx;
  const font = ctx.font;
  ctx.font = FONT;
  const width = Math.max(0, ...texts.map((s) => ctx.measureText(s).width));
  ctx.font = font;
  return width;
}

const axis = (extra: uPlot.Axis): uPlot.Axis => ({
  stroke: INK,
  font: FONT,
  grid: { stroke: GRID, width: 1 },
  ticks: { stroke: GRID, width: 1, size: 4 },
  ...extra,
});

// A value axis: its ticks' labels written out or compact ("250 rb", numbers.ts)
// and the steps between them, in the chart's decimals; along the width
// (`across`), ticks far enough apart for their widest label, and up the
// height, as wide as that label.
function valueAxis(seen: Seen, index: number, decimals: number, across: boolean, extra: uPlot.Axis = {}): uPlot.Axis {
  const steps = axisSteps(decimals);
  const labels = (ticks: number[], step: number) => tickLabels(ticks, step, decimals, locale(), compactWords());
  return axis({
    incrs: steps,
    values: (_u, splits, _i, _space, step) => record(seen, index, splits, labels(splits, step)),
    ...(across
      ? { space: (u: uPlot, _i: number, min: number, max: number, dim: number) =>
            tickSpacing(min, max, dim, steps, (ticks, step) => widest(u, labels(ticks, step)), LABEL_GAP) }
      : { size: sized(seen, index, (u, v) => Math.ceil(widest(u, v) + 14)) }),
    ...extra,
  });
}

// An axis's `values`, noting what it wrote for data-chart-labels.
function record(seen: Seen, index: number, splits: number[], labels: string[]): string[] {
  seen.axes[index] = { ...(seen.axes[index] ?? { size: null }), splits, labels };
  return labels;
}

// An axis's `size`, noting the size given.
function sized(seen: Seen, index: number, size: (u: uPlot, values: string[]) => number) {
  return (u: uPlot, values: string[]) => {
    const px = size(u, values ?? []);
    seen.axes[index] = { ...(seen.axes[index] ?? { splits: [], labels: [] }), size: px };
    return px;
  };
}

// data-chart-labels of `el` after a draw (see Seen).
function publish(el: HTMLElement, u: uPlot, seen: Seen) {
  const ratio = uPlot.pxRatio;
  const axes: AxisSeen[] = (u.axes ?? []).map((a, i) => {
    const s = seen.axes[i] ?? { splits: [], labels: [], size: null };
    const scale = a.scale ?? (i === 0 ? 'x' : 'y');
    const along = a.side === 0 || a.side === 2 ? u.bbox.left / ratio : u.bbox.top / ratio;
    return {
      side: a.side ?? (i === 0 ? 2 : 3),
      size: s.size,
      labels: s.splits
        .map((v, j) => ({ text: s.labels[j] ?? '', at: along + u.valToPos(v, scale) }))
        .filter((l) => l.text !== ''),
    };
  });
  el.setAttribute(
    'data-chart-labels',
    JSON.stringify({ font: FONT, width: u.width, height: u.height, axes, bars: seen.bars }),
  );
}

function barsOptions(spec: BarSpec, width: number, seen: Seen): uPlot.Options {
  const n = spec.labels.length;
  const top = spec.max ?? Math.max(1, ...spec.values.map((v) => v ?? 0));
  const labelChars = (u: uPlot) => Math.max(8, Math.floor((u.width * 0.4) / 7));
  const categories = axis({
    side: spec.horizontal ? 3 : 2,
    grid: { show: false },
    ticks: { show: false },
    splits: () => spec.labels.map((_, i) => i),
    values: (u, splits) =>
      record(
        seen,
        0,
        splits,
        splits.map((i) => {
          const text = Number.isInteger(i) ? spec.labels[i] : undefined;
          if (text === undefined) return '';
          // Rows: names within the axis's 45 % of the width (measured).
          return spec.horizontal ? fit(u, text, u.width * 0.45 - 14) : shorten(text, labelChars(u));
        }),
      ),
    ...(spec.horizontal
      ? { size: sized(seen, 0, (u, values) => Math.ceil(Math.min(u.width * 0.45, widest(u, values) + 14))) }
      : {
          // Column labels thin out instead of overlapping on a phone.
          splits: (u: uPlot) => {
            const room = u.bbox.width / uPlot.pxRatio / Math.max(1, n);
            const need = widest(u, spec.labels) + 8;
            const step = Math.max(1, Math.ceil(need / Math.max(1, room)));
            return spec.labels.map((_, i) => i).filter((i) => (n - 1 - i) % step === 0);
          },
        }),
  });
  // Horizontal bars have their value axis along the bottom: its labels side
  // by side need the room the axis's space gives them ("100.000" used to
  // run into "200.000" at uPlot's 30 px for a y axis).
  const values = valueAxis(seen, 1, spec.decimals, spec.horizontal, { side: spec.horizontal ? 2 : 3 });
  return {
    width,
    height: spec.horizontal ? Math.max(3, n) * ROW + 36 : COLUMNS_HEIGHT,
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: {
      // Horizontal: the first row at the top, as in the table.
      x: { time: false, ori: spec.horizontal ? 1 : 0, dir: spec.horizontal ? -1 : 1, range: [-0.5, n - 0.5] },
      // Room beyond the longest bar for its number.
      y: { ori: spec.horizontal ? 0 : 1, dir: 1, range: [0, spec.max ?? top * 1.15] },
    },
    axes: [categories, values],
    series: [
      {},
      {
        label: 'value',
        stroke: BAR,
        fill: BAR,
        width: 0,
        points: { show: false },
        paths: uPlot.paths.bars!({ size: [0.7, 48], align: 0 }),
      },
    ],
    hooks: {
      // Each bar's number written at its end, as the HTML bars had: exact
      // when every bar's number fits, else compact ("1,2 jt") when those
      // fit, else none (the table under the chart has them all).
      draw: [
        (u) => {
          const ctx = u.ctx;
          const ratio = uPlot.pxRatio;
          const left = u.bbox.left;
          const right = u.bbox.left + u.bbox.width;
          const size = Number(/^(\d+)px/.exec(FONT)?.[1] ?? 12);
          ctx.save();
          ctx.font = FONT.replace(/^(\d+)px/, `bold ${size * ratio}px`);
          const bars = spec.values.flatMap((v, i) =>
            v === null ? [] : [{ v, along: u.valToPos(i, 'x', true), end: u.valToPos(v, 'y', true) }],
          );
          // Columns: each number within its column's width.
          const room = u.bbox.width / Math.max(1, n) - 4 * ratio;
          // Where a number goes, or null when it does not fit: after the bar,
          // else inside it (in white) when it would pass the plot's edge.
          const place = (b: (typeof bars)[number], text: string) => {
            const w = ctx.measureText(text).width;
            if (!spec.horizontal) return w <= room ? { x: b.along - w / 2, inside: false, w } : null;
            if (b.end + 4 * ratio + w <= right) return { x: b.end + 4 * ratio, inside: false, w };
            if (b.end - left >= w + 8 * ratio) return { x: b.end - 4 * ratio - w, inside: true, w };
            return null;
          };
          const exact = (v: number) => format(v, spec.decimals);
          const compact = (v: number) => compactNumber(v, locale(), compactWords(), undefined, spec.decimals);
          const fits = (text: (v: number) => string) => bars.every((b) => place(b, text(b.v)) !== null);
          const text = fits(exact) ? exact : fits(compact) ? compact : null;
          seen.bars = [];
          if (text) {
            ctx.textAlign = 'left';
            for (const b of bars) {
              const t = text(b.v);
              const at = place(b, t)!;
              ctx.fillStyle = at.inside ? '#fff' : INK;
              const height = size * 1.2 * ratio;
              // Horizontal: centred on the bar; columns: just above its top.
              const topY = spec.horizontal ? b.along - height / 2 : b.end - 3 * ratio - height;
              ctx.textBaseline = 'middle';
              ctx.fillText(t, at.x, topY + height / 2);
              seen.bars.push({ text: t, left: at.x / ratio, top: topY / ratio, width: at.w / ratio, height: height / ratio });
            }
          }
          ctx.restore();
        },
      ],
    },
  };
}

function linesOptions(spec: LineSpec, width: number, seen: Seen): uPlot.Options {
  const n = spec.labels.length;
  const all = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const top = Math.max(1, ...all) * 1.1;
  return {
    width,
    height: LINES_HEIGHT,
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: {
      x: { time: false, range: [0, Math.max(1, n - 1)] },
      y: { range: [0, top] },
    },
    axes: [
      axis({
        grid: { show: false },
        // Days far enough apart for the widest day's label.
        space: (u) => Math.max(56, Math.ceil(widest(u, spec.labels) + LABEL_GAP)),
        incrs: [1, 2, 7, 14, 28, 56, 91, 182, 364],
        values: (_u, splits) =>
          record(seen, 0, splits, splits.map((i) => (Number.isInteger(i) ? (spec.labels[i] ?? '') : ''))),
      }),
      valueAxis(seen, 1, spec.decimals, false),
    ],
    series: [
      {},
      ...spec.series.map((s): uPlot.Series => {
        switch (s.style) {
          case 'line':
            return { label: s.name, stroke: s.color, width: 2, points: { show: true, size: 6, fill: s.color, stroke: s.color } };
          case 'dashed':
            return { label: s.name, stroke: s.color, width: 1.5, dash: [4, 3], points: { show: false } };
          case 'points':
            return {
              label: s.name,
              stroke: s.color,
              width: 0,
              paths: () => null,
              points: { show: true, size: 9, fill: s.color, stroke: s.color },
            };
          default:
            return { label: s.name, stroke: 'transparent', width: 0, points: { show: false } };
        }
      }),
    ],
    bands: spec.band ? [{ series: [spec.band.high + 1, spec.band.low + 1], fill: spec.band.color }] : [],
  };
}

function plotData(spec: ChartSpec): uPlot.AlignedData {
  const xs = spec.labels.map((_, i) => i);
  if (spec.kind === 'bars') return [xs, spec.values] as uPlot.AlignedData;
  return [xs, ...spec.series.map((s) => s.values)] as uPlot.AlignedData;
}

// Draws `spec` into `el`, filling its width; redraws when the width changes.
export function draw(el: HTMLElement, spec: ChartSpec): Drawn {
  const widthOf = () => Math.max(240, Math.floor(el.clientWidth));
  let width = widthOf();
  const seen: Seen = { axes: [], bars: [] };
  const options = (w: number) => (spec.kind === 'bars' ? barsOptions(spec, w, seen) : linesOptions(spec, w, seen));
  const first = options(width);
  first.hooks = { ...first.hooks, draw: [...(first.hooks?.draw ?? []), (u) => publish(el, u, seen)] };
  const plot = new uPlot(first, plotData(spec), el);
  const observer = new ResizeObserver(() => {
    const w = widthOf();
    if (w !== width) {
      width = w;
      plot.setSize({ width: w, height: first.height });
    }
  });
  observer.observe(el);
  return {
    destroy() {
      observer.disconnect();
      plot.destroy();
    },
  };
}
