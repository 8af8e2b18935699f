// Forecasts on the leaders' dashboard (issue 10): where each agency's
// backlog is heading with its current pace (GET /api/v1/forecast/backlog),
// and how many officers a counter needs hour by hour so that most citizens
// wait less than a target (GET /api/v1/forecast/staffing, Erlang C). Every
// figure is written out in tables, no chart needed to read it.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { agencies, agencyName, services, unitsUnder } from '../catalogue';
import { navigate, useLocation } from '../router';
import type { Principal } from '../types';
import { label, t, tn } from '../i18n';
import { ErrorBox, Loading, useAsync } from '../ui';
import { locale } from '../format';

interface Horizon {
  weeks: number;
  working_days: number;
  open: number;
  overdue: number;
}

interface AgencyBacklog {
  agency_code: string;
  open: number;
  overdue: number;
  arrivals_per_day: number;
  resolutions_per_day: number;
  clears_in_days: number | null;
  horizons: Horizon[];
  officer_days_to_recover: number | null;
}

interface Figures {
  officers: number;
  stable: boolean;
  probability_of_wait: number | null;
  mean_wait_seconds: number | null;
  service_level: number | null;
}

interface Slot {
  weekday: number | null;
  hour: number | null;
  arrivals_per_hour: number;
  officers_needed: number | null;
  today: Figures | null;
}

interface Staffing {
  arrivals: number | null;
  peak_officers: number;
  slots: Slot[];
}


// Rethrows a failed request, first telling the console when the session ended.
const signedOut = (onUnauthenticated: () => void) => (e: unknown): never => {
  if (e instanceof ApiError && e.status === 401) onUnauthenticated();
  throw e;
};

const whole = (n: number) => Math.round(n).toLocaleString(locale());
const decimal = (n: number) => n.toLocaleString(locale(), { maximumFractionDigits: 1 });

// A rate per working day beside another ("0,05" in, "0,1" out): two
// significant digits, so that small rates keep their size, and more when
// two different rates would otherwise read the same, so that the verdict
// beside them ("40 hari kerja", "Tidak tuntas") can be followed.
function rates(a: number, b: number): [string, string] {
  const format = (n: number, digits: number) =>
    n === 0 || Math.abs(n) >= 10 ** digits
      ? n.toLocaleString(locale(), { maximumFractionDigits: 0 })
      : n.toLocaleString(locale(), { maximumSignificantDigits: digits });
  let digits = 2;
  while (digits < 6 && a !== b && format(a, digits) === format(b, digits)) digits += 1;
  return [format(a, digits), format(b, digits)];
}

