// Early warnings on the leaders' dashboard (issue 9): the changes the
// detectors found in what citizens ask for (GET /api/v1/alerts), each with
// its evidence — the daily series against its expected band, the places on
// the kelurahan map, the cases behind it (a few examples, and a link to the
// case queue filtered as near to them as its filters go) — and its
// lifecycle: acknowledge, act, close, each with a reason
// (POST /api/v1/alerts/{id}/...).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { agencies, districts, services, unitsUnder } from '../catalogue';
import { Chart, ChartTable } from '../charts/chart';
import type { LineSeries } from '../charts/spec';
import { formatDate, formatDateTime, locale } from '../format';
import { currentLanguage, label, t, tn, type Key } from '../i18n';
import { MapView } from '../map/map_view';
import { Link, navigate, useLocation } from '../router';
import { ActorName } from '../timeline';
import type { Principal, Region as Place, Service } from '../types';
import { ErrorBox, Field, fieldError, FiltersPanel, Loading, useAsync } from '../ui';

interface Region {
  code: string;
  name: string;
}

interface AlertSummary {
  id: number;
  status: string;
  detector: string;
  sentence: string;
  // The same in English; null for alerts raised before it was written.
  sentence_en: string | null;
  category_code: string;
  category_name: string;
  agency_code: string;
  agency_name: string;
  regions: Region[];
  top_terms: string[];
  observed: number;
  expected: number;
  first_day: string;
  since_day: string;
  last_day: string;
  // Whether the detectors still see the change (updated in the last 3 days).
  ongoing: boolean;
  updates: number;
  continues: number | null; // the closed alert whose change this one continues
  allowed_moves: string[];
}

interface AlertDetail extends AlertSummary {
  // A capacity proposal's: the alert whose rule proposed it, with its
  // sentences (null when the viewer may not see that alert); else null.
  answers: { id: number; detector: string | null; sentence: string | null; sentence_en: string | null } | null;
  evidence: {
    method: string;
    day: string;
    observed: number;
    expected: number;
    statistic: number;
    threshold: number;
    p_value: number;
    // Drafts of one group update one alert: "falling_ikm:DPU" is the SKM's.
    group?: string;
    // The daily series; a detector without an expected line or band (a
    // topic) sends these empty, and an old alert may lack them.
    // A day without a value (a rating series' day without ratings) is null.
    series?: (number | null)[];
    expected_series?: number[];
    band_low?: number[];
    band_high?: number[];
  };
  cases: {
    tracking_code: string;
    title: string;
    status: string;
    region_code: string;
    service_code?: string;
    created_at: string;
  }[];
  // actor_name: the officer's full name, when they have one.
  history: { from: string | null; to: string; actor: string; actor_name?: string; reason: string; at: string }[];
}

const decimal = (n: number) => n.toLocaleString(locale(), { maximumFractionDigits: 1 });
// The detectors' methods in the UI's language (the server names them in
// English, with their references).
const METHOD: Record<string, Key> = {
  city_shift: 'alerts.method_city_shift',
  local_cluster: 'alerts.method_local_cluster',
  emerging_topic: 'alerts.method_emerging_topic',
  falling_rating: 'alerts.method_falling_rating',
  growing_backlog: 'alerts.method_growing_backlog',
  capacity_proposal: 'alerts.method_capacity_proposal',
};

// An alert's own address: back, forward, reload and links open it again.
// `search`: the list's filters, kept while an alert is open so that the way
// back (its link, Back, a reload) finds the same list.
export const alertPath = (id: number, search = '') => `/petugas/dasbor/peringatan/${id}${search}`;
const LIST_PATH = '/petugas/dasbor';

