// One case for an officer: details, map, attachments, the actions
// the workflow allows, and the timeline with the public events and the
// internal ones kept apart.
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, get } from '../api';
import { agencies, agencyName, categories, categoryLabel, regionName } from '../catalogue';
import { formatCode, formatDateTime, locale } from '../format';
import { label, t, tn } from '../i18n';
import { MapView } from '../map/map_view';
import { Link } from '../router';
import { TimelineList } from '../timeline';
import { answerText, ordered } from '../citizen/questions';
import type { Agency, CaseEvent, CaseView, Category, NearbyCase, Principal, Service, Timeline } from '../types';
import { DeadlineBadge, ErrorBox, Loading, PageTitle, StatusBadge, useAsync } from '../ui';
import { ActionPanel } from './actions';
import { AttachmentList } from '../attachments';

interface Loaded {
  view: CaseView;
  timeline: Timeline;
  etag: string;
  // Possible duplicates: a sub-resource of their own, never cached, since
  // they change when other cases do (the case's ETag cannot know that).
  nearby: NearbyCase[];
}

async function load(code: string): Promise<Loaded> {
  const path = `/api/v1/cases/${encodeURIComponent(code)}`;
  const [view, timeline, nearby] = await Promise.all([
    api<CaseView>(path, { officer: true }),
    api<Timeline>(`${path}/timeline`, { officer: true }),
    // Best effort: the case shows without its neighbours.
    api<{ items: NearbyCase[] }>(`${path}/nearby`, { officer: true }).then(
      (a) => a.data.items,
      () => [] as NearbyCase[],
    ),
  ]);
  return {
    view: view.data,
    timeline: timeline.data,
    etag: timeline.headers.get('ETag') ?? '',
    nearby,
  };
}

// The supporting agencies in the order the timeline names them: the
// disposition's list first, then those added later (a request for input, a
// policy rule), in the order they joined; any other last.
function supportingInOrder<T extends { agency_code: string }>(supporting: T[], events: CaseEvent[]): T[] {
  const order: string[] = [];
  const add = (code: unknown) => {
    if (typeof code === 'string' && code && !order.includes(code)) order.push(code);
  };
  for (const e of events) {
    const p = e.payload ?? {};
    if (e.kind === 'disposed' && Array.isArray(p.supporting)) p.supporting.forEach(add);
    else if (e.kind === 'input_requested' || e.kind === 'agency_added') add(p.agency_code);
  }
  const rank = (code: string) => {
    const i = order.indexOf(code);
    return i < 0 ? order.length : i;
  };
  return supporting
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s.agency_code) - rank(b.s.agency_code) || a.i - b.i)
    .map(({ s }) => s);
}

// Trying again cannot help a case the officer may not see (403) or that does
// not exist (404).
function retryable(error: unknown): boolean {
  return !(error instanceof ApiError && (error.status === 403 || error.status === 404));
}

