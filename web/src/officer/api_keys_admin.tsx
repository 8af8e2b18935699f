// API keys for the Pemda's administrators (/petugas/admin/kunci-api): the
// keys other systems (Open311 clients, SP4N-LAPOR! bridges, an agency's own
// application) use instead of an officer's session, each with a role; create
// one (the key is shown this once), revoke one. Revoked keys stay listed.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { agencies, agencyName } from '../catalogue';
import { formatDateTime } from '../format';
import { label, t, tn } from '../i18n';
import { ActorName, actorText } from '../timeline';
import { AdminTable, ErrorBox, Field, fieldError, Loading, Notice, PageTitle, useAsync } from '../ui';
import { AdminNav, agencyFor, RoleFields, useUnauthenticated } from './admin';
import { ConfirmedButton, ShownOnce } from './admin_parts';

// The fields the form shows a server's complaint at.
const FORM_FIELDS = ['name', 'role', 'agency_code'];

interface ApiKey {
  name: string;
  role: string;
  agency_code: string;
  hint: string;
  created_at: string | null;
  created_by: string;
  created_by_name?: string;  // the officer's full name, when they have one
  revoked_at: string | null;
  revoked_by: string;
  revoked_by_name?: string;
}

function State({ k }: { k: ApiKey }) {
  if (!k.revoked_at) return <span class="badge key-active">{t('admin.active')}</span>;
  const date = formatDateTime(k.revoked_at);
  if (!k.revoked_by) return <span>{t('api_keys.revoked', { date })}</span>;
  return (
    <span>{t('api_keys.revoked_by', { date, who: actorText(k.revoked_by, k.revoked_by_name) })}</span>
  );
}

export function ApiKeysAdmin({ onUnauthenticated }: { onUnauthenticated: () => void }) {
  const [tick, setTick] = useState(0);
  const keys = useAsync(
    () =>
      api<{ items: ApiKey[] }>('/api/v1/api-keys', { officer: true }).then((a) =>
        // Active keys first, each group by name as the server sends them.
        [...a.data.items].sort((x, y) => Number(x.revoked_at !== null) - Number(y.revoked_at !== null)),
      ),
    [tick],
  );
  const agencyList = useAsync(() => agencies(), []);
  const [form, setForm] = useState({ name: '', role: 'verifier', agency_code: '' });
  const [created, setCreated] = useState<(ApiKey & { key: string }) | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  useUnauthenticated(error ?? keys.error, onUnauthenticated);

  const create = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNotice('');
    setCreated(null);
    try {
      const body = { name: form.name.trim(), role: form.role, agency_code: agencyFor(form.role, form.agency_code) };
      const answer = await api<ApiKey & { key: string }>('/api/v1/api-keys', { method: 'POST', body, officer: true });
      setCreated(answer.data);
      setForm({ name: '', role: form.role, agency_code: form.agency_code });
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (name: string) => {
    setError(null);
    setNotice('');
    try {
      await api(`/api/v1/api-keys/${encodeURIComponent(name)}`, { method: 'DELETE', officer: true });
      if (created?.name === name) setCreated(null);
      setNotice(t('api_keys.revoked_notice', { name }));
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.status === 404) setTick((n) => n + 1);
    }
  };

  const fields = error instanceof ApiError ? error.fields : [];
  // A taken name is a 409 naming `name`; said here, not as "a rule has it".
  const taken = error instanceof ApiError && (error.status === 409 || fields.some((f) => f.field === 'name' && f.code === 'taken'));
  const nameError = taken ? t('api_keys.name_taken') : fieldError(fields, 'name');
  const set = (key: keyof typeof form) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
    setForm({ ...form, [key]: e.currentTarget.value });

  return (
    <section>
      <AdminNav current="api_keys" />
      <PageTitle>{t('api_keys.title')}</PageTitle>
      <p class="lead">{t('api_keys.lead')}</p>
      <Notice text={notice} />
      {created && (
        <ShownOnce
          id="api-key-created"
          title={t('api_keys.created_title', { name: created.name })}
          once={t('api_keys.once')}
          label={t('api_keys.key')}
          value={created.key}
          help={t('api_keys.use_help')}
          what={t('api_keys.key_short')}
          dismiss={t('api_keys.dismiss')}
          onDismiss={() => setCreated(null)}
        />
      )}
      {error !== null && !taken && !fields.some((f) => FORM_FIELDS.includes(f.field)) && <ErrorBox error={error} />}
      {keys.loading && <Loading />}
      {keys.error !== undefined && <ErrorBox error={keys.error} onRetry={keys.reload} />}
      {keys.data && keys.data.length === 0 && <p class="muted">{t('api_keys.empty')}</p>}
      {keys.data && keys.data.length > 0 && (
        <AdminTable
          label={t('api_keys.title')}
          caption={tn('api_keys.caption', keys.data.length, { active: keys.data.filter((k) => !k.revoked_at).length })}
          columns={[
            t('api_keys.name'),
            t('admin.role'),
            t('admin.agency'),
            t('api_keys.key'),
            t('api_keys.created'),
            t('admin.status'),
            t('admin.actions'),
          ]}
          testid="api-keys"
        >
          {keys.data.map((k) => (
            <tr key={`${k.name} ${k.created_at ?? ""}`} data-key={k.name} class={k.revoked_at ? 'muted' : undefined}>
              <td>{k.name}</td>
              <td>{label('role', k.role)}</td>
              <td>{k.agency_code ? agencyName(agencyList.data ?? [], k.agency_code) : '—'}</td>
              <td>{k.hint ? <code class="nowrap">{`sgp_…${k.hint}`}</code> : '—'}</td>
              <td>
                {k.created_at ? formatDateTime(k.created_at) : '—'}
                {k.created_by && (
                  <span class="muted">
                    {' · '}
                    <ActorName actor={k.created_by} name={k.created_by_name} />
                  </span>
                )}
              </td>
              <td data-testid="api-key-state">
                <State k={k} />
              </td>
              <td>
                {!k.revoked_at && (
                  <ConfirmedButton
                    label={t('api_keys.revoke')}
                    ariaLabel={t('api_keys.revoke_named', { name: k.name })}
                    action="revoke"
                    question={t('api_keys.revoke_confirm', { name: k.name })}
                    yes={t('api_keys.revoke_yes')}
                    onConfirm={() => revoke(k.name)}
                  />
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      <form class="card" onSubmit={create} aria-labelledby="new-api-key-title">
        <h2 id="new-api-key-title">{t('api_keys.new')}</h2>
        <Field id="key-name" label={t('api_keys.name')} hint={t('api_keys.name_hint')} error={nameError}>
          <input
            id="key-name"
            value={form.name}
            required
            maxLength={64}
            pattern="[A-Za-z0-9._\-]+"
            title={t('api_keys.name_hint')}
            autocomplete="off"
            spellcheck={false}
            aria-describedby={nameError ? 'key-name-hint key-name-error' : 'key-name-hint'}
            aria-invalid={nameError ? true : undefined}
            onInput={set('name')}
          />
        </Field>
        <RoleFields
          id="key"
          role={form.role}
          agencyCode={form.agency_code}
          agencies={agencyList.data}
          fields={fields}
          roleHint={t('api_keys.role_hint')}
          onRole={(role) => setForm({ ...form, role })}
          onAgency={(agency_code) => setForm({ ...form, agency_code })}
        />
        <button type="submit" class="button primary" disabled={busy}>
          {t('api_keys.create')}
        </button>
      </form>
    </section>
  );
}
