// The queue: the cases the officer's role may see, filtered by status,
// agency, service, kecamatan, kind, deadline state, text and assignee, with
// deadline badges, newest first or nearest deadline first; filters live in
// the address so a view can be bookmarked.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, get } from '../api';
import { agencies, agencyName, districts, regionName, services } from '../catalogue';
import { formatCode, formatDate, formatDateTime } from '../format';
import { label, t, tn } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { CASE_KINDS, CASE_STATUSES, DEADLINE_FILTERS, type CaseStatus, type CaseSummary, type Principal, type Service } from '../types';
import { DeadlineBadge, ErrorBox, FiltersPanel, Loading, PageTitle, StatusBadge, useAsync } from '../ui';
import { BulkBar, BulkOutcome, type Outcome } from './bulk';

// The roles with an action of the bulk bar, and the statuses where one of
// theirs applies (domain/lifecycle.cc AllowedActions): a verifier verifies
// a received case and disposes a verified one; an agency assigns and starts
// a disposed one and assigns one in progress.
const BULK_STATUSES: Record<string, CaseStatus[]> = {
  verifier: ['received', 'verified'],
  agency_officer: ['disposed', 'in_progress'],
  agency_head: ['disposed', 'in_progress'],
};
const BULK_ROLES = Object.keys(BULK_STATUSES);

const FILTERS = ['status', 'agency', 'service', 'region', 'kind', 'deadline', 'q', 'assignee', 'sort'] as const;
type Filter = (typeof FILTERS)[number];

interface Page {
  items: CaseSummary[];
  next_cursor: string | null;
}

// Wide enough for the filters beside each other and the table's columns;
// below it the filters fold away and each case is a card.
const WIDE = '(min-width: 48rem)';

// A service of the Layanan filter; a retired one is marked so.
interface ServiceChoice {
  code: string;
  name: string;
  active: boolean;
}

// The services to filter by: the catalogue's, and the retired ones, whose
// open cases still need their filter. An administrator gets them all from
// GET /api/v1/services?all=true (for administrators only); other roles get
// the retired services of the cases listed and of the filter in the address.
function serviceChoices(
  listed: ServiceChoice[],
  items: CaseSummary[],
  applied: ServiceChoice | null,
): ServiceChoice[] {
  const known = new Map(listed.map((s) => [s.code, s]));
  for (const c of items) {
    if (c.service_code && !known.has(c.service_code)) {
      known.set(c.service_code, { code: c.service_code, name: c.service_name || c.service_code, active: false });
    }
  }
  if (applied && !known.has(applied.code)) known.set(applied.code, applied);
  const all = [...known.values()];
  return [...all.filter((s) => s.active), ...all.filter((s) => !s.active)];
}

function listPath(filters: Record<Filter, string>, cursor = ''): string {
  const query = new URLSearchParams();
  for (const key of FILTERS) if (filters[key]) query.set(key, filters[key]);
  if (cursor) query.set('cursor', cursor);
  query.set('limit', '50');
  return `/api/v1/cases?${query}`;
}