export function CasePage(props: { code: string; principal: Principal; onUnauthenticated: () => void }) {
  const data = useAsync(() => load(props.code), [props.code]);
  const agencyList = useAsync(() => agencies(), []);
  // The categories offered (issue 8); a retired one shows as its code.
  const categoryList = useAsync(() => categories().catch(() => []), []);
  const [message, setMessage] = useState('');
  // The agency this officer has just forwarded the case to: the case may
  // then be closed to them (confidential), which is no error.
  const [forwardedTo, setForwardedTo] = useState('');
  const messageRef = useRef<HTMLDivElement>(null);
  useEffect(() => setForwardedTo(''), [props.code]);
  const region = useAsync(
    () => regionName(data.data?.view.location.region_code ?? ''),
    [data.data?.view.location.region_code],
  );

  // The questions' own words for the answers (best effort: codes otherwise).
  const serviceCode = data.data?.view.service?.code ?? '';
  const service = useAsync(
    () =>
      serviceCode
        ? get<Service>(`/api/v1/services/${encodeURIComponent(serviceCode)}`).catch(() => null)
        : Promise.resolve(null),
    [serviceCode],
  );

  const placeName = useAsync(
    () =>
      regionName(data.data?.view.routing?.kelurahan_code || data.data?.view.routing?.kecamatan_code || ''),
    [data.data?.view.routing?.kelurahan_code, data.data?.view.routing?.kecamatan_code],
  );
  // The region the reporter chose when the pin says another: by its name,
  // its Kemendagri code beside it for whoever needs to look it up.
  const statedCode = data.data?.view.routing?.stated_region_code ?? '';
  const statedName = useAsync(() => regionName(statedCode), [statedCode]);

  useEffect(() => {
    if (data.error instanceof ApiError && data.error.status === 401) props.onUnauthenticated();
  }, [data.error]);

  if (data.error !== undefined && !data.data) {
    if (forwardedTo && data.error instanceof ApiError && data.error.status === 403) {
      return (
        <section>
          <PageTitle>{t('title.case', { code: formatCode(props.code) })}</PageTitle>
          <ForwardedAway agency={forwardedTo} focus />
        </section>
      );
    }
    return (
      <section>
        <p>
          <Link href="/petugas">{t('officer.back_to_queue')}</Link>
        </p>
        <ErrorBox error={data.error} onRetry={retryable(data.error) ? data.reload : undefined} />
      </section>
    );
  }
  if (!data.data) return <Loading />;
  const { view, timeline, etag, nearby } = data.data;
  const questions = ordered(service.data?.standard.attributes);
  const answers = Object.entries(view.attributes ?? {}).sort(([a], [b]) => {
    const order = (code: string) => questions.find((q) => q.code === code)?.order ?? 1e9;
    return order(a) - order(b) || a.localeCompare(b);
  });
  const names = agencyList.data ?? [];
  const categoryNames = categoryList.data ?? [];
  const events = timeline.events;
  const publicEvents = events.filter((e) => e.public !== false);
  const internalEvents = events.filter((e) => e.public === false);
  const h = view.handling;
  const loc = view.location;
  const hasPoint = typeof loc.lat === 'number' && typeof loc.lng === 'number';

  return (
    <article class="case-page">
      <p>
        <Link href="/petugas">{t('officer.back_to_queue')}</Link>
      </p>
      <PageTitle title={t('title.case', { code: formatCode(view.tracking_code) })}>{view.title}</PageTitle>
      <p class="case-meta">
        <span class="code">{formatCode(view.tracking_code)}</span> <StatusBadge status={timeline.status} />{' '}
        <DeadlineBadge deadline={timeline.deadline} />
        {h?.priority && h.priority !== 'normal' && (
          <>
            {' '}
            <span class={`badge priority-${h.priority}`} data-testid="case-priority">
              {t('case.priority')}: {label('priority', h.priority)}
            </span>
          </>
        )}
        {timeline.deadline.due_at && (
          <span class="muted">
            {' '}
            {label('stage', timeline.deadline.stage ?? '')}: {formatDateTime(timeline.deadline.due_at)}
          </span>
        )}
        {timeline.deadline.state === 'awaiting_calendar' && (
          <span class="muted" data-testid="deadline-awaiting">
            {' '}
            {t('deadline.awaiting_calendar_help')}
          </span>
        )}
      </p>
      <div ref={messageRef} role="status" aria-live="polite" tabIndex={-1}>
        {forwardedTo ? (
          <ForwardedAway agency={forwardedTo} />
        ) : (
          message && <p class="notice notice-info">{message}</p>
        )}
      </div>
      <div class="case-grid">
        <div class="case-main">
          <section class="card">
            <h2>{t('case.description')}</h2>
            <p class="pre" data-testid="case-description">
              {view.description}
            </p>
          </section>
          {answers.length > 0 && (
            <section class="card" aria-labelledby="answers-title" data-testid="case-answers">
              <h2 id="answers-title">{t('case.answers')}</h2>
              <dl class="facts answers">
                {answers.map(([code, values]) => {
                  const q = questions.find((x) => x.code === code);
                  return (
                    <Fragment key={code}>
                      <dt>{q?.description ?? code}</dt>
                      <dd data-answer={code}>{answerText(q, values, formatDateTime)}</dd>
                    </Fragment>
                  );
                })}
              </dl>
            </section>
          )}
          <section class="card" aria-labelledby="actions-title">
            <h2 id="actions-title">{t('actions.title')}</h2>
            <ActionPanel
              view={view}
              allowed={timeline.allowed_actions ?? []}
              etag={etag}
              agencies={names}
              categories={categoryNames}
              principal={props.principal}
              onUnauthenticated={props.onUnauthenticated}
              onChanged={(m, to) => {
                setMessage(m);
                setForwardedTo(to ?? '');
                data.reload();
                requestAnimationFrame(() => messageRef.current?.focus());
              }}
            />
          </section>
          <section class="card timeline-public" aria-labelledby="public-title">
            <h2 id="public-title">{t('case.timeline_public')}</h2>
            <p class="hint">{t('case.timeline_public_hint')}</p>
            <TimelineList events={publicEvents} officer={true} agencyName={(c) => agencyName(names, c)} code={view.tracking_code} />
          </section>
          <section class="card timeline-internal" aria-labelledby="internal-title">
            <h2 id="internal-title">{t('case.timeline_internal')}</h2>
            <p class="hint">{t('case.timeline_internal_hint')}</p>
            <TimelineList
              events={internalEvents}
              officer={true}
              agencyName={(c) => agencyName(names, c)}
              categoryName={(c) => categoryLabel(categoryNames, c)}
              code={view.tracking_code}
            />
          </section>
        </div>
        <aside class="case-side">
          <section class="card">
            <h2>{t('case.details')}</h2>
            <dl class="facts">
              <dt>{t('case.kind')}</dt>
              <dd>{label('kind', view.kind)}</dd>
              <dt>{t('case.service')}</dt>
              <dd>{view.service ? view.service.name : t('common.none')}</dd>
              <dt>{t('case.category')}</dt>
              <dd data-testid="case-category">{view.category ? categoryLabel(categoryNames, view.category) : t('common.none')}</dd>
              <dt>{t('case.agency')}</dt>
              <dd>{view.agency_code ? agencyName(names, view.agency_code) : t('common.none')}</dd>
              {h && h.supporting.length > 0 && (
                <>
                  <dt>{t('case.supporting')}</dt>
                  <dd data-testid="case-supporting">
                    {supportingInOrder(h.supporting, events)
                      .map((s) => agencyName(names, s.agency_code))
                      .join(', ')}
                  </dd>
                </>
              )}
              {h?.assignee && (
                <>
                  <dt>{t('case.assignee')}</dt>
                  <dd>{h.assignee}</dd>
                </>
              )}
              {h?.verifier && (
                <>
                  <dt>{t('case.verifier')}</dt>
                  <dd>{h.verifier}</dd>
                </>
              )}
              <dt>{t('case.created')}</dt>
              <dd>{formatDateTime(view.created_at)}</dd>
              <dt>{t('case.channel')}</dt>
              <dd>{label('channel', view.channel)}</dd>
              <dt>{t('case.privacy')}</dt>
              <dd>
                {[view.anonymous && t('case.anonymous'), view.confidential && t('case.confidential')]
                  .filter(Boolean)
                  .join(', ') || t('case.public_case')}
              </dd>
              {view.rating && (
                <>
                  <dt>{t('case.rating')}</dt>
                  <dd data-testid="case-rating">
                    <span class="rating-stars" aria-hidden="true">
                      {'★'.repeat(view.rating.stars)}
                      {'☆'.repeat(Math.max(0, 5 - view.rating.stars))}
                    </span>{' '}
                    {t('case.rating_stars', { stars: view.rating.stars })}
                    <span class="muted">
                      {' · '}
                      <time dateTime={view.rating.rated_at}>{formatDateTime(view.rating.rated_at)}</time>
                    </span>
                    {view.rating.comment && (
                      <p class="pre rating-comment" data-testid="case-rating-comment">
                        {t('case.rating_comment', { comment: view.rating.comment })}
                      </p>
                    )}
                  </dd>
                </>
              )}
              {view.rating === null && (timeline.status === 'resolved' || timeline.status === 'closed') && (
                <>
                  <dt>{t('case.rating')}</dt>
                  <dd class="muted" data-testid="case-rating">
                    {t('case.rating_none')}
                  </dd>
                </>
              )}
              {(view.earlier_ratings ?? []).length > 0 && (
                <>
                  {/* Ratings of answers a reopen set aside: one per resolution. */}
                  <dt>{t('case.earlier_ratings')}</dt>
                  <dd data-testid="case-earlier-ratings">
                    <ul class="link-list">
                      {(view.earlier_ratings ?? []).map((r) => (
                        <li key={r.resolution}>
                          {t('case.rating_stars', { stars: r.stars })}
                          <span class="muted">
                            {' · '}
                            <time dateTime={r.rated_at}>{formatDateTime(r.rated_at)}</time>
                          </span>
                          {r.comment && <span class="pre"> {t('case.rating_comment', { comment: r.comment })}</span>}
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              )}
              {view.reporter && (
                <>
                  <dt>{t('case.reporter')}</dt>
                  <dd>
                    {[view.reporter.name, view.reporter.phone, view.reporter.email].filter(Boolean).join(' · ')}
                  </dd>
                </>
              )}
            </dl>
          </section>
          <section class="card">
            <h2>{t('case.place')}</h2>
            {(region.data || loc.address) && (
              <p>{[loc.address, region.data].filter(Boolean).join(' — ')}</p>
            )}
            {hasPoint || loc.region_code ? (
              <MapView
                key={`${loc.lat}-${loc.lng}-${loc.region_code}`}
                label={t('case.map_label')}
                pin={hasPoint ? { lat: loc.lat!, lng: loc.lng! } : null}
                region={loc.region_code}
                class="small-map"
              />
            ) : (
              <p class="muted">{t('case.no_place')}</p>
            )}
          </section>
          {view.routing && (
            <section class="card" aria-labelledby="routing-title" data-testid="routing">
              <h2 id="routing-title">{t('routing.title')}</h2>
              {view.routing.outside_pemda && (
                <p class="notice notice-warning" data-testid="outside-pemda">
                  {t('routing.outside')}
                </p>
              )}
              <dl class="facts">
                <dt>{t('routing.place')}</dt>
                <dd>{placeName.data || t('common.none')}</dd>
                {view.routing.stated_region_code && (
                  <>
                    <dt>{t('routing.stated')}</dt>
                    <dd data-testid="routing-stated">
                      {statedName.data && statedName.data !== view.routing.stated_region_code ? (
                        <>
                          {statedName.data}{' '}
                          <span class="muted small nowrap">({t('routing.region_code', { code: view.routing.stated_region_code })})</span>
                        </>
                      ) : statedName.data ? (
                        t('routing.stated_unknown', { code: view.routing.stated_region_code })
                      ) : (
                        t('common.loading')
                      )}
                    </dd>
                  </>
                )}
                <dt>{t('routing.proposal')}</dt>
                <dd data-testid="proposal-agency">
                  {view.routing.proposed_disposition
                    ? agencyName(names, view.routing.proposed_disposition.agency_code)
                    : t('common.none')}
                </dd>
                <dt>{t('routing.supporters')}</dt>
                <dd data-testid="citizen-support">
                  {tn('routing.supporters_count', view.supporters ?? 0, { count: (view.supporters ?? 0).toLocaleString(locale()) })}
                </dd>
              </dl>
              <TextSuggestionBox view={view} names={names} categories={categoryNames} />
              {nearby.length > 0 && (
                <>
                  <h3>{t('routing.nearby')}</h3>
                  <ul class="nearby-list" data-testid="officer-nearby">
                    {nearby.map((n) => (
                      <li key={n.tracking_code}>
                        <Link href={`/petugas/kasus/${n.tracking_code}`}>{n.title}</Link>{' '}
                        <span class="muted">
                          {formatCode(n.tracking_code)} · {label('status', n.status)} ·{' '}
                          {t('routing.nearby_distance', { metres: Math.round(n.distance_m) })}
                        </span>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          )}
          {view.attachments && view.attachments.length > 0 && (
            <section class="card">
              <h2>{t('case.attachments')}</h2>
              <p class="hint">{t('case.attachments_hint')}</p>
              <AttachmentList code={view.tracking_code} attachments={view.attachments} />
            </section>
          )}
        </aside>
      </div>
    </article>
  );
}

// After this officer forwarded the case: where it went, and the way back
// to the queue (the case has left their desk).
function ForwardedAway(props: { agency: string; focus?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.focus) box.current?.focus();
  }, []);
  return (
    <div
      ref={box}
      class="notice notice-info"
      data-testid="forwarded-away"
      {...(props.focus ? { role: 'status', tabIndex: -1 } : {})}
    >
      <p>{t('case.forwarded_away', { agency: props.agency })}</p>
      <p>
        <Link href="/petugas">{t('officer.back_to_queue')}</Link>
      </p>
    </div>
  );
}

// Routing by text (issue 8): the classifier's three likeliest agencies with
// their probabilities and the words that weighed most; the proposal itself
// is confirmed or overridden in the action panel.
function TextSuggestionBox(props: { view: CaseView; names: Agency[]; categories: Category[] }) {
  const s = props.view.routing?.text_suggestion;
  const c = s?.category;
  return (
    <div class="text-suggestion" data-testid="text-suggestion">
      <h3>{t('routing.text_title')}</h3>
      {!s ? (
        <p class="muted">{t('routing.text_none')}</p>
      ) : (
        <>
          <ol class="text-suggestion-top">
            {s.top.map((a, i) => (
              <li key={i} data-agency={a.agency_code}>
                {a.agency_code ? agencyName(props.names, a.agency_code) : a.label}{' '}
                <strong>{Math.round(a.probability * 100)}%</strong>
                {!a.agency_code && <span class="muted"> ({t('routing.text_unknown')})</span>}
              </li>
            ))}
          </ol>
          {!s.agency_code && <p class="hint">{t('routing.text_human')}</p>}
          {s.words.length > 0 && (
            <p class="hint" data-testid="text-suggestion-words">
              {t('routing.text_words')}: {s.words.join(', ')}
            </p>
          )}
          <p class="muted">{t('routing.text_model', { model: s.model.slice(0, 15) })}</p>
          {c && (
            <div data-testid="category-suggestion">
              <h4>{t('routing.category_title')}</h4>
              <ol class="text-suggestion-top">
                {c.top.map((x, i) => (
                  <li key={i} data-category={x.category_code}>
                    {x.category_code ? categoryLabel(props.categories, x.category_code) : x.label}{' '}
                    <strong>{Math.round(x.probability * 100)}%</strong>
                    {!x.category_code && <span class="muted"> ({t('routing.category_unknown')})</span>}
                  </li>
                ))}
              </ol>
              <p class="hint">
                {c.category_code
                  ? c.category_code === props.view.category
                    ? t('routing.category_applied')
                    : t('routing.category_apply_hint')
                  : t('routing.category_human')}
              </p>
              <p class="muted">{t('routing.text_model', { model: c.model.slice(0, 15) })}</p>
            </div>
          )}
        </>
      )}
    </div>
  );
}