// The list's filters: exactly the query parameters GET /api/v1/alerts
// takes. In the address they are prefixed (alert_status=new), apart from
// the dashboard's other figures.
const FILTERS = ['status', 'detector', 'agency', 'category', 'since'] as const;
type Filter = (typeof FILTERS)[number];
type Filters = Record<Filter, string>;
const param = (f: Filter) => `alert_${f}`;
const NO_FILTERS = Object.fromEntries(FILTERS.map((f) => [f, ''])) as Filters;
const STATUSES = ['new', 'acknowledged', 'actioned', 'closed'];
const DETECTORS = ['city_shift', 'local_cluster', 'emerging_topic', 'falling_rating', 'growing_backlog', 'capacity_proposal'];
const PAGE_SIZE = 50;

interface AlertPage {
  items: AlertSummary[];
  next_cursor: string | null;
}

function listPath(filters: Filters, cursor = ''): string {
  const query = new URLSearchParams();
  for (const f of FILTERS) if (filters[f]) query.set(f, filters[f]);
  query.set('limit', String(PAGE_SIZE));
  if (cursor) query.set('cursor', cursor);
  return `/api/v1/alerts?${query}`;
}

// "?alert_status=new&…" for the filters in use, "" for none; the
// dashboard's own parameters in the address (its period) stay.
function filtersSearch(filters: Filters): string {
  const query = new URLSearchParams(location.search);
  for (const f of FILTERS) {
    query.delete(param(f));
    if (filters[f]) query.set(param(f), filters[f]);
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

// The detectors whose `observed` counts reports (in the alert's window), so
// that "5 of 30 reports" can be said of the cases listed; the others observe
// a mean rating, open cases or officers.
const COUNTS_REPORTS = ['city_shift', 'local_cluster', 'emerging_topic'];

// The case queue's filters (/petugas?…, which are GET /api/v1/cases's:
// one service, one region, one agency, words; no dates) that come closest to
// an alert's cases, with what they say in words and how the queue's list is
// wider than the alert. Null when the queue cannot narrow to them at all.
interface QueueView {
  href: string;
  parts: string[];
  wider: string[];
}

function queueView(alert: AlertDetail, serviceList: Service[], districtList: Place[]): QueueView | null {
  const query = new URLSearchParams();
  const parts: string[] = [];
  const wider: string[] = [];
  if (alert.detector === 'growing_backlog') {
    if (!alert.agency_code) return null;
    query.set('agency', alert.agency_code);
    query.set('sort', 'deadline');
    parts.push(alert.agency_name || alert.agency_code, t('alerts.queue_by_deadline'));
    wider.push(t('alerts.queue_wider_backlog'));
    return { href: `/petugas?${query}`, parts, wider };
  }
  if (!COUNTS_REPORTS.includes(alert.detector)) return null;
  // The alert's category is a service of the catalogue (or a retired one,
  // which its cases still carry).
  const code = alert.category_code;
  const service = serviceList.find((s) => s.code === code);
  if (code && (service || (alert.cases.length > 0 && alert.cases.every((c) => c.service_code === code)))) {
    query.set('service', code);
    parts.push(t('alerts.queue_service', { name: service?.name || alert.category_name || code }));
  }
  // One place, or the kecamatan all its kelurahan are in.
  const places = alert.regions;
  if (places.length === 1) {
    const only = places[0];
    query.set('region', only.code);
    parts.push(only.name || only.code);
  } else if (places.length > 1) {
    const district = places[0].code.split('.').slice(0, 3).join('.');
    if (places.every((r) => r.code === district || r.code.startsWith(`${district}.`))) {
      const name = districtList.find((d) => d.code === district)?.name ?? district;
      query.set('region', district);
      parts.push(t('alerts.queue_district', { name }));
      wider.push(t('alerts.queue_wider_district', { name }));
    }
  }
  // A topic is its words: the leading one.
  if (alert.detector === 'emerging_topic' && alert.top_terms.length > 0) {
    query.set('q', alert.top_terms[0]);
    parts.push(t('alerts.queue_term', { term: alert.top_terms[0] }));
  }
  if (parts.length === 0) return null;
  wider.unshift(t('alerts.queue_wider_dates', { date: formatDate(`${alert.since_day}T12:00:00Z`) }));
  return { href: `/petugas?${query}`, parts, wider };
}

// The way from an alert to its cases in the queue, and what that list has
// besides them.
function QueueLink({ alert }: { alert: AlertDetail }) {
  const serviceList = useAsync(() => services().catch(() => [] as Service[]), []);
  const districtList = useAsync(() => districts().catch(() => [] as Place[]), []);
  if (!serviceList.data || !districtList.data) return null;
  const view = queueView(alert, serviceList.data, districtList.data);
  if (!view) return null;
  return (
    <p data-testid="alert-queue">
      <Link href={view.href} data-testid="alert-queue-link">
        {t('alerts.queue_link', { filters: view.parts.join(', ') })}
      </Link>{' '}
      <span class="muted">{view.wider.join(' ')}</span>
    </p>
  );
}

// The alert's sentence in the UI's language; an old alert has it in
// Indonesian only, and says so to screen readers (lang).
function Sentence({ alert }: { alert: Pick<AlertSummary, 'sentence' | 'sentence_en'> }) {
  if (currentLanguage() === 'en' && alert.sentence_en) return <>{alert.sentence_en}</>;
  return currentLanguage() === 'id' ? <>{alert.sentence}</> : <span lang="id">{alert.sentence}</span>;
}

const moveAction: Record<string, string> = { acknowledged: 'acknowledge', actioned: 'action', closed: 'close' };

const signedOut = (onUnauthenticated: () => void) => (e: unknown): never => {
  if (e instanceof ApiError && e.status === 401) onUnauthenticated();
  throw e;
};

// "2026-03-14" minus `back` days, as a local date for people.
function dayLabel(day: string, back: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - back);
  return d.toLocaleDateString(locale(), { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

// The daily series (line and dots) over its expected value (dashed) and band
// (shaded), drawn by uPlot; the same figures in a table beneath for screen
// readers. Red dots: the days above the band (below it for ratings, which
// fall).
const OBSERVED = '#0b5d4b';
const EXPECTED = '#5b7083';
const ABOVE = '#c0392b';
const BAND = '#cfe9df';

// What the evidence has, and only that, is drawn and described: a topic's
// evidence has a daily series without an expected line or band.
function EvidenceChart({ alert }: { alert: AlertDetail }) {
  const e = alert.evidence;
  const values = e.series ?? [];
  const n = values.length;
  if (n === 0) return <p class="muted">{t('alerts.no_series')}</p>;
  const expected = e.expected_series ?? [];
  const low = e.band_low ?? [];
  const high = e.band_high ?? [];
  const hasBand = high.length === n && low.length === n;
  const hasExpected = expected.length === n;
  const falling = alert.detector === 'falling_rating';
  const outside = hasBand
    ? values.map((v, i) => (v !== null && (falling ? v < low[i] : v > high[i]) ? v : null))
    : [];
  const outsideName = t(falling ? 'alerts.below' : 'alerts.above');
  const shown = (v: number | null) => (v === null ? '–' : decimal(v));
  const series: LineSeries[] = [];
  if (hasBand) {
    series.push({ name: t('alerts.band'), values: high, style: 'hidden', color: BAND });
    series.push({ name: t('alerts.band'), values: low, style: 'hidden', color: BAND });
  }
  if (hasExpected) series.push({ name: t('alerts.expected'), values: expected, style: 'dashed', color: EXPECTED });
  series.push({ name: t('alerts.observed'), values, style: 'line', color: OBSERVED });
  if (hasBand) series.push({ name: outsideName, values: outside, style: 'points', color: ABOVE });
  const last = shown(values[n - 1]);
  const chartLabel = hasBand
    ? t('alerts.chart_label', { observed: last, low: decimal(low[n - 1]), high: decimal(high[n - 1]) })
    : hasExpected
      ? t('alerts.chart_label_expected', { observed: last, expected: decimal(expected[n - 1]) })
      : t('alerts.chart_label_series', { observed: last });
  const caption = [
    t(falling ? 'alerts.caption_observed_rating' : 'alerts.caption_observed'),
    hasExpected ? t('alerts.caption_expected') : '',
    hasBand ? t(falling ? 'alerts.caption_band_below' : 'alerts.caption_band') : '',
  ]
    .filter((c) => c !== '')
    .join(' ');
  return (
    <figure class="alert-chart" data-testid="alert-chart">
      <Chart
        name="alert_evidence"
        label={chartLabel}
        spec={{
          kind: 'lines',
          labels: values.map((_, i) => dayLabel(e.day, n - 1 - i)),
          series,
          band: hasBand ? { high: 0, low: 1, color: BAND } : undefined,
          decimals: 1,
        }}
      />
      <ul class="chart-legend" aria-hidden="true">
        <li>
          <span class="key line-observed" />
          {t('alerts.observed')}
        </li>
        {hasExpected && (
          <li>
            <span class="key line-expected" />
            {t('alerts.expected')}
          </li>
        )}
        {hasBand && (
          <li>
            <span class="key area-band" />
            {t('alerts.band')}
          </li>
        )}
        {hasBand && (
          <li>
            <span class="key dot-above" />
            {outsideName}
          </li>
        )}
      </ul>
      <figcaption class="muted">{caption}</figcaption>
      <ChartTable name="alert_evidence" caption={t('alerts.chart_table')}>
        <thead>
          <tr>
            <th scope="col">{t('alerts.day')}</th>
            <th scope="col">{t('alerts.observed')}</th>
            {hasExpected && <th scope="col">{t('alerts.expected')}</th>}
            {hasBand && <th scope="col">{t('alerts.band')}</th>}
          </tr>
        </thead>
        <tbody>
          {values.map((v, i) => (
            <tr key={i} data-index={i}>
              <th scope="row">{dayLabel(e.day, n - 1 - i)}</th>
              <td data-cell="observed">{shown(v)}</td>
              {hasExpected && <td data-cell="expected">{decimal(expected[i])}</td>}
              {hasBand && <td data-cell="band">{`${decimal(low[i])} – ${decimal(high[i])}`}</td>}
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </figure>
  );
}

function MoveForm({
  alert,
  onMoved,
  onUnauthenticated,
}: {
  alert: AlertDetail;
  onMoved: (a: AlertDetail) => void;
  onUnauthenticated: () => void;
}) {
  const [to, setTo] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (alert.allowed_moves.length === 0) return null;
  const send = async (event: Event) => {
    event.preventDefault();
    if (!to) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await api<AlertDetail>(`/api/v1/alerts/${alert.id}/${moveAction[to]}`, {
        method: 'POST',
        officer: true,
        body: { reason },
      }).catch(signedOut(onUnauthenticated));
      setTo(null);
      setReason('');
      onMoved(answer.data);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const fields = error instanceof ApiError ? error.fields : undefined;
  return (
    <div class="alert-moves">
      <div class="button-row">
        {alert.allowed_moves.map((m) => (
          <button
            key={m}
            type="button"
            class={to === m ? 'button' : 'button secondary'}
            data-move={m}
            aria-pressed={to === m}
            onClick={() => {
              setTo(m);
              setError(null);
            }}
          >
            {label('alerts.move', m)}
          </button>
        ))}
      </div>
      {to && (
        <form onSubmit={send} data-testid="alert-move-form">
          <Field id="alert-reason" label={t('alerts.reason')} hint={t('alerts.reason_hint')} error={fieldError(fields, 'reason')}>
            <textarea id="alert-reason" rows={3} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </Field>
          {error !== null && !fieldError(fields, 'reason') && <ErrorBox error={error} />}
          <button type="submit" class="button" disabled={busy}>
            {label('alerts.move', to)}
          </button>
        </form>
      )}
    </div>
  );
}

// A change the detectors no longer see: its sentence still says what was
// seen, in the present tense, so the leader is told it has subsided.
function Subsided({ alert }: { alert: AlertSummary }) {
  if (alert.ongoing) return null;
  return (
    <>
      <span class="badge alert-subsided" data-testid="alert-subsided">
        {t('alerts.subsided')}
      </span>{' '}
    </>
  );
}

function AlertDetailView({
  id,
  listHref,
  mayMove,
  onChanged,
  onUnauthenticated,
}: {
  id: number;
  // The list the alert was opened from, with its filters.
  listHref: string;
  // Auditors read alerts but move none; an agency moves its own only (one
  // of no agency concerns the whole Pemda).
  mayMove: (alert: AlertSummary) => boolean;
  onChanged: () => void;
  onUnauthenticated: () => void;
}) {
  const [moved, setMoved] = useState<AlertDetail | null>(null);
  const detail = useAsync(
    () =>
      // An address naming no alert (/peringatan/abc) is not found, unasked.
      id > 0
        ? api<AlertDetail>(`/api/v1/alerts/${id}`, { officer: true }).then((a) => a.data, signedOut(onUnauthenticated))
        : Promise.reject(new ApiError(404, '', '', [], {})),
    [id],
  );
  const alert = moved ?? detail.data;
  // Opened (from the list, a link or a reload), the alert takes the focus
  // and comes into view: the dashboard's figures stand above it.
  const title = useRef<HTMLHeadingElement>(null);
  const shown = alert !== undefined;
  useEffect(() => {
    if (!shown) return;
    title.current?.focus({ preventScroll: true });
    title.current?.scrollIntoView({ block: 'start' });
  }, [id, shown]);
  if (!alert) {
    return (
      <>
        <p>
          <Link href={listHref} class="button secondary">
            {t('alerts.back')}
          </Link>
        </p>
        {detail.error !== undefined ? (
          <ErrorBox
            error={detail.error}
            onRetry={detail.error instanceof ApiError && detail.error.status === 404 ? undefined : detail.reload}
          />
        ) : (
          <Loading />
        )}
      </>
    );
  }
  const e = alert.evidence;
  // The SKM's IKM falls are falling-rating alerts with a method of their own.
  const methodKey: Key | undefined = e.group?.startsWith('falling_ikm:')
    ? 'alerts.method_falling_ikm'
    : METHOD[alert.detector];
  const villages = alert.regions.filter((r) => r.code.split('.').length === 4);
  // The reports the evidence counts, when it counts more than are listed
  // (the detectors keep a few representative ones; confidential cases and,
  // for an agency, other agencies' are not shown).
  const counted = COUNTS_REPORTS.includes(alert.detector) ? Math.round(e.observed) : 0;
  // A rule's capacity proposal is no measurement: no observed, expected or
  // test statistic to show, and reports only when it names some.
  const proposal = alert.detector === 'capacity_proposal';
  return (
    <article class="card alert-detail" data-testid="alert-detail" aria-labelledby="alert-detail-title">
      <div class="alert-head">
        <h3 id="alert-detail-title" tabIndex={-1} ref={title}>
          <Sentence alert={alert} />
        </h3>
        <Link href={listHref} class="button secondary" data-testid="alert-back">
          {t('alerts.back')}
        </Link>
      </div>
      <p>
        <span class={`badge alert-${alert.status}`} data-testid="alert-status">
          {label('alerts.status', alert.status)}
        </span>{' '}
        <Subsided alert={alert} />
        {label('alerts.detector', alert.detector)}
        {alert.agency_name && ` · ${alert.agency_name}`}
      </p>
      <dl class="facts">
        {!proposal && (
          <>
            <dt>{t('alerts.observed_vs_expected')}</dt>
            <dd>
              {t('alerts.observed_expected', { observed: decimal(e.observed), expected: decimal(e.expected) })}
            </dd>
            <dt>{t('alerts.statistic')}</dt>
            <dd>
              {t('alerts.statistic_value', {
                statistic: decimal(e.statistic),
                threshold: decimal(e.threshold),
                p:
                  e.p_value < 0.001
                    ? `< ${(0.001).toLocaleString(locale())}`
                    : `= ${e.p_value.toLocaleString(locale(), { maximumFractionDigits: 3 })}`,
              })}
            </dd>
          </>
        )}
        <dt>{t('alerts.since')}</dt>
        <dd>
          {formatDate(`${alert.since_day}T12:00:00Z`)} · {tn('alerts.updates', alert.updates)}
        </dd>
        {alert.answers && (
          <>
            <dt>{t('alerts.answers')}</dt>
            <dd data-testid="alert-answers">
              <Link href={alertPath(alert.answers.id)}>{t('alerts.answers_link', { id: alert.answers.id })}</Link>
              {alert.answers.sentence !== null && (
                <>
                  {': '}
                  <Sentence alert={{ sentence: alert.answers.sentence, sentence_en: alert.answers.sentence_en }} />
                </>
              )}
            </dd>
          </>
        )}
        {alert.continues !== null && (
          <>
            <dt>{t('alerts.continues')}</dt>
            <dd data-testid="alert-continues">
              <Link href={alertPath(alert.continues)}>{t('alerts.continues_link', { id: alert.continues })}</Link>
            </dd>
          </>
        )}
        <dt>{t('alerts.method')}</dt>
        <dd>{methodKey ? t(methodKey) : e.method}</dd>
        {alert.top_terms.length > 0 && (
          <>
            <dt>{t('alerts.terms')}</dt>
            <dd data-testid="alert-terms">{alert.top_terms.join(', ')}</dd>
          </>
        )}
        {alert.regions.length > 0 && (
          <>
            <dt>{t('alerts.places')}</dt>
            <dd data-testid="alert-places">{alert.regions.map((r) => r.name || r.code).join(', ')}</dd>
          </>
        )}
      </dl>
      {!proposal && <EvidenceChart alert={alert} />}
      {villages.length > 0 && (
        <MapView label={t('alerts.map_label')} regions={villages.map((r) => r.code)} class="alert-map" />
      )}
      {(!proposal || alert.cases.length > 0) && (
        <h4>{t(alert.detector === 'growing_backlog' ? 'alerts.cases_backlog' : 'alerts.cases')}</h4>
      )}
      {alert.cases.length > 0 && counted > alert.cases.length && (
        <p class="muted" data-testid="alert-cases-shown">
          {t('alerts.cases_shown', {
            shown: alert.cases.length.toLocaleString(locale()),
            total: counted.toLocaleString(locale()),
          })}
        </p>
      )}
      {alert.cases.length === 0 ? (
        !proposal && <p class="muted">{t('alerts.no_cases')}</p>
      ) : (
        <ul class="alert-cases" data-testid="alert-cases">
          {alert.cases.map((c) => (
            <li key={c.tracking_code}>
              <Link href={`/petugas/kasus/${c.tracking_code}`}>{c.tracking_code}</Link> — {c.title}{' '}
              <span class="muted">({formatDateTime(c.created_at)})</span>
            </li>
          ))}
        </ul>
      )}
      <QueueLink alert={alert} />
      <h4>{t('alerts.history')}</h4>
      <ol class="alert-history" data-testid="alert-history">
        {alert.history.map((s, i) => (
          <li key={i}>
            {label('alerts.status', s.to)} — {s.actor === 'system' ? t('alerts.system') : <ActorName actor={s.actor} name={s.actor_name} />},{' '}
            {formatDateTime(s.at)}
            {s.from !== null && `: ${s.reason}`}
          </li>
        ))}
      </ol>
      {mayMove(alert) && (
      <MoveForm
        alert={alert}
        onUnauthenticated={onUnauthenticated}
        onMoved={(a) => {
          setMoved(a);
          onChanged();
        }}
      />
      )}
    </article>
  );
}

export function AlertsSection({
  principal,
  selected,
  onUnauthenticated,
}: {
  principal: Principal;
  // The alert the address names (/petugas/dasbor/peringatan/{id}), else null.
  selected: number | null;
  onUnauthenticated: () => void;
}) {
  // The filters live in the address (reload, Back from an alert, a
  // bookmark); the pages loaded with "Load more" do not.
  const { query } = useLocation();
  const applied = Object.fromEntries(FILTERS.map((f) => [f, query.get(param(f)) ?? ''])) as Filters;
  const key = FILTERS.map((f) => applied[f]).join('|');
  const search = filtersSearch(applied);
  const active = FILTERS.filter((f) => applied[f] !== '').length;
  const list = useAsync(
    () => api<AlertPage>(listPath(applied), { officer: true }).then((a) => a.data, signedOut(onUnauthenticated)),
    [key],
  );
  const [more, setMore] = useState<AlertSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  useEffect(() => {
    setMore([]);
    setMoreError(null);
    setCursor(list.data?.next_cursor ?? null);
  }, [list.data]);
  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const next = await api<AlertPage>(listPath(applied, cursor), { officer: true }).then(
        (a) => a.data,
        signedOut(onUnauthenticated),
      );
      setMore((m) => [...m, ...next.items]);
      setCursor(next.next_cursor);
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  };
  const items = [...(list.data?.items ?? []), ...more];
  // An agency's officers may ask for their agency's alerts only (the API
  // refuses another agency), its head for those of the units under it too
  // (unasked, it lists all of these); the others for any agency.
  const agencyBound = principal.role === 'agency_officer' || principal.role === 'agency_head';
  const agencyList = useAsync(() => agencies(), []);
  const serviceList = useAsync(() => services(), []);
  const own = principal.agency_code ?? '';
  const readable = [own, ...(principal.role === 'agency_head' ? unitsUnder(agencyList.data ?? [], own) : [])];
  const agencyOptions = (agencyList.data ?? []).filter((a) => !agencyBound || readable.includes(a.code));
  // On a wide screen the filters are open; on a phone folded under a
  // summary counting those in use, so the alerts come first.
  const [filtersOpen, setFiltersOpen] = useState(() => window.matchMedia('(min-width: 48rem)').matches || active > 0);
  const setFilter = (f: Filter, value: string) => {
    const next = { ...applied, [f]: value };
    // The same screen with other filters: the list stays in view.
    navigate(`${LIST_PATH}${filtersSearch(next)}`, { replace: true, keepScroll: true });
  };
  // Back at the list (its link, or the browser's Back), the alert just read
  // has the focus again.
  const closed = useRef<number | null>(null);
  useEffect(() => {
    if (selected !== null) {
      closed.current = selected;
      return;
    }
    const last = closed.current;
    if (last === null || !list.data) return;
    closed.current = null;
    const link = document.querySelector<HTMLAnchorElement>(`li[data-alert="${last}"] a`);
    link?.focus({ preventScroll: true });
    link?.scrollIntoView({ block: 'center' });
  }, [selected, list.data]);
  return (
    <section class="card alerts" data-testid="alerts" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('alerts.title')}</h2>
      <p class="muted">{t('alerts.lead')}</p>
      {selected === null && (
        <FiltersPanel open={filtersOpen} onToggle={setFiltersOpen} active={active} testid="alert-filters">
          <div class="filters" role="group" aria-label={t('alerts.filters')}>
            <div class="filter">
              <label for="alerts-status">{t('alerts.filter_status')}</label>
              <select id="alerts-status" value={applied.status} onChange={(e) => setFilter('status', e.currentTarget.value)}>
                <option value="">{t('alerts.all')}</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {label('alerts.status', s)}
                  </option>
                ))}
              </select>
            </div>
            <div class="filter">
              <label for="alerts-detector">{t('alerts.filter_detector')}</label>
              <select
                id="alerts-detector"
                value={applied.detector}
                onChange={(e) => setFilter('detector', e.currentTarget.value)}
              >
                <option value="">{t('alerts.all')}</option>
                {DETECTORS.map((d) => (
                  <option key={d} value={d}>
                    {label('alerts.detector', d)}
                  </option>
                ))}
              </select>
            </div>
            <div class="filter">
              <label for="alerts-agency">{t('alerts.filter_agency')}</label>
              <select id="alerts-agency" value={applied.agency} onChange={(e) => setFilter('agency', e.currentTarget.value)}>
                <option value="">{t('alerts.all')}</option>
                {applied.agency && !agencyOptions.some((a) => a.code === applied.agency) && (
                  <option value={applied.agency}>{applied.agency}</option>
                )}
                {agencyOptions.map((a) => (
                  <option key={a.code} value={a.code}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
            <div class="filter">
              <label for="alerts-category">{t('alerts.filter_category')}</label>
              <select
                id="alerts-category"
                value={applied.category}
                onChange={(e) => setFilter('category', e.currentTarget.value)}
              >
                <option value="">{t('alerts.all')}</option>
                {applied.category && !(serviceList.data ?? []).some((s) => s.code === applied.category) && (
                  <option value={applied.category}>{applied.category}</option>
                )}
                {(serviceList.data ?? []).map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
            <div class="filter">
              <label for="alerts-since">{t('alerts.filter_since')}</label>
              <input
                id="alerts-since"
                type="date"
                value={applied.since}
                onChange={(e) => setFilter('since', e.currentTarget.value)}
              />
            </div>
            {active > 0 && (
              <div class="filter-actions">
                <button
                  type="button"
                  class="button secondary"
                  onClick={() => {
                    navigate(`${LIST_PATH}${filtersSearch(NO_FILTERS)}`, { replace: true, keepScroll: true });
                    // The button goes with the filters: the focus stays in them.
                    document.getElementById('alerts-status')?.focus();
                  }}
                >
                  {t('queue.reset')}
                </button>
              </div>
            )}
          </div>
        </FiltersPanel>
      )}
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <ErrorBox error={list.error} onRetry={list.reload} />}
      {selected !== null ? (
        <AlertDetailView
          key={selected}
          id={selected}
          listHref={`${LIST_PATH}${search}`}
          mayMove={(a) =>
            principal.role !== 'auditor' &&
            ((principal.role !== 'agency_officer' && principal.role !== 'agency_head') ||
              a.agency_code === principal.agency_code)
          }
          onChanged={list.reload}
          onUnauthenticated={onUnauthenticated}
        />
      ) : (
        list.data && (
          <>
            {items.length === 0 ? (
              <p class="muted">{active > 0 ? t('alerts.none_filtered') : t('alerts.none')}</p>
            ) : (
              <>
                <p class="muted" role="status" data-testid="alerts-shown">
                  {list.loading ? t('common.loading') : tn('alerts.shown', items.length)}
                  {cursor ? ` ${t('queue.more_available')}` : ''}
                </p>
                <ul class="alert-list">
                  {items.map((a) => (
                    <li key={a.id} data-alert={a.id}>
                      <Link href={alertPath(a.id, search)}>
                        <Sentence alert={a} />
                      </Link>
                      <span class="muted">
                        {' '}
                        <span class={`badge alert-${a.status}`}>{label('alerts.status', a.status)}</span>{' '}
                        <Subsided alert={a} />
                        {label('alerts.detector', a.detector)} · {t('alerts.last_seen', { date: formatDate(`${a.last_day}T12:00:00Z`) })}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {moreError !== null && <ErrorBox error={moreError} onRetry={loadMore} />}
            {cursor && (
              <button type="button" class="button secondary" disabled={loadingMore} onClick={loadMore}>
                {t('queue.load_more')}
              </button>
            )}
          </>
        )
      )}
    </section>
  );
}
