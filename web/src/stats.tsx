// What the Pemda received and how it handled it: the public transparency
// page (/transparansi) and the leaders' dashboard (/petugas/dasbor, with an
// agency filter). Counts only, from GET /api/v1/stats; bars are plain
// HTML with their numbers written out, so screen readers and printouts
// get the same figures as the eye.
import { useState } from 'preact/hooks';
import { api } from './api';
import { agencies, agencyName, districts } from './catalogue';
import { label, t } from './i18n';
import { MapView } from './map/map_view';
import { quintileBreaks, SHADES } from './map/shading';
import { RatingsPanel } from './officer/ratings_panel';
import { ErrorBox, Loading, PageTitle, useAsync } from './ui';

interface Count {
  key: string;
  count: number;
}

interface AgencyRow {
  agency_code: string;
  received: number;
  resolved: number;
  open: number;
  overdue: number;
  median_days_to_resolve: number | null;
}

interface Stats {
  from: string;
  to: string;
  as_of: string;
  received: number;
  resolved: number;
  rejected: number;
  resolution_rate: number | null;
  open: number;
  overdue: number;
  median_days_to_resolve: number | null;
  by_kind: Count[];
  by_service: Count[];
  by_kecamatan: Count[];
  by_kelurahan: Count[];
  by_agency: AgencyRow[];
  by_month: { month: string; received: number; resolved: number }[];
}

const number = (n: number) => n.toLocaleString('id-ID');
const days = (d: number | null) => (d === null ? '—' : t('stats.days', { n: d.toLocaleString('id-ID') }));

