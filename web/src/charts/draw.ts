// Draws the charts of the officer console and the leaders' dashboard with
// uPlot on a <canvas>, sized to its container and redrawn when that
// changes. Imported only on demand (chart.tsx), so neither uPlot nor its CSS
// is part of the citizen portal's first load. uPlot styles its elements
// through the CSSOM (element.style), which the server's CSP allows; its
// stylesheet comes from this origin like the app's own.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { BarSpec, ChartSpec, Drawn, LineSpec } from './spec';
import { locale } from '../format';

const INK = '#1f2a27';
const GRID = '#dde5e2';
const BAR = '#0b5d4f';
const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const ROW = 30; // px per bar of a horizontal bar chart
const COLUMNS_HEIGHT = 240;
const LINES_HEIGHT = 220;
const INTEGER_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000];

const format = (n: number, decimals: number) =>
  n.toLocaleString(locale(), { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
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

function barsOptions(spec: BarSpec, width: number): uPlot.Options {
  const n = spec.labels.length;
  const top = spec.max ?? Math.max(1, ...spec.values.map((v) => v ?? 0));
  const integers = spec.decimals === 0;
  const labelChars = (u: uPlot) => Math.max(8, Math.floor((u.width * 0.4) / 7));
  const categories = axis({
    side: spec.horizontal ? 3 : 2,
    grid: { show: false },
    ticks: { show: false },
    splits: () => spec.labels.map((_, i) => i),
    values: (u, splits) =>
      splits.map((i) => (Number.isInteger(i) && spec.labels[i] !== undefined ? shorten(spec.labels[i], labelChars(u)) : '')),
    ...(spec.horizontal
      ? { size: (u: uPlot, values: string[]) => Math.ceil(Math.min(u.width * 0.45, widest(u, values ?? []) + 14)) }
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
  const values = axis({
    side: spec.horizontal ? 2 : 3,
    values: (_u, splits) => splits.map((v) => v.toLocaleString(locale(), { maximumFractionDigits: spec.decimals })),
    ...(integers ? { incrs: INTEGER_STEPS } : {}),
    ...(spec.horizontal ? {} : { size: (u: uPlot, v: string[]) => Math.ceil(widest(u, v ?? []) + 14) }),
  });
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
      // Each bar's number written at its end, as the HTML bars had.
      draw: [
        (u) => {
          const ctx = u.ctx;
          const ratio = uPlot.pxRatio;
          const right = u.bbox.left + u.bbox.width;
          ctx.save();
          ctx.font = FONT.replace(/^(\d+)px/, (_, px: string) => `bold ${Number(px) * ratio}px`);
          ctx.fillStyle = INK;
          spec.values.forEach((v, i) => {
            if (v === null) return;
            const along = u.valToPos(i, 'x', true);
            const end = u.valToPos(v, 'y', true);
            const text = format(v, spec.decimals);
            if (spec.horizontal) {
              ctx.textBaseline = 'middle';
              // Inside the bar, in white, when it would pass the plot's edge.
              const inside = end + 4 * ratio + ctx.measureText(text).width > right;
              ctx.textAlign = inside ? 'right' : 'left';
              ctx.fillStyle = inside ? '#fff' : INK;
              ctx.fillText(text, inside ? end - 4 * ratio : end + 4 * ratio, along);
            } else {
              ctx.textAlign = 'center';
              ctx.textBaseline = 'bottom';
              ctx.fillText(text, along, end - 3 * ratio);
            }
          });
          ctx.restore();
        },
      ],
    },
  };
}

function linesOptions(spec: LineSpec, width: number): uPlot.Options {
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
        space: 56,
        incrs: [1, 2, 7, 14, 28, 56, 91, 182, 364],
        values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? (spec.labels[i] ?? '') : '')),
      }),
      axis({
        size: (u, v) => Math.ceil(widest(u, v ?? []) + 14),
        values: (_u, splits) =>
          splits.map((v) => v.toLocaleString(locale(), { maximumFractionDigits: spec.decimals })),
      }),
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
  const options = (w: number) => (spec.kind === 'bars' ? barsOptions(spec, w) : linesOptions(spec, w));
  const first = options(width);
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
