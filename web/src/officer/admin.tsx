// Administration for the Pemda's administrators: officer accounts
// (/petugas/admin/pengguna) and the Pemda's own days off
// (/petugas/admin/kalender); the navigation to the other admin screens.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type FieldProblem } from '../api';
import { agencies, agencyName } from '../catalogue';
import { label, t, tn } from '../i18n';
import { formatDateTime } from '../format';
import { Link } from '../router';
import { AdminTable, ErrorBox, Field, fieldError, Loading, Notice, PageTitle, useAsync } from '../ui';

const ROLES = ['admin', 'verifier', 'agency_officer', 'agency_head', 'leader', 'auditor'] as const;
const AGENCY_ROLES = new Set(['agency_officer', 'agency_head']);

// The agency a role is given: its own for the agency roles, none otherwise.
export function agencyFor(role: string, agencyCode: string): string {
  return AGENCY_ROLES.has(role) ? agencyCode : '';
}

// The role of an account or an API key and, for the agency roles, its
// agency: fields `${id}-role` and `${id}-agency`, each with the server's
// complaint about "role" or "agency_code".
export function RoleFields(props: {
  id: string;
  role: string;
  agencyCode: string;
  agencies: { code: string; name: string }[] | undefined;
  fields: FieldProblem[];
  roleHint?: string;
  onRole: (role: string) => void;
  onAgency: (code: string) => void;
}) {
  return (
    <>
      <Field id={`${props.id}-role`} label={t('admin.role')} hint={props.roleHint} error={fieldError(props.fields, 'role')}>
        <select
          id={`${props.id}-role`}
          value={props.role}
          aria-describedby={props.roleHint ? `${props.id}-role-hint` : undefined}
          onChange={(e) => props.onRole(e.currentTarget.value)}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {label('role', r)}
            </option>
          ))}
        </select>
      </Field>
      {AGENCY_ROLES.has(props.role) && (
        <Field id={`${props.id}-agency`} label={t('admin.agency')} error={fieldError(props.fields, 'agency_code')}>
          <select id={`${props.id}-agency`} value={props.agencyCode} required onChange={(e) => props.onAgency(e.currentTarget.value)}>
            <option value="">{t('admin.choose_agency')}</option>
            {(props.agencies ?? []).map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
      )}
    </>
  );
}

interface User {
  username: string;
  role: string;
  agency_code: string;
  active: boolean;
  email: string;
  full_name: string;
}

interface CalendarDay {
  date: string;
  name: string;
  kind: string;
  source: string;
}

interface CalendarYear {
  year: number;
  covered: boolean;
  decree: string | null;
  installed: boolean;
  installed_at?: string;
  items: CalendarDay[];
}

// Installs (or replaces) a year's national days off from a file in the
// format of data/calendar/YYYY.json: next year's SKB 3 Menteri, before the
// server's files have it. Deadlines that waited for the year are counted
// by the server's next sweep.
function InstallYearForm({ year, replace, onInstalled }: { year: number; replace: boolean; onInstalled: (n: number) => void }) {
  const [error, setError] = useState<unknown>(null);
  const [notJson, setNotJson] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const file = (event.currentTarget as HTMLFormElement).querySelector<HTMLInputElement>('#year-file')?.files?.[0];
    if (!file) return;
    setError(null);
    setNotJson(false);
    let document: unknown;
    try {
      document = JSON.parse(await file.text());
    } catch {
      setNotJson(true);
      return;
    }
    setBusy(true);
    try {
      const answer = await api<CalendarYear>(`/api/v1/calendar/years/${year}`, { method: 'PUT', body: document, officer: true });
      onInstalled(answer.data.items.length);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <form class="card" onSubmit={submit} aria-labelledby="install-year-title" data-testid="install-year">
      <h2 id="install-year-title">{t(replace ? 'admin.replace_year_title' : 'admin.install_year_title', { year })}</h2>
      <p class="muted">{t('admin.install_year_hint')}</p>
      <Field id="year-file" label={t('admin.install_year_file')}>
        <input id="year-file" type="file" accept=".json,application/json" required />
      </Field>
      {notJson && (
        <p class="notice notice-error" role="alert">
          {t('admin.year_file_not_json')}
        </p>
      )}
      {error !== null && <ErrorBox error={error} />}
      {fields.length > 0 && (
        <ul class="field-problems">
          {fields.map((f) => (
            <li key={f.field}>
              <code>{f.field}</code>: {label('field_error', f.code, f.message)}
            </li>
          ))}
        </ul>
      )}
      <button type="submit" class="button primary" disabled={busy}>
        {t('admin.install_year_submit')}
      </button>
    </form>
  );
}