export function Queue(props: { principal: Principal; onUnauthenticated: () => void }) {
  const { query } = useLocation();
  const applied = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) ?? ''])) as Record<Filter, string>;
  const [form, setForm] = useState(applied);
  const key = FILTERS.map((k) => applied[k]).join('|');
  const [more, setMore] = useState<CaseSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const page = useAsync(() => api<Page>(listPath(applied), { officer: true }).then((a) => a.data), [key]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  useEffect(() => setOutcome(null), [key]);
  const agencyList = useAsync(() => agencies(), []);
  const admin = props.principal.role === 'admin';
  const serviceList = useAsync<ServiceChoice[]>(
    () =>
      admin
        ? api<{ items: Service[] }>('/api/v1/services?all=true', { officer: true }).then((a) => a.data.items)
        : services(),
    [admin],
  );
  // A service in the address that is not listed (retired): its name.
  const unlisted = applied.service && serviceList.data && !serviceList.data.some((s) => s.code === applied.service);
  const appliedService = useAsync<ServiceChoice | null>(
    () =>
      unlisted
        ? get<Service>(`/api/v1/services/${encodeURIComponent(applied.service)}`).catch(() => null)
        : Promise.resolve(null),
    [unlisted ? applied.service : ''],
  );
  const districtList = useAsync(() => districts(), []);
  // A region in the address that is no kecamatan of the list (a kelurahan,
  // as an early warning's link gives): named, so the filter shows what it is.
  const otherRegion =
    applied.region && districtList.data && !districtList.data.some((d) => d.code === applied.region) ? applied.region : '';
  const otherRegionName = useAsync(() => regionName(otherRegion), [otherRegion]);
  // The filters are open on a wide screen; on a phone they are folded under
  // a summary that counts the filters in use, so the cases come first.
  const [filtersOpen, setFiltersOpen] = useState(() => window.matchMedia(WIDE).matches);
  const active = FILTERS.filter((k) => k !== 'sort' && applied[k] !== '').length;

  useEffect(() => {
    setMore([]);
    setSelected(new Set());
    setCursor(page.data?.next_cursor ?? null);
  }, [page.data]);
  useEffect(() => {
    if (page.error instanceof ApiError && page.error.status === 401) props.onUnauthenticated();
  }, [page.error]);

  const apply = (event: Event) => {
    event.preventDefault();
    const q = new URLSearchParams();
    for (const k of FILTERS) if (form[k]) q.set(k, form[k]);
    navigate(`/petugas${q.toString() ? `?${q}` : ''}`, { replace: true });
    // On a phone the cases found take the screen.
    if (!window.matchMedia(WIDE).matches) setFiltersOpen(false);
  };
  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const next = (await api<Page>(listPath(applied, cursor), { officer: true })).data;
      setMore((m) => [...m, ...next.items]);
      setCursor(next.next_cursor);
    } finally {
      setLoadingMore(false);
    }
  };
  const set = (k: Filter) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
    setForm((f) => ({ ...f, [k]: e.currentTarget.value }));
  const items = [...(page.data?.items ?? []), ...more];
  const toggle = (code: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(code);
      else next.delete(code);
      return next;
    });
  // Selection serves the bulk actions only: none for roles that have none,
  // none on a case in a status where none of the role's applies (a verifier's
  // queue may list cases long disposed), and an agency's officers and head
  // assign and start only the cases it leads (the server's rule,
  // domain/lifecycle.cc OfLead): not those it supports in joint handling,
  // nor, for a head, those of the units under it, which their own officers
  // act on.
  const bulk = BULK_ROLES.includes(props.principal.role);
  const agencyBound = props.principal.role === 'agency_officer' || props.principal.role === 'agency_head';
  const selectable = (c: CaseSummary) =>
    (BULK_STATUSES[props.principal.role] ?? []).includes(c.status) &&
    (!agencyBound || c.agency_code === props.principal.agency_code);
  const choosable = items.filter(selectable);
  const allSelected = choosable.length > 0 && choosable.every((c) => selected.has(c.tracking_code));
  const districtName = (code: string) =>
    districtList.data?.find((d) => code.startsWith(`${d.code}.`) || code === d.code)?.name ?? code;

  return (
    <section>
      <PageTitle>{t('queue.title')}</PageTitle>
      <FiltersPanel class="card" open={filtersOpen} onToggle={setFiltersOpen} active={active} testid="queue-filters">
        <form class="filters" onSubmit={apply} aria-label={t('queue.filters')}>
          <div class="filter">
            <label for="f-q">{t('queue.search')}</label>
            <input id="f-q" type="search" value={form.q} onInput={set('q')} placeholder={t('queue.search_placeholder')} />
          </div>
          <div class="filter">
            <label for="f-status">{t('case.status')}</label>
            <select id="f-status" value={form.status} onChange={set('status')}>
              <option value="">{t('queue.all')}</option>
              {CASE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {label('status', s)}
                </option>
              ))}
            </select>
          </div>
          <div class="filter">
            <label for="f-deadline">{t('case.deadline')}</label>
            <select id="f-deadline" value={form.deadline} onChange={set('deadline')}>
              <option value="">{t('queue.all')}</option>
              {DEADLINE_FILTERS.map((s) => (
                <option key={s} value={s}>
                  {label('deadline', s)}
                </option>
              ))}
            </select>
          </div>
          <div class="filter">
            <label for="f-kind">{t('case.kind')}</label>
            <select id="f-kind" value={form.kind} onChange={set('kind')}>
              <option value="">{t('queue.all')}</option>
              {CASE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {label('kind', k)}
                </option>
              ))}
            </select>
          </div>
          <div class="filter">
            <label for="f-agency">{t('case.agency')}</label>
            <select id="f-agency" value={form.agency} onChange={set('agency')}>
              <option value="">{t('queue.all')}</option>
              {(agencyList.data ?? []).map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div class="filter">
            <label for="f-service">{t('case.service')}</label>
            <select id="f-service" value={form.service} onChange={set('service')}>
              <option value="">{t('queue.all')}</option>
              {serviceChoices(serviceList.data ?? [], items, appliedService.data ?? null).map((s) => (
                <option key={s.code} value={s.code} data-retired={s.active ? undefined : 'true'}>
                  {s.active ? s.name : t('queue.service_retired', { name: s.name })}
                </option>
              ))}
            </select>
          </div>
          <div class="filter">
            <label for="f-region">{t('queue.district')}</label>
            <select id="f-region" value={form.region} onChange={set('region')}>
              <option value="">{t('queue.all')}</option>
              {otherRegion && <option value={otherRegion}>{otherRegionName.data || otherRegion}</option>}
              {(districtList.data ?? []).map((d) => (
                <option key={d.code} value={d.code}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <div class="filter">
            <label for="f-sort">{t('queue.sort')}</label>
            <select id="f-sort" value={form.sort} onChange={set('sort')}>
              <option value="">{t('queue.sort_newest')}</option>
              <option value="deadline">{t('queue.sort_deadline')}</option>
            </select>
          </div>
          <div class="filter filter-check">
            <input
              id="f-mine"
              type="checkbox"
              checked={form.assignee === 'me'}
              onChange={(e) => setForm((f) => ({ ...f, assignee: e.currentTarget.checked ? 'me' : '' }))}
            />
            <label for="f-mine">{t('queue.mine')}</label>
          </div>
          <div class="filter-actions">
            <button type="submit" class="button primary">
              {t('queue.apply')}
            </button>
            <button
              type="button"
              class="button secondary"
              onClick={() => {
                setForm(Object.fromEntries(FILTERS.map((k) => [k, ''])) as Record<Filter, string>);
                navigate('/petugas', { replace: true });
              }}
            >
              {t('queue.reset')}
            </button>
          </div>
        </form>
      </FiltersPanel>
      {page.error !== undefined && <ErrorBox error={page.error} onRetry={page.reload} />}
      {page.loading && !page.data && <Loading />}
      {page.data && (
        <>
          <p role="status" class="muted">
            {page.loading
              ? t('common.loading')
              : tn(applied.sort === 'deadline' ? 'queue.count_deadline' : 'queue.count', items.length)}
            {cursor ? ` ${t('queue.more_available')}` : ''}
          </p>
          {bulk && selected.size > 0 && (
            <BulkBar
              selected={items.filter((c) => selected.has(c.tracking_code))}
              principal={props.principal}
              agencies={agencyList.data ?? []}
              onDone={(o) => {
                setOutcome(o);
                page.reload();
              }}
            />
          )}
          {outcome && <BulkOutcome outcome={outcome} />}
          <div class="table-scroll" tabIndex={0} role="region" aria-label={t('queue.table_label')}>
            {/* A table on a wide screen; on a phone each row is a card, its
                cells labelled (data-label), without sideways scrolling. */}
            <table class={bulk ? 'queue cards with-select' : 'queue cards'}>
              <thead>
                <tr>
                  {bulk && (
                    <th scope="col" class="select">
                      <label class="select-all">
                        <input
                          type="checkbox"
                          aria-label={t('bulk.select_all')}
                          checked={allSelected}
                          onChange={(e) => {
                            const on = e.currentTarget.checked;
                            setSelected(on ? new Set(choosable.map((c) => c.tracking_code)) : new Set());
                          }}
                        />
                        <span class="cards-only" aria-hidden="true">
                          {t('bulk.select_all_short')}
                        </span>
                      </label>
                    </th>
                  )}
                  <th scope="col">{t('case.code')}</th>
                  <th scope="col">{t('case.title')}</th>
                  <th scope="col">{t('case.status')}</th>
                  <th scope="col">{t('case.deadline')}</th>
                  <th scope="col">{t('case.service')}</th>
                  <th scope="col">{t('case.agency')}</th>
                  <th scope="col">{t('queue.district')}</th>
                  <th scope="col">{t('case.created')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.tracking_code}>
                    {bulk && !selectable(c) && <td class="select" />}
                    {bulk && selectable(c) && (
                      <td class="select">
                        <input
                          type="checkbox"
                          aria-label={t('bulk.select', { code: formatCode(c.tracking_code) })}
                          data-select={c.tracking_code}
                          checked={selected.has(c.tracking_code)}
                          onChange={(e) => toggle(c.tracking_code, e.currentTarget.checked)}
                        />
                      </td>
                    )}
                    <td class="code nowrap" data-cell="code">{formatCode(c.tracking_code)}</td>
                    <td data-cell="title">
                      <Link href={`/petugas/kasus/${c.tracking_code}`}>{c.title}</Link>
                      <span class="muted small"> · {label('kind', c.kind)}</span>
                    </td>
                    <td data-cell="status">
                      <StatusBadge status={c.status} />
                    </td>
                    <td data-cell="deadline">
                      {c.deadline.state !== 'none' || c.deadline.due_at ? (
                        <>
                          <DeadlineBadge deadline={c.deadline} />
                          {c.deadline.due_at && (
                            <span class="small nowrap" title={formatDateTime(c.deadline.due_at)}>
                              {' '}
                              {formatDate(c.deadline.due_at)}
                            </span>
                          )}
                        </>
                      ) : null}
                    </td>
                    <td data-cell="service" data-label={t('case.service')}>
                      {c.service_name || label('common', 'none')}
                    </td>
                    <td data-cell="agency" data-label={t('case.agency')}>
                      {c.agency_code ? agencyName(agencyList.data ?? [], c.agency_code) : null}
                    </td>
                    <td data-cell="district" data-label={t('queue.district')}>
                      {c.region_code ? districtName(c.region_code) : null}
                    </td>
                    <td class="nowrap" data-cell="created" data-label={t('case.created')}>
                      {formatDate(c.created_at)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {items.length === 0 && <p>{t('queue.empty')}</p>}
          {cursor && (
            <button type="button" class="button secondary" disabled={loadingMore} onClick={loadMore}>
              {t('queue.load_more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
