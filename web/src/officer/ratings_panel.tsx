// Citizens' per-case star ratings on the leaders' dashboard, counted apart
// from the SKM (GET /api/v1/ratings/summary for the dashboard's period and
// agency); a period without any says so instead of drawing empty bars. Verifiers and auditors may not read them: the dashboard does not
// ask for them (stats.tsx, RATINGS_ROLES), and a 403 all the same hides the
// panel rather than showing an error.
import { ApiError, api } from '../api';
import { agencyName, unitsUnder } from '../catalogue';
import { navigate, useLocation } from '../router';
import { t, tn } from '../i18n';
import { Bars, Kpi } from '../stats';
import type { Agency, Principal } from '../types';
import { ErrorBox, Field, useAsync } from '../ui';
import { formatDayRange, locale } from '../format';

interface AgencyRatings {
  agency_code: string;
  count: number;
  average: number | null;
  by_stars: Record<string, number>;
}

interface RatingSummary {
  from: string;
  to: string;
  count: number;
  average: number | null;
  by_stars: Record<string, number>;
  agencies: AgencyRatings[];
}

// ?ratings= for a head's agency with all its units.
const ALL = 'all';

const average = (a: number | null) =>
  a === null ? '—' : `${a.toLocaleString(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 2 })} / 5`;

export function RatingsPanel(props: {
  from: string;
  to: string;
  agency: string;
  agencies: Agency[];
  principal?: Principal;
}) {
  // A head of an agency with units reads theirs too (as the IKM page): by
  // default its own and theirs together, one row each (the dashboard's
  // agency instead, when one of them); it may choose one or all here, and
  // the choice stays in the address (?ratings=CODE, or all) for a reload or
  // a shared link.
  const p = props.principal;
  const own = p?.role === 'agency_head' ? (p.agency_code ?? '') : '';
  const units = own ? unitsUnder(props.agencies, own) : [];
  const readable = units.length > 0 ? [own, ...units] : [];
  const address = useLocation().query;
  const remembered = address.get('ratings') ?? '';
  const chosen = readable.includes(remembered)
    ? remembered
    : remembered !== ALL && readable.includes(props.agency)
      ? props.agency
      : '';
  const choose = (code: string) => {
    const next = new URLSearchParams(location.search);
    next.set('ratings', code || ALL);
    const search = next.toString();
    navigate(`${location.pathname}${search ? `?${search}` : ''}`, { replace: true, keepScroll: true });
  };
  const agency = readable.length > 0 ? chosen : props.agency;
  const query = new URLSearchParams();
  if (props.from) query.set('from', props.from);
  if (props.to) query.set('to', props.to);
  if (agency) query.set('agency', agency);
  const summary = useAsync(
    () => api<RatingSummary>(`/api/v1/ratings/summary?${query}`, { officer: true }).then((a) => a.data),
    [query.toString()],
  );
  if (summary.error instanceof ApiError && summary.error.status === 403) return null;
  if (summary.error !== undefined) return <ErrorBox error={summary.error} onRetry={summary.reload} />;
  const s = summary.data;
  if (!s) return null;
  return (
    <section class="card ratings-panel" aria-labelledby="ratings-title" data-panel="ratings">
      <h2 id="ratings-title">{t('ratings_panel.title')}</h2>
      {readable.length > 0 && (
        <Field id="ratings-unit" label={t('ratings_panel.unit')} hint={t('ratings_panel.unit_head_units')}>
          <select id="ratings-unit" value={chosen} onChange={(e) => choose(e.currentTarget.value)}>
            <option value="">{t('ratings_panel.unit_all', { agency: agencyName(props.agencies, own) })}</option>
            {readable.map((code) => (
              <option key={code} value={code}>
                {agencyName(props.agencies, code)}
              </option>
            ))}
          </select>
        </Field>
      )}
      <p class="muted" data-testid="ratings-period">
        {t('ratings_panel.lead', { period: formatDayRange(s.from, s.to) })}
      </p>
      <div class="kpis">
        <Kpi id="ratings_count" value={s.count.toLocaleString(locale())} caption={t('ratings_panel.count')} />
        <Kpi id="ratings_average" value={average(s.average)} caption={t('ratings_panel.average')} />
      </div>
      {s.count === 0 ? (
        <p class="muted" data-testid="ratings-none">
          {t('ratings_panel.none')}
        </p>
      ) : (
        <Bars
          name="ratings_by_stars"
          title={t('ratings_panel.by_stars')}
          rows={['5', '4', '3', '2', '1'].map((n) => ({
            key: n,
            label: tn('ratings_panel.stars', Number(n)),
            value: s.by_stars[n] ?? 0,
          }))}
        />
      )}
      {s.agencies.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="ratings-agencies">
          <table class="queue stats-table">
            <caption id="ratings-agencies">{t('ratings_panel.by_agency')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.agency')}</th>
                <th scope="col">{t('ratings_panel.count')}</th>
                <th scope="col">{t('ratings_panel.average')}</th>
                <th scope="col">{t('ratings_panel.low')}</th>
              </tr>
            </thead>
            <tbody>
              {s.agencies.map((a) => (
                <tr key={a.agency_code} data-rated-agency={a.agency_code}>
                  <th scope="row">{agencyName(props.agencies, a.agency_code)}</th>
                  <td>{a.count.toLocaleString(locale())}</td>
                  <td>{average(a.average)}</td>
                  <td class={(a.by_stars['1'] ?? 0) + (a.by_stars['2'] ?? 0) > 0 ? 'warn' : undefined}>
                    {((a.by_stars['1'] ?? 0) + (a.by_stars['2'] ?? 0)).toLocaleString(locale())}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