export function AdminNav({
  current,
}: {
  current: 'users' | 'agencies' | 'calendar' | 'services' | 'categories' | 'rules' | 'text' | 'api_keys' | 'webhooks' | 'surveys' | '';
}) {
  return (
    <nav class="admin-nav" aria-label={t('admin.nav_label')}>
      <Link href="/petugas">{t('officer.back_to_queue')}</Link>
      <Link href="/petugas/admin/pengguna" aria-current={current === 'users' ? 'page' : undefined}>
        {t('admin.users_title')}
      </Link>
      <Link href="/petugas/admin/instansi" aria-current={current === 'agencies' ? 'page' : undefined}>
        {t('admin.agencies_title')}
      </Link>
      <Link href="/petugas/admin/kalender" aria-current={current === 'calendar' ? 'page' : undefined}>
        {t('admin.calendar_title')}
      </Link>
      <Link href="/petugas/admin/layanan" aria-current={current === 'services' ? 'page' : undefined}>
        {t('admin.services_title')}
      </Link>
      <Link href="/petugas/admin/kategori" aria-current={current === 'categories' ? 'page' : undefined}>
        {t('admin.categories_title')}
      </Link>
      <Link href="/petugas/admin/aturan" aria-current={current === 'rules' ? 'page' : undefined}>
        {t('admin.rules_title')}
      </Link>
      <Link href="/petugas/admin/klasifikasi" aria-current={current === 'text' ? 'page' : undefined}>
        {t('admin.text_title')}
      </Link>
      <Link href="/petugas/admin/kunci-api" aria-current={current === 'api_keys' ? 'page' : undefined}>
        {t('admin.api_keys_title')}
      </Link>
      <Link href="/petugas/admin/webhook" aria-current={current === 'webhooks' ? 'page' : undefined}>
        {t('admin.webhooks_title')}
      </Link>
      <Link href="/petugas/admin/survei" aria-current={current === 'surveys' ? 'page' : undefined}>
        {t('admin.surveys_title')}
      </Link>
    </nav>
  );
}

// Back to the sign-in form when the session has expired (401).
export function useUnauthenticated(error: unknown, onUnauthenticated: () => void) {
  useEffect(() => {
    if (error instanceof ApiError && error.status === 401) onUnauthenticated();
  }, [error]);
}

