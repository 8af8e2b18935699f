// A chart of the officer console or the leaders' dashboard: drawn by uPlot
// (draw.ts, fetched on first use so the citizen portal does not carry it),
// named for screen readers, and always followed by its figures in a table
// (a <details> under it) that screen readers, printouts and tests can read.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, useLanguage } from '../i18n';
import './chart.css';
import type { ChartSpec } from './spec';
import { locale } from '../format';

let drawing: Promise<typeof import('./draw')> | null = null;
const loadDraw = () => {
  drawing ??= import('./draw').catch((e: unknown) => {
    drawing = null; // try again next time
    throw e;
  });
  return drawing;
};

export function Chart({ spec, label, name }: { spec: ChartSpec; label: string; name: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'drawn' | 'failed'>('loading');
  // Redrawn in the other language too: its numbers ("1,2 jt" / "1.2M").
  const language = useLanguage();
  const key = `${language} ${JSON.stringify(spec)}`;
  useEffect(() => {
    let live = true;
    let drawn: { destroy(): void } | null = null;
    setState('loading');
    loadDraw().then(
      (m) => {
        if (!live || !ref.current) return;
        drawn = m.draw(ref.current, spec);
        setState('drawn');
      },
      () => live && setState('failed'),
    );
    return () => {
      live = false;
      drawn?.destroy();
    };
  }, [key]);
  return (
    <>
      <div ref={ref} class="chart" role="img" aria-label={label} data-chart={name} data-chart-state={state} />
      {state === 'failed' && <p class="muted">{t('chart.unavailable')}</p>}
    </>
  );
}

// The figures of a chart, folded under it.
export function ChartTable({ name, caption, children }: { name: string; caption: string; children: ComponentChildren }) {
  return (
    <details class="chart-details">
      <summary>{caption}</summary>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
        <table class="chart-table" data-chart-table={name}>
          {children}
        </table>
      </div>
    </details>
  );
}

export interface BarRow {
  key: string;
  label: string;
  value: number | null;
  // The label's language when it is not the UI's (a service's name, the
  // Pemda's own in Indonesian).
  lang?: string;
}

// A bar chart with its table: one row per bar, `key` the API's own key.
export function BarChart({
  name,
  title,
  rows,
  horizontal = true,
  max,
  decimals = 0,
  valueHeading,
}: {
  name: string;
  title: string;
  rows: BarRow[];
  horizontal?: boolean;
  max?: number;
  decimals?: number;
  valueHeading: string;
}) {
  if (rows.length === 0) return <p class="muted">{t('common.none')}</p>;
  const format = (n: number | null) =>
    n === null ? '—' : n.toLocaleString(locale(), { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  const highest = rows.reduce((a, b) => ((b.value ?? -Infinity) > (a.value ?? -Infinity) ? b : a));
  return (
    <>
      <Chart
        name={name}
        label={t('chart.bars_label', { title, n: rows.length, label: highest.label, value: format(highest.value) })}
        spec={{
          kind: 'bars',
          labels: rows.map((r) => r.label),
          values: rows.map((r) => r.value),
          horizontal,
          max,
          decimals,
        }}
      />
      <ChartTable name={name} caption={t('chart.table', { title })}>
        <thead>
          <tr>
            <th scope="col">{title}</th>
            <th scope="col">{valueHeading}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              <th scope="row" lang={r.lang}>
                {r.label}
              </th>
              <td>{format(r.value)}</td>
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </>
  );
}