function BacklogCard({ onUnauthenticated }: { onUnauthenticated: () => void }) {
  const backlog = useAsync(
    () =>
      api<{ agencies: AgencyBacklog[]; window_days: number }>('/api/v1/forecast/backlog', {
        officer: true,
      }).then((a) => a.data, signedOut(onUnauthenticated)),
    [],
  );
  const agencyList = useAsync(() => agencies(), []);
  const rows = backlog.data?.agencies ?? [];
  return (
    <section class="card" data-testid="forecast-backlog">
      <h2 id="forecast-backlog-title">{t('forecast.backlog_title')}</h2>
      <p class="muted">{t('forecast.backlog_lead', { days: backlog.data?.window_days ?? 28 })}</p>
      {backlog.loading && !backlog.data && <Loading />}
      {backlog.error !== undefined && <ErrorBox error={backlog.error} onRetry={backlog.reload} />}
      {backlog.data &&
        (rows.length === 0 ? (
          <p class="muted">{t('forecast.no_backlog')}</p>
        ) : (
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="forecast-backlog-title">
            <table class="queue stats-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.agency')}</th>
                  <th scope="col">{t('forecast.open')}</th>
                  <th scope="col">{t('forecast.overdue_now')}</th>
                  <th scope="col">{t('forecast.arrivals_per_day')}</th>
                  <th scope="col">{t('forecast.resolutions_per_day')}</th>
                  <th scope="col">{t('forecast.clears_in')}</th>
                  {[1, 2, 4].map((w) => (
                    <th scope="col" key={w}>
                      {tn('forecast.overdue_in_weeks', w)}
                    </th>
                  ))}
                  <th scope="col">{t('forecast.officer_days')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((a) => {
                  const [arrivals, resolutions] = rates(a.arrivals_per_day, a.resolutions_per_day);
                  return (
                    <tr key={a.agency_code} data-forecast-agency={a.agency_code}>
                      <th scope="row">{agencyName(agencyList.data ?? [], a.agency_code)}</th>
                      <td>{whole(a.open)}</td>
                      <td class={a.overdue > 0 ? 'warn' : undefined}>{whole(a.overdue)}</td>
                      <td data-cell="arrivals">{arrivals}</td>
                      <td data-cell="resolutions">{resolutions}</td>
                      <td data-cell="clears">
                        {a.clears_in_days === null
                          ? t('forecast.never_clears')
                          : tn('forecast.working_days', a.clears_in_days)}
                      </td>
                      {a.horizons.map((h) => (
                        <td key={h.weeks} class={h.overdue >= 0.5 ? 'warn' : undefined}>
                          {whole(h.overdue)}
                        </td>
                      ))}
                      <td data-cell="officer-days">
                        {a.officer_days_to_recover === null ? '—' : decimal(a.officer_days_to_recover)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

function StaffingCard({ principal, onUnauthenticated }: { principal?: Principal; onUnauthenticated: () => void }) {
  const [form, setForm] = useState({ service: '', handling: '6', wait: '20', share: '80', officers: '' });
  const [applied, setApplied] = useState(form);
  // The staffing of one agency: a head of an agency with units chooses its
  // own (the server's default) or one of theirs, kept in the address
  // (?forecast_agency=CODE) for a reload or a shared link.
  const agencyList = useAsync(() => agencies(), []);
  const own = principal?.role === 'agency_head' ? (principal.agency_code ?? '') : '';
  const units = own ? unitsUnder(agencyList.data ?? [], own) : [];
  const remembered = useLocation().query.get('forecast_agency') ?? '';
  const agency = units.includes(remembered) ? remembered : '';
  const chooseAgency = (code: string) => {
    const next = new URLSearchParams(location.search);
    if (code && code !== own) next.set('forecast_agency', code);
    else next.delete('forecast_agency');
    const search = next.toString();
    navigate(`${location.pathname}${search ? `?${search}` : ''}`, { replace: true, keepScroll: true });
  };
  const query = new URLSearchParams({
    weeks: '8',
    handling_minutes: applied.handling,
    target_wait_seconds: String(Number(applied.wait) * 60),
    target_share: String(Number(applied.share) / 100),
  });
  if (agency) query.set('agency', agency);
  if (applied.service) query.set('service', applied.service);
  if (applied.officers) query.set('officers', applied.officers);
  const staffing = useAsync(
    () =>
      api<Staffing>(`/api/v1/forecast/staffing?${query}`, { officer: true }).then(
        (a) => a.data,
        signedOut(onUnauthenticated),
      ),
    [query.toString()],
  );
  const serviceList = useAsync(() => services(), []);
  const s = staffing.data;
  // The busiest hours first: those decide how many officers to roster.
  const busiest = [...(s?.slots ?? [])].sort((a, b) => b.arrivals_per_hour - a.arrivals_per_hour).slice(0, 12);
  const set = (key: keyof typeof form) => (e: Event) =>
    setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });
  return (
    <section class="card" data-testid="forecast-staffing">
      <h2 id="forecast-staffing-title">{t('forecast.staffing_title')}</h2>
      <p class="muted">{t('forecast.staffing_lead')}</p>
      <form
        class="stats-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(form);
        }}
      >
        {units.length > 0 && (
          <div class="field">
            <label for="forecast-agency">{t('forecast.agency')}</label>
            <select
              id="forecast-agency"
              value={agency || own}
              aria-describedby="forecast-agency-hint"
              onChange={(e) => chooseAgency(e.currentTarget.value)}
            >
              {[own, ...units].map((code) => (
                <option key={code} value={code}>
                  {agencyName(agencyList.data ?? [], code)}
                </option>
              ))}
            </select>
            <p class="hint" id="forecast-agency-hint">
              {t('forecast.agency_head_units')}
            </p>
          </div>
        )}
        <div class="field">
          <label for="forecast-service">{t('forecast.service')}</label>
          <select id="forecast-service" value={form.service} onChange={set('service')}>
            <option value="">{t('queue.all')}</option>
            {(serviceList.data ?? []).map((sv) => (
              <option key={sv.code} value={sv.code}>
                {sv.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="forecast-handling">{t('forecast.handling_minutes')}</label>
          <input id="forecast-handling" type="number" min="0.5" max="480" step="0.5" value={form.handling} onInput={set('handling')} />
        </div>
        <div class="field">
          <label for="forecast-wait">{t('forecast.target_wait_minutes')}</label>
          <input id="forecast-wait" type="number" min="0" max="1440" step="1" value={form.wait} onInput={set('wait')} />
        </div>
        <div class="field">
          <label for="forecast-share">{t('forecast.target_share')}</label>
          <input id="forecast-share" type="number" min="1" max="99" step="1" value={form.share} onInput={set('share')} />
        </div>
        <div class="field">
          <label for="forecast-officers">{t('forecast.officers_today')}</label>
          <input id="forecast-officers" type="number" min="0" max="10000" step="1" value={form.officers} onInput={set('officers')} />
        </div>
        <button type="submit" class="button secondary">
          {t('forecast.compute')}
        </button>
      </form>
      {staffing.loading && !s && <Loading />}
      {staffing.error !== undefined && <ErrorBox error={staffing.error} onRetry={staffing.reload} />}
      {s && (
        <>
          <div class="kpis">
            <div class="kpi" data-kpi="peak-officers">
              <span class="kpi-value">{whole(s.peak_officers)}</span>
              <span class="kpi-caption">{t('forecast.peak_officers')}</span>
            </div>
            <div class="kpi" data-kpi="arrivals">
              <span class="kpi-value">{whole(s.arrivals ?? 0)}</span>
              <span class="kpi-caption">{t('forecast.arrivals_counted')}</span>
            </div>
          </div>
          {busiest.length === 0 ? (
            <p class="muted">{t('forecast.no_arrivals')}</p>
          ) : (
            <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="forecast-staffing-title">
              <table class="queue stats-table">
                <thead>
                  <tr>
                    <th scope="col">{t('forecast.slot')}</th>
                    <th scope="col">{t('forecast.arrivals_per_hour')}</th>
                    <th scope="col">{t('forecast.officers_needed')}</th>
                    {applied.officers && <th scope="col">{t('forecast.wait_today')}</th>}
                    {applied.officers && <th scope="col">{t('forecast.served_in_time')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {busiest.map((slot) => (
                    <tr key={`${slot.weekday}-${slot.hour}`} data-slot={`${slot.weekday}-${slot.hour}`}>
                      <th scope="row">
                        {slot.weekday === null
                          ? '—'
                          : t('forecast.slot_time', {
                              day: label('forecast.weekday', String(slot.weekday)),
                              hour: String(slot.hour).padStart(2, '0'),
                            })}
                      </th>
                      <td>{decimal(slot.arrivals_per_hour)}</td>
                      <td data-cell="needed">{slot.officers_needed === null ? '—' : whole(slot.officers_needed)}</td>
                      {applied.officers && (
                        <td class={slot.today && !slot.today.stable ? 'warn' : undefined}>
                          {!slot.today || slot.today.mean_wait_seconds === null
                            ? t('forecast.unbounded')
                            : t('forecast.minutes', { n: decimal(slot.today.mean_wait_seconds / 60) })}
                        </td>
                      )}
                      {applied.officers && (
                        <td>{slot.today?.service_level == null ? '—' : `${Math.round(slot.today.service_level * 100)}%`}</td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

export function ForecastSection({
  principal,
  onUnauthenticated,
}: {
  principal?: Principal;
  onUnauthenticated: () => void;
}) {
  return (
    <section class="stats" aria-labelledby="forecast-title">
      <h2 id="forecast-title">{t('forecast.title')}</h2>
      <BacklogCard onUnauthenticated={onUnauthenticated} />
      <StaffingCard principal={principal} onUnauthenticated={onUnauthenticated} />
    </section>
  );
}