function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 15)).toLocaleDateString('id-ID', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function Bars({ title, rows }: { title: string; rows: { label: string; value: number }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <section class="card stats-bars" aria-label={title}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p class="muted">{t('common.none')}</p>
      ) : (
        <ul>
          {rows.map((r) => (
            <li key={r.label}>
              <span class="bar-label">{r.label}</span>
              <span class="bar-track" aria-hidden="true">
                <span class="bar-fill" style={{ width: `${(100 * r.value) / max}%` }} />
              </span>
              <span class="bar-value">{number(r.value)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export // Cases per kelurahan on the Pemda's own boundaries, with its legend (the
// classes and their ranges) written out for those who cannot see colours.
function VillageMap({ counts }: { counts: Count[] }) {
  const byCode = Object.fromEntries(counts.map((c) => [c.key, c.count]));
  const breaks = quintileBreaks(counts.map((c) => c.count));
  const max = Math.max(0, ...counts.map((c) => c.count));
  const bounds = [...breaks, max].filter((b, i, all) => i === 0 || b > all[i - 1]);
  const classes = bounds.map((upper, i) => ({ from: i === 0 ? 1 : bounds[i - 1] + 1, to: upper, shade: SHADES[i + 1] }));
  return (
    <section class="card" aria-labelledby="stats-map">
      <h2 id="stats-map">{t('stats.map_title')}</h2>
      <p class="hint">{t('stats.map_hint')}</p>
      <MapView
        label={t('stats.map_title')}
        class="stats-map"
        shading={{
          counts: byCode,
          breaks,
          tooltip: (name, n) => t('stats.map_tooltip', { name, n: number(n) }),
        }}
      />
      <ul class="map-legend" aria-label={t('stats.map_legend')}>
        <li>
          <span class="swatch" style={{ background: SHADES[0] }} aria-hidden="true" />
          {t('stats.map_none')}
        </li>
        {classes.map((c) => (
          <li key={c.shade}>
            <span class="swatch" style={{ background: c.shade }} aria-hidden="true" />
            {c.from === c.to ? number(c.from) : `${number(c.from)}–${number(c.to)}`}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Kpi({ value, caption, id }: { value: string; caption: string; id: string }) {
  return (
    <div class="kpi" data-kpi={id}>
      <span class="kpi-value">{value}</span>
      <span class="kpi-caption">{caption}</span>
    </div>
  );
}

export function StatsPage({ officer = false }: { officer?: boolean }) {
  const [agency, setAgency] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [range, setRange] = useState({ from: '', to: '' });
  const query = new URLSearchParams();
  if (range.from) query.set('from', range.from);
  if (range.to) query.set('to', range.to);
  if (agency) query.set('agency', agency);
  const stats = useAsync(
    () => api<Stats>(`/api/v1/stats?${query}`, { officer }).then((a) => a.data),
    [query.toString()],
  );
  const agencyList = useAsync(() => agencies(), []);
  const districtList = useAsync(() => districts(), []);
  const s = stats.data;
  const districtName = (code: string) => districtList.data?.find((d) => d.code === code)?.name ?? code;

  return (
    <section class="stats">
      <PageTitle>{officer ? t('stats.dashboard_title') : t('stats.public_title')}</PageTitle>
      <p>{officer ? t('stats.dashboard_lead') : t('stats.public_lead')}</p>
      <form
        class="card stats-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setRange({ from, to });
        }}
      >
        <div class="field">
          <label for="stats-from">{t('stats.from')}</label>
          <input id="stats-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="stats-to">{t('stats.to')}</label>
          <input id="stats-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </div>
        {officer && (
          <div class="field">
            <label for="stats-agency">{t('admin.agency')}</label>
            <select id="stats-agency" value={agency} onChange={(e) => setAgency(e.currentTarget.value)}>
              <option value="">{t('queue.all')}</option>
              {(agencyList.data ?? []).map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" class="button secondary">
          {t('queue.apply')}
        </button>
      </form>
      {stats.loading && !s && <Loading />}
      {stats.error !== undefined && <ErrorBox error={stats.error} onRetry={stats.reload} />}
      {s && (
        <>
          <p class="muted" role="status">
            {t('stats.window', { from: s.from, to: s.to })}
          </p>
          <div class="kpis">
            <Kpi id="received" value={number(s.received)} caption={t('stats.received')} />
            <Kpi
              id="resolution_rate"
              value={s.resolution_rate === null ? '—' : `${Math.round(s.resolution_rate * 100)}%`}
              caption={t('stats.resolution_rate')}
            />
            <Kpi id="median" value={days(s.median_days_to_resolve)} caption={t('stats.median')} />
            <Kpi id="open" value={number(s.open)} caption={t('stats.open')} />
            <Kpi id="overdue" value={number(s.overdue)} caption={t('stats.overdue')} />
          </div>
          <Bars
            title={t('stats.by_month')}
            rows={s.by_month.map((m) => ({ label: monthName(m.month), value: m.received }))}
          />
          <div class="stats-grid">
            <Bars title={t('stats.by_service')} rows={s.by_service.map((c) => ({ label: c.key, value: c.count }))} />
            <Bars
              title={t('stats.by_kind')}
              rows={s.by_kind.map((c) => ({ label: label('kind', c.key), value: c.count }))}
            />
          </div>
          <Bars
            title={t('stats.by_district')}
            rows={s.by_kecamatan.map((c) => ({ label: districtName(c.key), value: c.count }))}
          />
          <VillageMap key={query.toString()} counts={s.by_kelurahan} />
          <section class="card">
            <h2 id="stats-agencies">{t('stats.by_agency')}</h2>
            <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="stats-agencies">
              <table class="queue stats-table">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.agency')}</th>
                    <th scope="col">{t('stats.received')}</th>
                    <th scope="col">{t('stats.resolved')}</th>
                    <th scope="col">{t('stats.open')}</th>
                    <th scope="col">{t('stats.overdue')}</th>
                    <th scope="col">{t('stats.median')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.by_agency.map((a) => (
                    <tr key={a.agency_code} data-agency={a.agency_code}>
                      <th scope="row">{agencyName(agencyList.data ?? [], a.agency_code)}</th>
                      <td>{number(a.received)}</td>
                      <td>{number(a.resolved)}</td>
                      <td>{number(a.open)}</td>
                      <td class={a.overdue > 0 ? 'warn' : undefined}>{number(a.overdue)}</td>
                      <td>{days(a.median_days_to_resolve)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {officer && (
            <RatingsPanel from={range.from} to={range.to} agency={agency} agencies={agencyList.data ?? []} />
          )}
        </>
      )}
    </section>
  );
}
