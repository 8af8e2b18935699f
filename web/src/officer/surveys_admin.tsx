// The Pemda's satisfaction surveys (SKM, PermenPAN-RB 14/2017) for its
// administrators (/petugas/admin/survei): the surveys with their unit,
// service, period, dates, whether they are open and how many answered; a
// form to open one for a unit (and one of its services), a period and the
// unit's own extra elements with their weights.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type FieldProblem } from '../api';
import { agencies, services } from '../catalogue';
import { formatDayRange, formatMonth, formatNumber } from '../format';
import { t, tn, type Key } from '../i18n';
import { Link } from '../router';
import type { Agency, Service } from '../types';
import { ErrorBox, Field, fieldError, Loading, Notice, PageTitle, useAsync } from '../ui';
import { periodLabel, type Survey } from '../citizen/survey';
import { AdminNav, useUnauthenticated } from './admin';

const BASE_ELEMENTS = 9; // U1–U9 of PermenPAN-RB 14/2017
const MAX_EXTRA = 7;
const KINDS = ['year', 'half', 'quarter', 'month', 'custom'] as const;
type Kind = (typeof KINDS)[number];

interface SurveyList {
  items: (Survey & { weights: number[] })[];
  today: string;
}

interface PeriodForm {
  kind: Kind;
  year: string;
  part: string; // the semester, quarter or month number
  label: string;
  starts_on: string;
  ends_on: string;
}

// The period the server is sent: "2026", "2026-S1", "2026-Q1", "2026-03" or
// the administrator's own label (with its dates).
function periodOf(p: PeriodForm): string {
  switch (p.kind) {
    case 'year':
      return p.year;
    case 'half':
      return `${p.year}-S${p.part}`;
    case 'quarter':
      return `${p.year}-Q${p.part}`;
    case 'month':
      return `${p.year}-${p.part.padStart(2, '0')}`;
    case 'custom':
      return p.label.trim();
  }
}

// Whether a service may be surveyed for `unit`: the unit's own, or its
// parent's or child unit's (the server refuses another unit's service).
function serviceOfUnit(service: Service, unit: string, list: Agency[]): boolean {
  if (service.agency_code === unit) return true;
  const parent = (code: string) => list.find((a) => a.code === code)?.parent_code ?? '';
  return parent(unit) === service.agency_code || parent(service.agency_code) === unit;
}

// Equal shares of 1 for n elements, to three decimals (their sum stays
// within the server's 0.011 of 1 for up to 16 elements).
const equalWeights = (n: number) => Array.from({ length: n }, () => (Math.round(1000 / n) / 1000).toString());

// The number of respondents of one survey, asked when its row shows.
function Respondents({ id }: { id: number }) {
  const ikm = useAsync(() => api<{ respondents: number }>(`/api/v1/ikm?survey=${id}`, { officer: true }).then((a) => a.data.respondents), [id]);
  if (ikm.data !== undefined) return <>{formatNumber(ikm.data)}</>;
  return <span class="muted">{ikm.error ? '—' : '…'}</span>;
}

// The 409 of a survey that exists, and the server's field names with the
// words the form shows for them.
function problems(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  if (error.status === 409) return [{ field: 'period', code: 'survey_exists', message: '' }];
  return error.fields;
}

