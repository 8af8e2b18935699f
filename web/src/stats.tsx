// What the Pemda received and how it handled it: the public transparency
// page (/transparansi) and the leaders' dashboard (/petugas/dasbor, with an
// agency filter). Counts only, from GET /api/v1/stats. Both draw uPlot
// charts, loaded on demand after the figures (the citizen's first load stays
// small), with the same numbers in a table under each, so screen readers,
// printouts and a phone that has not fetched the chart yet get the figures
// the eye does.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from './api';
import { BarChart } from './charts/chart';
import { agencies, agencyName, districts } from './catalogue';
import { currentLanguage, label, t, tn } from './i18n';
import { MapView } from './map/map_view';
import { quintileBreaks, SHADES } from './map/shading';
import { RatingsPanel } from './officer/ratings_panel';
import { navigate, useLocation } from './router';
import type { Principal } from './types';
import { ErrorBox, Loading, PageTitle, useAsync } from './ui';
import { formatDay, formatMonth, locale } from './format';

interface Count {
  key: string;
  count: number;
  population?: number;  // residents on record (kecamatan and kelurahan)
}

// `open` and `overdue` are the cases open now, whenever received (not of the
// period, unlike the others): shown as "Terbuka saat ini" / "Open now".
interface AgencyRow {
  agency_code: string;
  received: number;
  resolved: number;
  open: number;
  overdue: number;
  median_days_to_resolve: number | null;
}

// The figures of the period from–to, apart from `open` and `overdue`: the
// cases open at `as_of` (now), whenever received.
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
  by_service_rest?: number;
  by_kecamatan: Count[];
  by_kelurahan: Count[];
  by_agency: AgencyRow[];
  by_month: { month: string; received: number; resolved: number }[];
  agency: string;
}

