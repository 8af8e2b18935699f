// Early warnings on the leaders' dashboard (issue 9): the changes the
// detectors found in what citizens ask for (GET /api/v1/alerts), each with
// its evidence — the daily series against its expected band, the places on
// the kelurahan map, the cases behind it — and its lifecycle: acknowledge,
// act, close, each with a reason (POST /api/v1/alerts/{id}/...).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { Chart, ChartTable } from '../charts/chart';
import type { LineSeries } from '../charts/spec';
import { formatDate, formatDateTime, locale } from '../format';
import { currentLanguage, label, t, type Key } from '../i18n';
import { MapView } from '../map/map_view';
import { Link } from '../router';
import type { Principal } from '../types';
import { ErrorBox, Field, fieldError, Loading, useAsync } from '../ui';

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
  updates: number;
  allowed_moves: string[];
}

interface AlertDetail extends AlertSummary {
  evidence: {
    method: string;
    day: string;
    observed: number;
    expected: number;
    statistic: number;
    threshold: number;
    p_value: number;
    series: number[];
    expected_series: number[];
    band_low: number[];
    band_high: number[];
  };
  cases: { tracking_code: string; title: string; status: string; region_code: string; created_at: string }[];
  history: { from: string | null; to: string; actor: string; reason: string; at: string }[];
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
};

// An alert's own address: back, forward, reload and links open it again.
export const alertPath = (id: number) => `/petugas/dasbor/peringatan/${id}`;
const LIST_PATH = '/petugas/dasbor';