export function SurveysAdmin({ onUnauthenticated }: { onUnauthenticated: () => void }) {
  const [tick, setTick] = useState(0);
  const list = useAsync(() => api<SurveyList>('/api/v1/surveys', { officer: true }).then((a) => a.data), [tick]);
  const agencyList = useAsync(() => agencies(), []);
  const serviceList = useAsync(() => services(), []);
  useUnauthenticated(list.error, onUnauthenticated);

  const [unit, setUnit] = useState('');
  const [service, setService] = useState('');
  const [period, setPeriod] = useState<PeriodForm>({ kind: 'quarter', year: '', part: '1', label: '', starts_on: '', ends_on: '' });
  const [extra, setExtra] = useState<string[]>([]);
  const [weights, setWeights] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  // This year (the server's today) until the administrator picks another.
  const today = list.data?.today ?? '';
  useEffect(() => {
    if (today && !period.year) setPeriod((p) => ({ ...p, year: today.slice(0, 4) }));
  }, [today]);

  const units = agencyList.data ?? [];
  const unitServices = unit ? (serviceList.data ?? []).filter((s) => serviceOfUnit(s, unit, units)) : [];
  const serviceName = (code: string) => serviceList.data?.find((s) => s.code === code)?.name ?? code;
  const baseNames = list.data?.items[0]?.elements.slice(0, BASE_ELEMENTS).map((e) => e.name) ?? [];

  const setKind = (kind: Kind) => {
    const month = today ? String(Number(today.slice(5, 7))) : '1';
    const part = kind === 'month' ? month : kind === 'quarter' ? String(Math.ceil(Number(month) / 3)) : kind === 'half' ? (Number(month) > 6 ? '2' : '1') : '';
    setPeriod({ ...period, kind, part });
  };
  const setExtraElements = (next: string[]) => {
    setExtra(next);
    setWeights(next.length === 0 ? [] : equalWeights(BASE_ELEMENTS + next.length));
  };
  const weightSum = weights.reduce((sum, w) => sum + (Number.parseFloat(w.replace(',', '.')) || 0), 0);

  const create = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const body: Record<string, unknown> = { unit_code: unit, period: periodOf(period) };
      if (service) body.service_code = service;
      if (period.kind === 'custom') {
        body.starts_on = period.starts_on;
        body.ends_on = period.ends_on;
      }
      if (extra.length > 0) {
        body.extra_elements = extra.map((e) => e.trim());
        body.weights = weights.map((w) => Number.parseFloat(w.replace(',', '.')));
      }
      const answer = await api<Survey>('/api/v1/surveys', { method: 'POST', body, officer: true });
      setNotice(
        t('surveys_admin.created', {
          unit: answer.data.unit_name || answer.data.unit_code,
          period: periodLabel(answer.data),
        }),
      );
      setService('');
      setExtraElements([]);
      setTick((n) => n + 1);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) onUnauthenticated();
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const fields = problems(error);
  const err = (name: string) =>
    fields.some((f) => f.field === name && f.code === 'survey_exists') ? t('surveys_admin.exists') : fieldError(fields, name);
  const items = [...(list.data?.items ?? [])].sort((a, b) => b.id - a.id);

  return (
    <section>
      <AdminNav current="surveys" />
      <PageTitle>{t('surveys_admin.title')}</PageTitle>
      <p class="lead">{t('surveys_admin.lead')}</p>
      <p data-testid="surveys-how">
        {t('surveys_admin.how_form')} <a href="/survei">/survei</a>
        {t('surveys_admin.how_cli')} <code class="code">{t('surveys_admin.how_command')}</code>
        {t('surveys_admin.how_end')} <Link href="/petugas/ikm">{t('surveys_admin.ikm_link')}</Link>
        {t('surveys_admin.how_after')}
      </p>
      <Notice text={notice} />
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && !(list.error instanceof ApiError && list.error.status === 401) && (
        <ErrorBox error={list.error} onRetry={list.reload} />
      )}
      {list.data && (
        // On a phone each survey is a card with its figures labelled (the
        // queue's cards), not columns beyond the screen's edge.
        <div class="table-scroll table-wrap" tabIndex={0} role="region" aria-label={t('surveys_admin.title')}>
          <table class="queue admin-table cards survey-list" data-testid="surveys">
            <caption>{tn('surveys_admin.caption', items.length)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('surveys_admin.unit')}</th>
                <th scope="col">{t('surveys_admin.service')}</th>
                <th scope="col">{t('surveys_admin.period')}</th>
                <th scope="col">{t('surveys_admin.dates')}</th>
                <th scope="col">{t('admin.status')}</th>
                <th scope="col">{t('surveys_admin.respondents')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id} data-survey={s.id}>
                  <th scope="row">{s.unit_name || s.unit_code}</th>
                  <td data-label={t('surveys_admin.service')}>{s.service_code ? serviceName(s.service_code) : t('survey.all_services')}</td>
                  <td data-label={t('surveys_admin.period')}>{periodLabel({ ...s, starts_on: '', ends_on: '' })}</td>
                  <td data-label={t('surveys_admin.dates')}>{formatDayRange(s.starts_on, s.ends_on)}</td>
                  <td data-label={t('admin.status')}>{s.open ? t('surveys_admin.open') : t('surveys_admin.closed')}</td>
                  <td data-label={t('surveys_admin.respondents')} data-cell="respondents">
                    <Respondents id={s.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {/* A previous answer's errors go once the form changes: a period
          said to be taken is not the period now chosen. */}
      <form class="card" onSubmit={create} onChange={() => error !== null && setError(null)} aria-labelledby="new-survey-title">
        <h2 id="new-survey-title">{t('surveys_admin.new')}</h2>
        {error !== null && !(error instanceof ApiError && (error.status === 422 || error.status === 409)) && <ErrorBox error={error} />}
        {error instanceof ApiError && (error.status === 422 || error.status === 409) && (
          <p class="notice notice-error" role="alert">
            {t(error.status === 409 ? 'surveys_admin.exists' : 'surveys_admin.check_fields')}
          </p>
        )}
        <Field id="survey-unit-code" label={t('surveys_admin.unit')} error={err('unit_code')}>
          <select
            id="survey-unit-code"
            value={unit}
            required
            onChange={(e) => setUnit(e.currentTarget.value)}
          >
            <option value="">{t('admin.choose_agency')}</option>
            {units.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="survey-service" label={t('surveys_admin.service_optional')} hint={t('surveys_admin.service_hint')} error={err('service_code')}>
          <select id="survey-service" value={service} onChange={(e) => setService(e.currentTarget.value)}>
            <option value="">{t('surveys_admin.all_services')}</option>
            {unitServices.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
            {/* A service chosen for the unit picked before stays, said to be
                another unit's (the server refuses it with other_unit). */}
            {service && !unitServices.some((s) => s.code === service) && (
              <option value={service}>
                {serviceName(service)} {t('surveys_admin.other_unit_option')}
              </option>
            )}
          </select>
        </Field>

        <fieldset class={err('period') ? 'field has-error' : 'field'} aria-describedby="survey-period-hint">
          <legend>{t('surveys_admin.period')}</legend>
          <p class="hint" id="survey-period-hint">
            {t('surveys_admin.period_hint')}
          </p>
          <div class="survey-period">
            <Field id="survey-period-kind" label={t('surveys_admin.period_kind')}>
              <select id="survey-period-kind" value={period.kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`surveys_admin.kind_${k}` as Key)}
                  </option>
                ))}
              </select>
            </Field>
            {period.kind !== 'custom' && (
              <Field id="survey-year" label={t('surveys_admin.year')}>
                <input
                  id="survey-year"
                  type="number"
                  inputMode="numeric"
                  min={2000}
                  max={2100}
                  required
                  value={period.year}
                  onInput={(e) => setPeriod({ ...period, year: e.currentTarget.value })}
                />
              </Field>
            )}
            {(period.kind === 'half' || period.kind === 'quarter' || period.kind === 'month') && (
              <Field id="survey-part" label={t(`surveys_admin.part_${period.kind}` as Key)}>
                <select id="survey-part" value={period.part} onChange={(e) => setPeriod({ ...period, part: e.currentTarget.value })}>
                  {Array.from({ length: period.kind === 'half' ? 2 : period.kind === 'quarter' ? 4 : 12 }, (_, i) => String(i + 1)).map((n) => (
                    <option key={n} value={n}>
                      {period.kind === 'month'
                        ? formatMonth(`2000-${n.padStart(2, '0')}`, 'long').replace(/\s*\d{4}$/, '')
                        : periodLabel({ period: `2000-${period.kind === 'half' ? 'S' : 'Q'}${n}`, starts_on: '', ends_on: '' }).replace(/\s*2000$/, '')}
                    </option>
                  ))}
                </select>
              </Field>
            )}
            {period.kind === 'custom' && (
              <>
                <Field id="survey-label" label={t('surveys_admin.label')} hint={t('surveys_admin.label_hint')}>
                  <input id="survey-label" required maxLength={40} value={period.label} onInput={(e) => setPeriod({ ...period, label: e.currentTarget.value })} />
                </Field>
                <Field id="survey-starts" label={t('surveys_admin.starts_on')} error={err('starts_on')}>
                  <input id="survey-starts" type="date" required value={period.starts_on} onInput={(e) => setPeriod({ ...period, starts_on: e.currentTarget.value })} />
                </Field>
                <Field id="survey-ends" label={t('surveys_admin.ends_on')} error={err('ends_on')}>
                  <input id="survey-ends" type="date" required value={period.ends_on} onInput={(e) => setPeriod({ ...period, ends_on: e.currentTarget.value })} />
                </Field>
              </>
            )}
          </div>
          <p class="muted" data-testid="survey-period-preview">
            {t('surveys_admin.period_preview', {
              period: periodOf(period) ? periodLabel({ period: periodOf(period), starts_on: period.starts_on, ends_on: period.ends_on }) : '—',
            })}
          </p>
          {err('period') && (
            <p class="field-error" id="survey-period-error" role="alert">
              {err('period')}
            </p>
          )}
        </fieldset>

        <fieldset class={err('extra_elements') || err('weights') ? 'field has-error' : 'field'} aria-describedby="survey-extra-hint">
          <legend>{t('surveys_admin.extra')}</legend>
          <p class="hint" id="survey-extra-hint">
            {t('surveys_admin.extra_hint')}
          </p>
          {extra.map((name, i) => (
            <div class="row survey-extra" key={i}>
              <Field id={`survey-extra-${i}`} label={t('surveys_admin.extra_name', { code: `U${BASE_ELEMENTS + 1 + i}` })} error={err(`extra_elements[${i}].name`)}>
                <input
                  id={`survey-extra-${i}`}
                  required
                  maxLength={200}
                  value={name}
                  onInput={(e) => setExtra(extra.map((x, j) => (j === i ? e.currentTarget.value : x)))}
                />
              </Field>
              <button
                type="button"
                class="button secondary small"
                aria-label={t('surveys_admin.remove_extra_named', { code: `U${BASE_ELEMENTS + 1 + i}` })}
                onClick={() => setExtraElements(extra.filter((_, j) => j !== i))}
              >
                {t('surveys_admin.remove_extra')}
              </button>
            </div>
          ))}
          {err('extra_elements') && <p class="field-error">{err('extra_elements')}</p>}
          {extra.length < MAX_EXTRA && (
            <button type="button" class="button secondary small" onClick={() => setExtraElements([...extra, ''])}>
              {t('surveys_admin.add_extra')}
            </button>
          )}
          {extra.length > 0 && (
            <fieldset class="survey-weights" aria-describedby="survey-weights-hint survey-weights-sum">
              <legend>{t('surveys_admin.weights')}</legend>
              <p class="hint" id="survey-weights-hint">
                {t('surveys_admin.weights_hint')}
              </p>
              <div class="survey-weight-grid">
                {weights.map((w, i) => {
                  const code = `U${i + 1}`;
                  const name = i < BASE_ELEMENTS ? baseNames[i] ?? '' : extra[i - BASE_ELEMENTS].trim();
                  return (
                    <Field key={code} id={`survey-weight-${i}`} label={name ? `${code} ${name}` : code}>
                      <input
                        id={`survey-weight-${i}`}
                        type="number"
                        inputMode="decimal"
                        step="0.001"
                        min={0}
                        max={1}
                        required
                        value={w}
                        onInput={(e) => setWeights(weights.map((x, j) => (j === i ? e.currentTarget.value : x)))}
                      />
                    </Field>
                  );
                })}
              </div>
              <p class={Math.abs(weightSum - 1) > 0.011 ? 'field-error' : 'muted'} id="survey-weights-sum" aria-live="polite">
                {t('surveys_admin.weights_sum', { sum: formatNumber(weightSum, { minimumFractionDigits: 3, maximumFractionDigits: 3 }) })}
              </p>
              {err('weights') && <p class="field-error">{err('weights')}</p>}
            </fieldset>
          )}
        </fieldset>

        <button type="submit" class="button primary" disabled={busy}>
          {t('surveys_admin.create')}
        </button>
      </form>
    </section>
  );
}