const number = (n: number) => n.toLocaleString(locale());
const decimal = (n: number) => n.toLocaleString(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const days = (d: number | null) =>
  d === null ? '—' : tn('stats.days', d, { n: d.toLocaleString(locale()) });

// A uPlot chart with its table, on the public page and the leaders'
// dashboard alike (the chart library is fetched with the first chart, not
// with the citizen portal). Its axis writes large counts compact ("250 rb");
// the table has them exact.
export function Bars({
  title,
  rows,
  name,
  horizontal = true,
}: {
  title: string;
  rows: { key: string; label: string; value: number }[];
  name: string;
  horizontal?: boolean;
}) {
  return (
    <section class="card stats-bars" aria-label={title} data-bars={name}>
      <h2>{title}</h2>
      <BarChart name={name} title={title} rows={rows} horizontal={horizontal} valueHeading={t('chart.count')} />
    </section>
  );
}

// Cases per kelurahan on the Pemda's own boundaries, with its legend (the
// classes and their ranges) written out for those who cannot see colours.
// With residents on record for every kelurahan that has cases, the shade is
// the case rate (per 10,000 residents), so a populous kelurahan does not
// look worse only for being large; otherwise it is the count.
export function VillageMap({ counts }: { counts: Count[] }) {
  const perResidents = counts.length > 0 && counts.every((c) => c.count === 0 || (c.population ?? 0) > 0);
  const rate = (c: Count) => (perResidents ? (10000 * c.count) / (c.population as number) : c.count);
  const byCode = Object.fromEntries(counts.map((c) => [c.key, rate(c)]));
  const byKey = new Map(counts.map((c) => [c.key, c]));
  const breaks = quintileBreaks(counts.map(rate));
  const max = Math.max(0, ...counts.map(rate));
  const bounds = [...breaks, max].filter((b, i, all) => i === 0 || b > all[i - 1]);
  const shown = (v: number) => (perResidents ? decimal(v) : number(v));
  const classes = bounds
    .map((upper, i) => ({
      from: i === 0 ? (perResidents ? 0 : 1) : perResidents ? bounds[i - 1] : bounds[i - 1] + 1,
      to: upper,
      shade: SHADES[i + 1],
    }))
    .filter((c) => c.to > 0 && c.to >= c.from); // no cases: "none" is the whole legend
  return (
    <section class="card" aria-labelledby="stats-map">
      <h2 id="stats-map">{t('stats.map_title')}</h2>
      <p class="hint" data-testid="map-measure">
        {perResidents ? t('stats.map_hint_rate') : t('stats.map_hint')}
      </p>
      <MapView
        label={t('stats.map_title')}
        class="stats-map"
        shading={{
          counts: byCode,
          breaks,
          tooltip: (name, v, code) => {
            if (!perResidents) return tn('stats.map_tooltip', v, { name, n: number(v) });
            const count = byKey.get(code)?.count ?? 0;
            return tn('stats.map_tooltip_rate', count, { name, n: number(count), rate: decimal(v) });
          },
        }}
      />
      <ul class="map-legend" aria-label={perResidents ? t('stats.map_legend_rate') : t('stats.map_legend')}>
        <li>
          <span class="swatch" style={{ background: SHADES[0] }} aria-hidden="true" />
          {t('stats.map_none')}
        </li>
        {classes.map((c) => (
          <li key={c.shade}>
            <span class="swatch" style={{ background: c.shade }} aria-hidden="true" />
            {c.from === c.to ? shown(c.from) : `${shown(c.from)}–${shown(c.to)}`}
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

// The longest period GET /api/v1/stats answers: `to` at most this many days
// after `from` (kMaxWindowDays of src/api/v1_stats.cc, checked by
// src/api/date_window.cc).
const MAX_PERIOD_DAYS = 5 * 366;

// A calendar day ("2026-12-06") `days` later (earlier when negative).
function addDays(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// Today in the browser, as a calendar day (the server's default end).
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// A period in the address the server refuses (422 naming from or to): what
// is wrong in words, and a period it answers instead. No "try again": the
// same address would be refused again.
function PeriodProblem({ error, from, to }: { error: ApiError; from: string; to: string }) {
  const show = (period: { from: string; to: string }) => {
    const next = new URLSearchParams(location.search);
    for (const [key, value] of Object.entries(period)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const search = next.toString();
    navigate(`${location.pathname}${search ? `?${search}` : ''}`, { replace: true, keepScroll: true });
  };
  const badDate = error.fields.some((f) => f.code !== 'out_of_range');
  const end = to || today();
  const years = Math.floor(MAX_PERIOD_DAYS / 365);
  let text: string;
  let offer: { label: string; period: { from: string; to: string } };
  if (badDate || !from) {
    text = t('stats.period_bad_date');
    offer = { label: t('stats.show_default'), period: { from: '', to: '' } };
  } else if (from > end) {
    text = t('stats.period_reversed', { from: formatDay(from), to: formatDay(end) });
    offer = { label: t('stats.show_default'), period: { from: '', to: '' } };
  } else {
    const latest = { from: addDays(end, -MAX_PERIOD_DAYS), to: end };
    text = t('stats.period_too_long', {
      years,
      days: MAX_PERIOD_DAYS.toLocaleString(locale()),
      from: formatDay(from),
      to: formatDay(end),
    });
    offer = {
      label: t('stats.show_latest', { years, from: formatDay(latest.from), to: formatDay(latest.to) }),
      period: latest,
    };
  }
  return (
    <div class="notice notice-warning" role="alert" data-testid="stats-period-problem">
      <p>{text}</p>
      <button type="button" class="button primary" onClick={() => show(offer.period)}>
        {offer.label}
      </button>
    </div>
  );
}

// Whether `error` is the server refusing the period of the address.
function periodError(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.status === 422 &&
    error.fields.length > 0 &&
    error.fields.every((f) => f.field === 'from' || f.field === 'to')
  );
}

// Roles that may read the citizens' ratings (GET /api/v1/ratings/summary).
const RATINGS_ROLES = ['admin', 'leader', 'agency_officer', 'agency_head'];

interface IkmFigure {
  respondents: number;
  ikm: number | null;
  mutu: string | null;
  kinerja: string | null;
  kinerja_en: string | null;
}
interface PublicIkm {
  from: string;
  to: string;
  overall: IkmFigure;
  units: (IkmFigure & { code: string; name: string })[];
}

// The SKM results the Pemda publishes (PermenPAN-RB 14/2017): each unit's
// IKM, grade and respondents in the period of the figures above.
function PublicIkmPanel({ from, to }: { from: string; to: string }) {
  const result = useAsync(
    () => api<PublicIkm>(`/api/v1/ikm/public?${new URLSearchParams({ from, to })}`).then((a) => a.data),
    [from, to],
  );
  const ikm = result.data;
  const score = (f: IkmFigure) =>
    f.ikm === null ? '—' : f.ikm.toLocaleString(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const grade = (f: IkmFigure) =>
    f.mutu === null ? '—' : `${f.mutu} (${(currentLanguage() === 'en' ? f.kinerja_en : f.kinerja) ?? ''})`;
  return (
    <section class="card" data-testid="public-ikm">
      <h2 id="stats-ikm">{t('stats.ikm_title')}</h2>
      <p class="hint" id="stats-ikm-note">{t('stats.ikm_note')}</p>
      {result.loading && !ikm && <Loading />}
      {result.error !== undefined && <ErrorBox error={result.error} onRetry={result.reload} />}
      {ikm && ikm.overall.respondents === 0 && <p data-testid="public-ikm-empty">{t('stats.ikm_none')}</p>}
      {ikm && ikm.overall.respondents > 0 && (
        <>
          <p data-testid="public-ikm-overall">
            {tn('stats.ikm_overall', ikm.overall.respondents, {
              ikm: score(ikm.overall),
              grade: grade(ikm.overall),
              n: number(ikm.overall.respondents),
            })}
          </p>
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="stats-ikm" aria-describedby="stats-ikm-note">
            <table class="queue stats-table">
              <thead>
                <tr>
                  <th scope="col">{t('stats.ikm_unit')}</th>
                  <th scope="col">IKM</th>
                  <th scope="col">{t('stats.ikm_grade')}</th>
                  <th scope="col">{t('stats.ikm_respondents')}</th>
                </tr>
              </thead>
              <tbody>
                {ikm.units.map((u) => (
                  <tr key={u.code} data-unit={u.code}>
                    <th scope="row" lang="id">{u.name}</th>
                    <td>{score(u)}</td>
                    <td>{grade(u)}</td>
                    <td>{number(u.respondents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

export function StatsPage({ officer = false, principal }: { officer?: boolean; principal?: Principal }) {
  const [agency, setAgency] = useState('');
  // The period asked for lives in the address (?from=…&to=…), so that a
  // reload or a shared link shows the same figures; none there is the
  // server's default window.
  const { query: address } = useLocation();
  const range = { from: address.get('from') ?? '', to: address.get('to') ?? '' };
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  // The server's default window (the last 12 months), shown in the date
  // fields once known; a field left at it is not sent, so the figures stay
  // those of the default window.
  const [defaults, setDefaults] = useState<{ from: string; to: string } | null>(null);
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
  useEffect(() => {
    if (!s) return;
    if (!defaults && !range.from && !range.to) setDefaults({ from: s.from, to: s.to });
    // As updates: a date typed before the figures came is kept.
    setFrom((typed) => typed || s.from);
    setTo((typed) => typed || s.to);
  }, [s]);
  // Another period in the address (Back, a link): the fields show it.
  useEffect(() => {
    setFrom(range.from || defaults?.from || '');
    setTo(range.to || defaults?.to || '');
  }, [range.from, range.to]);
  const districtName = (code: string) => districtList.data?.find((d) => d.code === code)?.name ?? code;

  return (
    <section class="stats">
      <PageTitle>{officer ? t('stats.dashboard_title') : t('stats.public_title')}</PageTitle>
      <p>{officer ? t('stats.dashboard_lead') : t('stats.public_lead')}</p>
      <form
        class="card stats-filters"
        onSubmit={(e) => {
          e.preventDefault();
          const next = new URLSearchParams(location.search);
          const period = {
            from: defaults && from === defaults.from ? '' : from,
            to: defaults && to === defaults.to ? '' : to,
          };
          for (const [key, value] of Object.entries(period)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          const search = next.toString();
          navigate(`${location.pathname}${search ? `?${search}` : ''}`, { replace: true, keepScroll: true });
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
      {stats.error !== undefined &&
        (periodError(stats.error) ? (
          <PeriodProblem error={stats.error} from={range.from} to={range.to} />
        ) : (
          <ErrorBox error={stats.error} onRetry={stats.reload} />
        ))}
      {s && (
        <>
          <p class="muted" role="status">
            {t('stats.window', { from: formatDay(s.from), to: formatDay(s.to) })}
          </p>
          {/* An agency's figures are the cases that reached it (disposed to
              it): the queue filtered by agency also lists those the
              verifiers still hold, so the difference is said here. */}
          {s.agency && (
            <p class="hint" data-testid="agency-note">
              {t('stats.agency_note', { agency: agencyName(agencyList.data ?? [], s.agency) })}
            </p>
          )}
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
            name="by_month"
            horizontal={false}
            title={t('stats.by_month')}
            rows={s.by_month.map((m) => ({ key: m.month, label: formatMonth(m.month), value: m.received }))}
          />
          <div class="stats-grid">
            <Bars
              name="by_service"
              title={t('stats.by_service')}
              rows={[
                // A service's name is the Pemda's, in Indonesian.
                ...s.by_service.map((c) => ({
                  key: c.key,
                  label: c.key || t('stats.no_service'),
                  lang: c.key ? 'id' : undefined,
                  value: c.count,
                })),
                // The services beyond the ten busiest, so the bars add up.
                ...(s.by_service_rest
                  ? [{ key: '(rest)', label: t('stats.other_services'), value: s.by_service_rest }]
                  : []),
              ]}
            />
            <Bars
              name="by_kind"
              title={t('stats.by_kind')}
              rows={s.by_kind.map((c) => ({ key: c.key, label: label('kind', c.key), value: c.count }))}
            />
          </div>
          <Bars
            name="by_kecamatan"
            title={t('stats.by_district')}
            rows={s.by_kecamatan.map((c) => ({ key: c.key, label: districtName(c.key), value: c.count }))}
          />
          {/* Keyed by the figures it shows, not the filters asked for: the
              map draws its shades once, and the old figures stay on screen
              while new ones load. */}
          <VillageMap key={`${s.from}|${s.to}|${s.agency}|${s.as_of}`} counts={s.by_kelurahan} />
          <section class="card">
            <h2 id="stats-agencies">{t('stats.by_agency')}</h2>
            <p class="hint" id="stats-agencies-note" data-testid="by-agency-note">
              {t(officer ? 'stats.by_agency_note_officer' : 'stats.by_agency_note')}
            </p>
            <div
              class="table-scroll"
              tabIndex={0}
              role="region"
              aria-labelledby="stats-agencies"
              aria-describedby="stats-agencies-note"
            >
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
          <PublicIkmPanel from={s.from} to={s.to} />
          {officer && principal && RATINGS_ROLES.includes(principal.role) && (
            <RatingsPanel
              from={range.from}
              to={range.to}
              agency={agency}
              agencies={agencyList.data ?? []}
              principal={principal}
            />
          )}
        </>
      )}
    </section>
  );
}
