// The IKM screen of the console (/petugas/ikm): the Indeks Kepuasan
// Masyarakat of the period (PermenPAN-RB 14/2017), its grade, the NRR per
// element as a bar chart (uPlot, with the same figures in a table under
// it), by month, the change against the previous period with its 95%
// interval, and the XLSX/PDF reports. Dates and months are written in
// words ("5 Desember 2026", "Januari 2026"); on a phone each month is a card.
import { api, ApiError } from '../api';
import { BarChart } from '../charts/chart';
import { currentLanguage, t } from '../i18n';
import type { Principal } from '../types';
import { ErrorBox, Field, Loading, PageTitle, useAsync } from '../ui';
import { formatDayRange, formatMonth, locale } from '../format';
import { agencies, agencyName, unitsUnder } from '../catalogue';
import { navigate, useLocation } from '../router';

interface Score {
  respondents: number;
  elements: { code: string; name: string; answered: number; nrr: number | null }[];
  ikm: number | null;
  mutu: string | null;
  kinerja: string | null;
  ci: { lower: number; upper: number; half_width: number } | null;
}

interface Ikm extends Score {
  from: string | null;
  to: string | null;
  groups: (Score & { key: string })[];
  change: {
    previous: { from: string; to: string; respondents: number; ikm: number | null };
    delta: number | null;
    ci: { lower: number; upper: number; half_width: number } | null;
    exceeds_noise: boolean;
  } | null;
}

const number = (v: number | null | undefined, d = 2) =>
  v === null || v === undefined ? '—' : v.toLocaleString(locale(), { minimumFractionDigits: d, maximumFractionDigits: d });