// The alert's sentence in the UI's language; an old alert has it in
// Indonesian only, and says so to screen readers (lang).
function Sentence({ alert }: { alert: AlertSummary }) {
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
// readers. Red dots: the days above the band.
const OBSERVED = '#0b5d4b';
const EXPECTED = '#5b7083';
const ABOVE = '#c0392b';
const BAND = '#cfe9df';

function EvidenceChart({ alert }: { alert: AlertDetail }) {
  const e = alert.evidence;
  const n = e.series.length;
  if (n === 0) return <p class="muted">{t('alerts.no_series')}</p>;
  const hasBand = e.band_high.length === n && e.band_low.length === n;
  const hasExpected = e.expected_series.length === n;
  const series: LineSeries[] = [];
  if (hasBand) {
    series.push({ name: t('alerts.band'), values: e.band_high, style: 'hidden', color: BAND });
    series.push({ name: t('alerts.band'), values: e.band_low, style: 'hidden', color: BAND });
  }
  if (hasExpected) series.push({ name: t('alerts.expected'), values: e.expected_series, style: 'dashed', color: EXPECTED });
  series.push({ name: t('alerts.observed'), values: e.series, style: 'line', color: OBSERVED });
  series.push({
    name: t('alerts.above'),
    values: e.series.map((v, i) => (e.band_high[i] !== undefined && v > e.band_high[i] ? v : null)),
    style: 'points',
    color: ABOVE,
  });
  return (
    <figure class="alert-chart" data-testid="alert-chart">
      <Chart
        name="alert_evidence"
        label={t('alerts.chart_label', {
          observed: decimal(e.series[n - 1]),
          low: decimal(e.band_low[n - 1] ?? 0),
          high: decimal(e.band_high[n - 1] ?? 0),
        })}
        spec={{
          kind: 'lines',
          labels: e.series.map((_, i) => dayLabel(e.day, n - 1 - i)),
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
        <li>
          <span class="key dot-above" />
          {t('alerts.above')}
        </li>
      </ul>
      <figcaption class="muted">{t('alerts.chart_caption')}</figcaption>
      <ChartTable name="alert_evidence" caption={t('alerts.chart_table')}>
        <thead>
          <tr>
            <th scope="col">{t('alerts.day')}</th>
            <th scope="col">{t('alerts.observed')}</th>
            <th scope="col">{t('alerts.expected')}</th>
            <th scope="col">{t('alerts.band')}</th>
          </tr>
        </thead>
        <tbody>
          {e.series.map((v, i) => (
            <tr key={i} data-index={i}>
              <th scope="row">{dayLabel(e.day, n - 1 - i)}</th>
              <td data-cell="observed">{decimal(v)}</td>
              <td data-cell="expected">{e.expected_series[i] === undefined ? '—' : decimal(e.expected_series[i])}</td>
              <td data-cell="band">
                {e.band_low[i] === undefined ? '—' : `${decimal(e.band_low[i])} – ${decimal(e.band_high[i])}`}
              </td>
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

function AlertDetailView({
  id,
  mayMove,
  onChanged,
  onUnauthenticated,
}: {
  id: number;
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
          <Link href={LIST_PATH} class="button secondary">
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
  const villages = alert.regions.filter((r) => r.code.split('.').length === 4);
  return (
    <article class="card alert-detail" data-testid="alert-detail" aria-labelledby="alert-detail-title">
      <div class="alert-head">
        <h3 id="alert-detail-title" tabIndex={-1} ref={title}>
          <Sentence alert={alert} />
        </h3>
        <Link href={LIST_PATH} class="button secondary" data-testid="alert-back">
          {t('alerts.back')}
        </Link>
      </div>
      <p>
        <span class={`badge alert-${alert.status}`} data-testid="alert-status">
          {label('alerts.status', alert.status)}
        </span>{' '}
        {label('alerts.detector', alert.detector)}
        {alert.agency_name && ` · ${alert.agency_name}`}
      </p>
      <dl class="facts">
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
        <dt>{t('alerts.since')}</dt>
        <dd>
          {formatDate(`${alert.since_day}T12:00:00Z`)} · {t('alerts.updates', { n: alert.updates })}
        </dd>
        <dt>{t('alerts.method')}</dt>
        <dd>{METHOD[alert.detector] ? t(METHOD[alert.detector]) : e.method}</dd>
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
      <EvidenceChart alert={alert} />
      {villages.length > 0 && (
        <MapView label={t('alerts.map_label')} regions={villages.map((r) => r.code)} class="alert-map" />
      )}
      <h4>{t('alerts.cases')}</h4>
      {alert.cases.length === 0 ? (
        <p class="muted">{t('alerts.no_cases')}</p>
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
      <h4>{t('alerts.history')}</h4>
      <ol class="alert-history" data-testid="alert-history">
        {alert.history.map((s, i) => (
          <li key={i}>
            {label('alerts.status', s.to)} — {s.actor === 'system' ? t('alerts.system') : s.actor.replace(/^user:/, '')},{' '}
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
  const [status, setStatus] = useState('');
  const list = useAsync(
    () =>
      api<{ items: AlertSummary[] }>(`/api/v1/alerts?limit=50${status ? `&status=${status}` : ''}`, {
        officer: true,
      }).then((a) => a.data.items, signedOut(onUnauthenticated)),
    [status],
  );
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
      <div class="field inline">
        <label for="alerts-status">{t('alerts.filter_status')}</label>
        <select id="alerts-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">{t('alerts.all')}</option>
          {['new', 'acknowledged', 'actioned', 'closed'].map((s) => (
            <option key={s} value={s}>
              {label('alerts.status', s)}
            </option>
          ))}
        </select>
      </div>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <ErrorBox error={list.error} onRetry={list.reload} />}
      {selected !== null ? (
        <AlertDetailView
          key={selected}
          id={selected}
          mayMove={(a) =>
            principal.role !== 'auditor' &&
            ((principal.role !== 'agency_officer' && principal.role !== 'agency_head') ||
              a.agency_code === principal.agency_code)
          }
          onChanged={list.reload}
          onUnauthenticated={onUnauthenticated}
        />
      ) : (
        list.data &&
        (list.data.length === 0 ? (
          <p class="muted">{t('alerts.none')}</p>
        ) : (
          <ul class="alert-list">
            {list.data.map((a) => (
              <li key={a.id} data-alert={a.id}>
                <Link href={alertPath(a.id)}>
                  <Sentence alert={a} />
                </Link>
                <span class="muted">
                  {' '}
                  <span class={`badge alert-${a.status}`}>{label('alerts.status', a.status)}</span>{' '}
                  {label('alerts.detector', a.detector)} · {t('alerts.last_seen', { date: formatDate(`${a.last_day}T12:00:00Z`) })}
                </span>
              </li>
            ))}
          </ul>
        ))
      )}
    </section>
  );
}
