// What a chart shows, as plain data (no functions), so a chart is redrawn
// exactly when its figures change. Drawn by draw.ts (uPlot, loaded on demand).

export interface BarSpec {
  kind: 'bars';
  labels: string[];
  // null: no figure (no bar, "—" in the table).
  values: (number | null)[];
  // Bars to the right with the labels on the left (long names, phones), or
  // columns over the labels (months).
  horizontal: boolean;
  // The end of the value axis (e.g. 4 for an NRR); else from the data.
  max?: number;
  decimals: number;
}

export interface LineSeries {
  name: string;
  values: (number | null)[];
  style: 'line' | 'dashed' | 'points' | 'hidden';
  color: string;
}

export interface LineSpec {
  kind: 'lines';
  labels: string[];
  series: LineSeries[];
  // A shaded band between two of the series (indexes into `series`).
  band?: { high: number; low: number; color: string };
  decimals: number;
}

export type ChartSpec = BarSpec | LineSpec;

export interface Drawn {
  destroy(): void;
}