// The date as the officer's calendar shows it (toISOString would give the
// UTC date: yesterday's between midnight and 07:00 WIB, leaving today's
// responses out of the default period).
function iso(d: Date) {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function IkmScreen(props: { principal: Principal; onUnauthenticated: () => void }) {
  const today = new Date();
  // An agency's officers may open their own unit's IKM only, its head also
  // that of its units (GET /api/v1/ikm answers 403 for another): they are
  // offered no other.
  const bound =
    (props.principal.role === 'agency_officer' || props.principal.role === 'agency_head') &&
    !!props.principal.agency_code;
  const own = props.principal.agency_code ?? '';
  // The period and the unit live in the address (a reload, a bookmark, a
  // shared link); without them, this year to today and the caller's own
  // unit (everyone's for those who may open all).
  const { path, query: address } = useLocation();
  const from = address.get('from') ?? iso(new Date(today.getFullYear(), 0, 1, 12));
  const to = address.get('to') ?? iso(today);
  const unit = address.get('unit') ?? (bound ? own : '');
  const show = (name: 'from' | 'to' | 'unit', value: string, options: { push?: boolean } = {}) => {
    const next = new URLSearchParams(address);
    if (value === '' && name === 'unit') next.delete(name);
    else next.set(name, value);
    const search = next.toString();
    // Opening a unit from its parent is a step Back undoes; a changed field
    // is the same screen.
    navigate(`${path}${search ? `?${search}` : ''}`, { replace: !options.push, keepScroll: true });
  };
  const setFrom = (value: string) => show('from', value);
  const setTo = (value: string) => show('to', value);
  const setUnit = (value: string) => show('unit', value);
  const openUnit = (value: string) => show('unit', value, { push: true });
  const agencyList = useAsync(() => agencies(), []);
  const list = agencyList.data ?? [];
  // The units the caller may open: every one, or its own and, for a head,
  // the units under it.
  const head = props.principal.role === 'agency_head';
  const under = bound && head ? unitsUnder(list, own) : [];
  const openable = bound ? list.filter((a) => a.code === own || under.includes(a.code)) : list;
  const mayOpen = (code: string) => !bound || openable.some((a) => a.code === code);
  // The units right under the chosen one, and the one it is a unit of.
  const subUnits = unit ? list.filter((a) => a.parent_code === unit && a.code !== unit) : [];
  const parentCode = list.find((a) => a.code === unit)?.parent_code ?? '';
  const query = new URLSearchParams({ from, to, by: 'month' });
  if (unit) query.set('unit', unit);
  // The reports are written in the app's language, not the browser's
  // (a download sends the browser's Accept-Language, not the app's).
  const reportQuery = new URLSearchParams(query);
  reportQuery.set('lang', currentLanguage());
  // Said here, not asked of the server (which names its field "to").
  const reversed = from !== '' && to !== '' && from > to;
  const data = useAsync(
    () =>
      reversed
        ? Promise.resolve(undefined)
        : api<Ikm>(`/api/v1/ikm?${query}`, { officer: true }).then(
        (a) => a.data,
        (e) => {
          if (e instanceof ApiError && e.status === 401) props.onUnauthenticated();
          throw e;
        },
      ),
    // Asked again in another language: a refusal is the server's words
    // ("Anda tidak berwenang melihat IKM unit …"), in the request's language.
    [from, to, unit, currentLanguage()],
  );
  const ikm = data.data;
  return (
    <section>
      <PageTitle>{t('ikm.title')}</PageTitle>
      <form class="stats-filters card" onSubmit={(e) => e.preventDefault()}>
        <Field id="ikm-from" label={t('ikm.from')}>
          <input id="ikm-from" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        </Field>
        <Field id="ikm-to" label={t('ikm.to')} error={reversed ? t('ikm.reversed') : undefined}>
          <input
            id="ikm-to"
            type="date"
            value={to}
            aria-invalid={reversed ? 'true' : undefined}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
        </Field>
        {bound && openable.length <= 1 ? (
          <div class="field" data-testid="ikm-unit-own">
            <p class="field-static-label">{t('ikm.unit')}</p>
            <p class="field-static">{agencyName(list, unit)}</p>
            <p class="hint">{t('ikm.unit_own_only')}</p>
          </div>
        ) : (
          <Field id="ikm-unit" label={t('ikm.unit')} hint={bound ? t('ikm.unit_head_units') : undefined}>
            <select id="ikm-unit" value={unit} onChange={(e) => setUnit(e.currentTarget.value)}>
              {!bound && <option value="">{t('ikm.all_units')}</option>}
              {openable.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
              {/* A unit the address names that is not offered (another
                  agency's, or one not listed): named, and refused below. */}
              {unit && agencyList.data && !openable.some((a) => a.code === unit) && (
                <option value={unit}>{agencyName(list, unit)}</option>
              )}
            </select>
          </Field>
        )}
      </form>
      {(subUnits.length > 0 || (parentCode !== '' && mayOpen(parentCode))) && (
        <nav class="card ikm-units" aria-labelledby="ikm-units-title" data-testid="ikm-sub-units">
          <h2 id="ikm-units-title">{t('ikm.units_title', { name: agencyName(list, unit) })}</h2>
          {subUnits.length > 0 ? (
            <ul class="link-list">
              {subUnits.map((a) => (
                <li key={a.code}>
                  <button type="button" class="button secondary small" data-unit={a.code} onClick={() => openUnit(a.code)}>
                    {t('ikm.open_unit', { name: a.name })}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('ikm.no_units')}</p>
          )}
          {parentCode !== '' && mayOpen(parentCode) && (
            <p>
              <button type="button" class="button secondary small" data-testid="ikm-parent-unit" onClick={() => openUnit(parentCode)}>
                {t('ikm.parent_unit', { name: agencyName(list, parentCode) })}
              </button>
            </p>
          )}
        </nav>
      )}
      {data.loading && !ikm && !reversed && <Loading />}
      {data.error !== undefined && (
        <ErrorBox
          error={data.error}
          onRetry={data.error instanceof ApiError && data.error.status < 500 ? undefined : data.reload}
        >
          {/* An address edited to a unit the officer may not open: the way
              back to their own. */}
          {bound && unit !== own && data.error instanceof ApiError && data.error.status === 403 && (
            <button type="button" class="button secondary" data-testid="ikm-own-unit" onClick={() => setUnit(own)}>
              {t('ikm.open_unit', { name: agencyName(list, own) })}
            </button>
          )}
        </ErrorBox>
      )}
      {ikm && !reversed && (
        <>
          <p class="muted" data-testid="ikm-period">
            {t('ikm.period', { period: ikm.from || ikm.to ? formatDayRange(ikm.from, ikm.to) : t('ikm.all_dates') })}
          </p>
          <div class="kpis">
            <div class="kpi">
              <span class="kpi-value" data-testid="ikm-value">
                {number(ikm.ikm)}
              </span>
              <span class="kpi-caption">{t('ikm.value')}</span>
            </div>
            <div class="kpi">
              <span class="kpi-value" data-testid="ikm-grade">
                {ikm.mutu ?? '—'}
              </span>
              <span class="kpi-caption">{ikm.kinerja ?? t('ikm.grade')}</span>
            </div>
            <div class="kpi">
              <span class="kpi-value" data-testid="ikm-respondents">{ikm.respondents.toLocaleString(locale())}</span>
              <span class="kpi-caption">{t('ikm.respondents')}</span>
            </div>
            <div class="kpi">
              <span class="kpi-value">{ikm.ci ? `± ${number(ikm.ci.half_width)}` : '—'}</span>
              <span class="kpi-caption">{t('ikm.ci')}</span>
            </div>
          </div>
          {ikm.change && (
            <p class="notice notice-info" data-testid="ikm-change">
              {ikm.change.delta === null
                ? t('ikm.change_none', { period: formatDayRange(ikm.change.previous.from, ikm.change.previous.to) })
                : t(ikm.change.exceeds_noise ? 'ikm.change_real' : 'ikm.change_noise', {
                    period: formatDayRange(ikm.change.previous.from, ikm.change.previous.to),
                    delta: (ikm.change.delta > 0 ? '+' : '') + number(ikm.change.delta),
                    previous: number(ikm.change.previous.ikm),
                    half: ikm.change.ci ? number(ikm.change.ci.half_width) : '—',
                  })}
            </p>
          )}
          <section class="card stats-bars" aria-labelledby="ikm-nrr">
            <h2 id="ikm-nrr">{t('ikm.nrr_title')}</h2>
            <BarChart
              name="ikm_nrr"
              title={t('ikm.nrr_title')}
              rows={ikm.elements.map((e) => ({ key: e.code, label: `${e.code} ${e.name}`, value: e.nrr }))}
              max={4}
              decimals={2}
              valueHeading={t('ikm.nrr')}
            />
          </section>
          <section class="card">
            <h2 id="ikm-by-month">{t('ikm.by_month')}</h2>
            {/* On a phone each month is a card with its figures labelled
                (the queue's cards), not columns beyond the screen's edge. */}
            <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="ikm-by-month">
              <table class="queue stats-table cards figure-cards" data-testid="ikm-months">
                <thead>
                  <tr>
                    <th scope="col">{t('ikm.month')}</th>
                    <th scope="col">{t('ikm.respondents')}</th>
                    <th scope="col">{t('ikm.value')}</th>
                    <th scope="col">{t('ikm.grade')}</th>
                  </tr>
                </thead>
                <tbody>
                  {ikm.groups.map((g) => (
                    <tr key={g.key}>
                      <th scope="row">{formatMonth(g.key, 'long')}</th>
                      <td data-label={t('ikm.respondents')}>{g.respondents.toLocaleString(locale())}</td>
                      <td data-label={t('ikm.value')}>{number(g.ikm)}</td>
                      <td data-label={t('ikm.grade')}>{g.mutu ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <p>
            <a class="button secondary" href={`/api/v1/ikm/report.xlsx?${reportQuery}`} download>
              {t('ikm.download_xlsx')}
            </a>{' '}
            <a class="button secondary" href={`/api/v1/ikm/report.pdf?${reportQuery}`} download>
              {t('ikm.download_pdf')}
            </a>
          </p>
        </>
      )}
    </section>
  );
}