export function UsersAdmin({ self, onUnauthenticated }: { self: string; onUnauthenticated: () => void }) {
  const [tick, setTick] = useState(0);
  const users = useAsync(() => api<{ items: User[] }>('/api/v1/users', { officer: true }).then((a) => a.data.items), [tick]);
  const agencyList = useAsync(() => agencies(), []);
  const [form, setForm] = useState({ username: '', full_name: '', password: '', role: 'verifier', agency_code: '', email: '' });
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  useUnauthenticated(users.error, onUnauthenticated);

  const change = async (username: string, body: Partial<User> & { password?: string }, done: string) => {
    setError(null);
    setNotice('');
    try {
      await api(`/api/v1/users/${encodeURIComponent(username)}`, { method: 'PATCH', body, officer: true });
      setNotice(done);
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  const create = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const body = { ...form, agency_code: agencyFor(form.role, form.agency_code) };
      await api('/api/v1/users', { method: 'POST', body, officer: true });
      setNotice(t('admin.user_created', { user: form.username }));
      setForm({ username: '', full_name: '', password: '', role: 'verifier', agency_code: '', email: '' });
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const resetPassword = (username: string) => {
    const password = window.prompt(t('admin.new_password_prompt', { user: username }));
    if (password) void change(username, { password }, t('admin.password_changed', { user: username }));
  };
  // The account whose full name is being edited in its row, and the draft.
  const [naming, setNaming] = useState<{ username: string; fullName: string } | null>(null);
  const rename = async (event: Event) => {
    event.preventDefault();
    if (!naming) return;
    await change(naming.username, { full_name: naming.fullName }, t('admin.name_changed', { user: naming.username }));
    setNaming(null);
  };
  const fields = error instanceof ApiError ? error.fields : [];
  const set = (key: keyof typeof form) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
    setForm({ ...form, [key]: e.currentTarget.value });

  return (
    <section>
      <AdminNav current="users" />
      <PageTitle>{t('admin.users_title')}</PageTitle>
      <Notice text={notice} />
      {error !== null && <ErrorBox error={error} />}
      {users.loading && <Loading />}
      {users.data && (
        <AdminTable
          label={t('admin.users_title')}
          caption={tn('admin.users_caption', users.data.length)}
          columns={[
            t('officer.username'),
            t('admin.full_name'),
            t('admin.role'),
            t('admin.agency'),
            t('admin.email'),
            t('admin.status'),
            t('admin.actions'),
          ]}
        >
          {users.data.map((u) => (
            <tr key={u.username} data-username={u.username}>
              <td>{u.username}</td>
              <td>
                {naming?.username === u.username ? (
                  <form class="inline-form" onSubmit={rename}>
                    <input
                      aria-label={t('admin.full_name_of', { user: u.username })}
                      value={naming.fullName}
                      maxLength={120}
                      autocomplete="off"
                      onInput={(e) => setNaming({ username: u.username, fullName: e.currentTarget.value })}
                    />
                    <button type="submit" class="button primary small">
                      {t('admin.save_name')}
                    </button>
                    <button type="button" class="button secondary small" onClick={() => setNaming(null)}>
                      {t('action.cancel')}
                    </button>
                  </form>
                ) : (
                  u.full_name || '—'
                )}
              </td>
              <td>{label('role', u.role)}</td>
              <td>{u.agency_code ? agencyName(agencyList.data ?? [], u.agency_code) : '—'}</td>
              <td>{u.email || '—'}</td>
              <td>{u.active ? t('admin.active') : t('admin.inactive')}</td>
              <td class="row-actions">
                {u.username !== self && (
                  <button
                    type="button"
                    class="button secondary small"
                    onClick={() =>
                      change(
                        u.username,
                        { active: !u.active },
                        t(u.active ? 'admin.user_deactivated' : 'admin.user_activated', { user: u.username }),
                      )
                    }
                  >
                    {u.active ? t('admin.deactivate') : t('admin.activate')}
                  </button>
                )}
                <button type="button" class="button secondary small" onClick={() => setNaming({ username: u.username, fullName: u.full_name })}>
                  {t('admin.change_name')}
                </button>
                <button type="button" class="button secondary small" onClick={() => resetPassword(u.username)}>
                  {t('admin.reset_password')}
                </button>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      <form class="card" onSubmit={create} aria-labelledby="new-user-title">
        <h2 id="new-user-title">{t('admin.new_user')}</h2>
        <Field id="new-username" label={t('officer.username')} hint={t('admin.username_hint')} error={fieldError(fields, 'username')}>
          <input id="new-username" value={form.username} required autocomplete="off" onInput={set('username')} />
        </Field>
        <Field id="new-full-name" label={t('admin.full_name')} hint={t('admin.full_name_hint')} error={fieldError(fields, 'full_name')}>
          <input id="new-full-name" value={form.full_name} maxLength={120} autocomplete="off" onInput={set('full_name')} />
        </Field>
        <Field id="new-password" label={t('officer.password')} hint={t('admin.password_hint')} error={fieldError(fields, 'password')}>
          <input id="new-password" type="password" value={form.password} required minLength={10} autocomplete="new-password" onInput={set('password')} />
        </Field>
        <RoleFields
          id="new"
          role={form.role}
          agencyCode={form.agency_code}
          agencies={agencyList.data}
          fields={fields}
          onRole={(role) => setForm({ ...form, role })}
          onAgency={(agency_code) => setForm({ ...form, agency_code })}
        />
        <Field id="new-email" label={t('admin.email')} hint={t('admin.email_hint')} error={fieldError(fields, 'email')}>
          <input id="new-email" type="email" value={form.email} autocomplete="off" onInput={set('email')} />
        </Field>
        <button type="submit" class="button primary" disabled={busy}>
          {t('admin.create_user')}
        </button>
      </form>
    </section>
  );
}

export function CalendarAdmin({ onUnauthenticated }: { onUnauthenticated: () => void }) {
  const [year, setYear] = useState(new Date().getFullYear());
  const [tick, setTick] = useState(0);
  const days = useAsync(
    () =>
      api<CalendarYear>(`/api/v1/calendar?year=${year}`, { officer: true }).then((a) => a.data),
    [year, tick],
  );
  const [form, setForm] = useState({ date: '', name: '', kind: 'regional' });
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  // The year of a day refused because that year has no national calendar
  // yet (the server says only "out of range" of the date): the
  // administrator is told to install that year first, and how.
  const [uncovered, setUncovered] = useState<number | null>(null);
  useUnauthenticated(error ?? days.error, onUnauthenticated);

  // `request` does the change and returns what to tell the administrator.
  const act = async (request: () => Promise<string>, date = '') => {
    setError(null);
    setNotice('');
    setUncovered(null);
    try {
      setNotice(await request());
      setTick((n) => n + 1);
    } catch (e) {
      setUncovered(await uncoveredYear(e, date));
      setError(e);
    }
  };
  // Adds or cancels a day off; the answer says how many running deadlines
  // the change moved (the cases' due days count working days).
  const postDay = async (body: Record<string, string>, done: string) => {
    const answer = await api<{ deadlines_moved?: number }>('/api/v1/calendar/days', { method: 'POST', body, officer: true });
    return withMoved(done, answer.data?.deadlines_moved);
  };
  const add = (event: Event) => {
    event.preventDefault();
    void act(() => postDay(form, t('admin.day_added', { date: form.date })), form.date);
  };
  const fields = error instanceof ApiError ? error.fields : [];
  const uncoveredText = uncovered === null ? undefined : t('admin.day_year_not_installed', { year: uncovered });
  const openUncovered = () => {
    if (uncovered === null) return;
    setYear(uncovered);
    setError(null);
    setUncovered(null);
  };

  return (
    <section>
      <AdminNav current="calendar" />
      <PageTitle>{t('admin.calendar_title')}</PageTitle>
      <p>{t('admin.calendar_lead')}</p>
      <div class="year-switch">
        <button type="button" class="button secondary small" onClick={() => setYear(year - 1)}>
          {t('admin.year_previous')}
        </button>
        <strong aria-live="polite">{year}</strong>
        <button type="button" class="button secondary small" onClick={() => setYear(year + 1)}>
          {t('admin.year_next')}
        </button>
      </div>
      <Notice text={notice} />
      {error !== null && (
        <ErrorBox error={error} text={uncoveredText}>
          {uncovered !== null && (
            <button type="button" class="button secondary" onClick={openUncovered}>
              {t('admin.open_year', { year: uncovered })}
            </button>
          )}
        </ErrorBox>
      )}
      {days.loading && <Loading />}
      {days.error !== undefined && <ErrorBox error={days.error} onRetry={days.reload} />}
      {days.data && !days.data.covered && (
        <p class="notice notice-warning">{t('admin.year_not_covered', { year })}</p>
      )}
      {days.data && days.data.covered && days.data.decree && (
        <p class="muted" data-testid="year-decree">
          {t('admin.year_decree', { decree: days.data.decree })}
          {days.data.installed && days.data.installed_at && (
            <> {t('admin.year_installed_at', { date: formatDateTime(days.data.installed_at) })}</>
          )}
        </p>
      )}
      {days.data && days.data.covered && (
        <AdminTable
          label={t('admin.calendar_title')}
          caption={t('admin.days_caption', { year, n: days.data.items.length })}
          columns={[
            t('admin.date'),
            t('admin.day_name'),
            t('admin.day_kind'),
            t('admin.day_source'),
            t('admin.actions'),
          ]}
        >
          {days.data.items.map((d) => (
            <tr key={d.date} data-date={d.date} class={d.source === 'cancelled' ? 'muted' : undefined}>
              <td>{d.date}</td>
              <td>{d.name}</td>
              <td>{label('daykind', d.kind)}</td>
              <td>{label('daysource', d.source)}</td>
              <td class="row-actions">
                {d.source === 'national' ? (
                  <button
                    type="button"
                    class="button secondary small"
                    onClick={() =>
                      act(() =>
                        postDay({ date: d.date, name: d.name, kind: 'cancelled' }, t('admin.day_cancelled', { date: d.date })),
                      )
                    }
                  >
                    {t('admin.cancel_day')}
                  </button>
                ) : (
                  <button
                    type="button"
                    class="button secondary small"
                    onClick={() =>
                      act(async () => {
                        const answer = await api<{ deadlines_moved?: number }>(`/api/v1/calendar/days/${d.date}`, {
                          method: 'DELETE',
                          officer: true,
                        });
                        return withMoved(t('admin.day_removed', { date: d.date }), answer.data?.deadlines_moved);
                      })
                    }
                  >
                    {d.source === 'regional' ? t('admin.remove_day') : t('admin.restore_day')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      {days.data && (!days.data.covered || days.data.installed) && (
        <InstallYearForm
          key={year}
          year={year}
          replace={days.data.covered}
          onInstalled={(n) => {
            setError(null);
            setNotice(tn('admin.year_installed', n, { year }));
            setTick((k) => k + 1);
          }}
        />
      )}
      <form class="card" onSubmit={add} aria-labelledby="new-day-title">
        <h2 id="new-day-title">{t('admin.new_day')}</h2>
        <Field id="day-date" label={t('admin.date')} error={uncoveredText ?? fieldError(fields, 'date')}>
          <input id="day-date" type="date" value={form.date} required onInput={(e) => setForm({ ...form, date: e.currentTarget.value })} />
        </Field>
        <Field id="day-name" label={t('admin.day_name')} hint={t('admin.day_name_hint')} error={fieldError(fields, 'name')}>
          <input id="day-name" value={form.name} required maxLength={200} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        </Field>
        <Field id="day-kind" label={t('admin.day_kind')} error={fieldError(fields, 'kind')}>
          <select id="day-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.currentTarget.value })}>
            {['regional', 'libur_nasional', 'cuti_bersama'].map((k) => (
              <option key={k} value={k}>
                {label('daykind', k)}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class="button primary">
          {t('admin.add_day')}
        </button>
      </form>
    </section>
  );
}

// The year of `date`, a day off refused, when that year has no
// national calendar installed: the server refuses such a date as
// `no_calendar` (`out_of_range` before), and the year's coverage is asked
// to offer the way to install it.
async function uncoveredYear(error: unknown, date: string): Promise<number | null> {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const refused = (f: FieldProblem) => f.field === 'date' && (f.code === 'no_calendar' || f.code === 'out_of_range');
  if (!error.fields.some(refused)) return null;
  const year = Number(date.slice(0, 4));
  if (!Number.isInteger(year) || year < 1) return null;
  try {
    const answer = await api<CalendarYear>(`/api/v1/calendar?year=${year}`, { officer: true });
    return answer.data.covered ? null : year;
  } catch {
    return null;
  }
}

// `done`, followed by how many running deadlines the calendar change moved.
function withMoved(done: string, moved: number | undefined): string {
  if (typeof moved !== 'number') return done;
  return `${done} ${moved === 0 ? t('admin.deadlines_moved_none') : tn('admin.deadlines_moved', moved)}`;
}
