// The Pemda's agencies for its administrators (/petugas/admin/instansi): the
// OPD, kecamatan offices and other units cases are disposed to; add one,
// change one's name, kind, kecamatan or parent. The code never changes:
// services, officers and routing rules name the agency by it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type FieldProblem } from '../api';
import { agencyName, districts, forgetAgencies } from '../catalogue';
import { label, t, tn } from '../i18n';
import type { Agency, Region } from '../types';
import { AdminTable, ErrorBox, Field, fieldError, Loading, Notice, PageTitle, useAsync } from '../ui';
import { AdminNav, useUnauthenticated } from './admin';

// The kinds of unit the server accepts (app::AgencyKinds), in its order.
const KINDS = [
  'dinas',
  'badan',
  'kantor',
  'sekretariat',
  'bagian',
  'inspektorat',
  'satpol_pp',
  'bumd',
  'rsud',
  'puskesmas',
  'uptd',
  'kecamatan',
  'kelurahan',
  'lainnya',
] as const;

// The fields the forms show a server's complaint at.
const FORM_FIELDS = ['code', 'name', 'kind', 'region_code', 'parent_code'];

type Form = { name: string; kind: string; region_code: string; parent_code: string };

// A region's name from the kecamatan list; its code for one not in it (an
// agency registered on a kelurahan from the command line).
function regionName(list: Region[], code: string): string {
  return list.find((r) => r.code === code)?.name ?? code;
}

// A refusal that names none of the form's fields (a lost connection, a 404,
// a 5xx) goes into a box of its own; the others are said at their fields.
function serverSaidSomethingElse(error: unknown, fields: FieldProblem[], taken = false): boolean {
  return error !== null && !taken && !fields.some((f) => FORM_FIELDS.includes(f.field));
}

// Name, kind, kecamatan and parent: the fields the new agency's form and the
// editor share, with ids `${id}-name` and so on.
function AgencyFields(props: {
  id: string;
  form: Form;
  fields: FieldProblem[];
  self?: string;
  agencies: Agency[];
  districts: Region[];
  onChange: (form: Form) => void;
}) {
  const { id, form, fields } = props;
  const set = (key: keyof Form) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
    props.onChange({ ...form, [key]: e.currentTarget.value });
  // The hint and, after a refusal, the server's complaint.
  const describedBy = (field: string, name: string, hint: boolean) =>
    [hint ? `${id}-${field}-hint` : '', fieldError(fields, name) ? `${id}-${field}-error` : ''].filter((x) => x !== '').join(' ') ||
    undefined;
  const nameError = fieldError(fields, 'name');
  // An agency on a region that is not a kecamatan keeps it as an option.
  const otherRegion = form.region_code !== '' && !props.districts.some((r) => r.code === form.region_code);
  return (
    <>
      <Field id={`${id}-name`} label={t('agencies_admin.name')} hint={t('agencies_admin.name_hint')} error={nameError}>
        <input
          id={`${id}-name`}
          value={form.name}
          required
          maxLength={200}
          autocomplete="off"
          aria-describedby={describedBy('name', 'name', true)}
          aria-invalid={nameError ? true : undefined}
          onInput={set('name')}
        />
      </Field>
      <Field id={`${id}-kind`} label={t('agencies_admin.kind')} error={fieldError(fields, 'kind')}>
        <select id={`${id}-kind`} value={form.kind} aria-describedby={describedBy('kind', 'kind', false)} onChange={set('kind')}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {label('agency_kind', k)}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${id}-region`} label={t('agencies_admin.region')} hint={t('agencies_admin.region_hint')} error={fieldError(fields, 'region_code')}>
        <select id={`${id}-region`} value={form.region_code} aria-describedby={describedBy('region', 'region_code', true)} onChange={set('region_code')}>
          <option value="">{t('agencies_admin.no_region')}</option>
          {props.districts.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
          {otherRegion && <option value={form.region_code}>{form.region_code}</option>}
        </select>
      </Field>
      <Field id={`${id}-parent`} label={t('agencies_admin.parent')} hint={t('agencies_admin.parent_hint')} error={fieldError(fields, 'parent_code')}>
        <select id={`${id}-parent`} value={form.parent_code} aria-describedby={describedBy('parent', 'parent_code', true)} onChange={set('parent_code')}>
          <option value="">{t('agencies_admin.no_parent')}</option>
          {props.agencies
            .filter((a) => a.code !== props.self)
            .map((a) => (
              <option key={a.code} value={a.code}>
                {a.name} ({a.code})
              </option>
            ))}
        </select>
      </Field>
    </>
  );
}

// Changes one agency: the fields that differ from what the list showed are
// sent ("" clears the kecamatan or the parent). Escape or "Batal" closes it.
function EditAgency(props: {
  agency: Agency;
  agencies: Agency[];
  districts: Region[];
  onDone: (message: string) => void;
  onGone: (error: unknown) => void;
  onCancel: () => void;
  onUnauthenticated: () => void;
}) {
  const { agency } = props;
  const [form, setForm] = useState<Form>({
    name: agency.name,
    kind: agency.kind,
    region_code: agency.region_code,
    parent_code: agency.parent_code,
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [agency.code]);
  useUnauthenticated(error, props.onUnauthenticated);

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Partial<Form> = {};
      if (form.name.trim() !== agency.name) body.name = form.name.trim();
      if (form.kind !== agency.kind) body.kind = form.kind;
      if (form.region_code !== agency.region_code) body.region_code = form.region_code;
      if (form.parent_code !== agency.parent_code) body.parent_code = form.parent_code;
      const answer = await api<Agency>(`/api/v1/agencies/${encodeURIComponent(agency.code)}`, { method: 'PATCH', body, officer: true });
      props.onDone(t('agencies_admin.saved', { name: answer.data.name, code: answer.data.code }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) props.onGone(e);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <form
      class="card"
      onSubmit={save}
      aria-labelledby="edit-agency-title"
      data-edit={agency.code}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onCancel();
      }}
    >
      <h2 id="edit-agency-title" class="long-text" tabIndex={-1} ref={heading}>
        {t('agencies_admin.edit_title', { name: agency.name })}
      </h2>
      <p class="muted">{t('agencies_admin.code_fixed', { code: agency.code })}</p>
      <AgencyFields
        id="agency-edit"
        form={form}
        fields={fields}
        self={agency.code}
        agencies={props.agencies}
        districts={props.districts}
        onChange={setForm}
      />
      {serverSaidSomethingElse(error, fields) && <ErrorBox error={error} />}
      <div class="row">
        <button type="submit" class="button primary" disabled={busy}>
          {t('agencies_admin.save')}
        </button>
        <button type="button" class="button secondary" onClick={props.onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}

export function AgenciesAdmin({ onUnauthenticated }: { onUnauthenticated: () => void }) {
  const [tick, setTick] = useState(0);
  // Not the catalogue's copy of the page load, and not the browser's (the
  // list is public and cacheable): what the server has now.
  const list = useAsync(
    () => api<{ items: Agency[] }>('/api/v1/agencies', { cache: 'no-store' }).then((a) => a.data.items),
    [tick],
  );
  const kecamatan = useAsync(() => districts(), []);
  const blank: Form & { code: string } = { code: '', name: '', kind: 'dinas', region_code: '', parent_code: '' };
  const [form, setForm] = useState(blank);
  const [editing, setEditing] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  useUnauthenticated(error ?? list.error, onUnauthenticated);

  const changed = (message: string) => {
    forgetAgencies();
    setNotice(message);
    setTick((n) => n + 1);
  };
  const create = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const body: Record<string, string> = { code: form.code.trim().toUpperCase(), name: form.name.trim(), kind: form.kind };
      if (form.region_code) body.region_code = form.region_code;
      if (form.parent_code) body.parent_code = form.parent_code;
      const answer = await api<Agency>('/api/v1/agencies', { method: 'POST', body, officer: true });
      changed(t('agencies_admin.created', { name: answer.data.name, code: answer.data.code }));
      setForm({ ...blank, kind: form.kind });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const closeEditor = (code: string) => {
    setEditing('');
    // Back to the row's button the editor was opened with.
    requestAnimationFrame(() =>
      document.querySelector<HTMLButtonElement>(`tr[data-agency="${CSS.escape(code)}"] button[data-do="edit"]`)?.focus(),
    );
  };

  const fields = error instanceof ApiError ? error.fields : [];
  // A taken code is a 409 naming `code`: said with the agency that has it,
  // not as the generic "a rule has it".
  const taken = error instanceof ApiError && (error.status === 409 || fields.some((f) => f.field === 'code' && f.code === 'taken'));
  const holder = taken ? list.data?.find((a) => a.code === form.code.trim().toUpperCase()) : undefined;
  const codeError = taken
    ? holder
      ? t('agencies_admin.code_taken_by', { name: holder.name })
      : t('agencies_admin.code_taken')
    : fieldError(fields, 'code');
  const current = list.data?.find((a) => a.code === editing);

  return (
    <section>
      <AdminNav current="agencies" />
      <PageTitle>{t('agencies_admin.title')}</PageTitle>
      <p class="lead">{t('agencies_admin.lead')}</p>
      <Notice text={notice} />
      {serverSaidSomethingElse(error, fields, taken) && <ErrorBox error={error} />}
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.data && list.data.length === 0 && <p class="muted">{t('agencies_admin.empty')}</p>}
      {list.data && list.data.length > 0 && (
        <AdminTable
          label={t('agencies_admin.title')}
          caption={tn('agencies_admin.caption', list.data.length)}
          columns={[
            t('agencies_admin.code'),
            t('agencies_admin.name'),
            t('agencies_admin.kind'),
            t('agencies_admin.region'),
            t('agencies_admin.parent'),
            t('admin.actions'),
          ]}
          testid="agencies"
        >
          {list.data.map((a) => (
            <tr key={a.code} data-agency={a.code}>
              <td>
                <code class="nowrap">{a.code}</code>
              </td>
              <td>{a.name}</td>
              <td>{label('agency_kind', a.kind)}</td>
              <td>{a.region_code ? regionName(kecamatan.data ?? [], a.region_code) : '—'}</td>
              <td>{a.parent_code ? agencyName(list.data ?? [], a.parent_code) : '—'}</td>
              <td class="row-actions">
                <button
                  type="button"
                  class="button secondary small"
                  data-do="edit"
                  aria-label={t('agencies_admin.edit_named', { name: a.name })}
                  aria-expanded={a.code === editing}
                  onClick={() => {
                    setNotice('');
                    setEditing(a.code === editing ? '' : a.code);
                  }}
                >
                  {t('agencies_admin.edit')}
                </button>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      {current && (
        <EditAgency
          key={current.code}
          agency={current}
          agencies={list.data ?? []}
          districts={kecamatan.data ?? []}
          onDone={(message) => {
            closeEditor(current.code);
            changed(message);
          }}
          onGone={(e) => {
            setEditing('');
            setError(e);
            setTick((n) => n + 1);
          }}
          onCancel={() => closeEditor(current.code)}
          onUnauthenticated={onUnauthenticated}
        />
      )}
      <form class="card" onSubmit={create} aria-labelledby="new-agency-title">
        <h2 id="new-agency-title">{t('agencies_admin.new')}</h2>
        <Field id="agency-code" label={t('agencies_admin.code')} hint={t('agencies_admin.code_hint')} error={codeError}>
          <input
            id="agency-code"
            value={form.code}
            required
            maxLength={32}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            aria-describedby={codeError ? 'agency-code-hint agency-code-error' : 'agency-code-hint'}
            aria-invalid={codeError ? true : undefined}
            onInput={(e) => setForm({ ...form, code: e.currentTarget.value })}
          />
        </Field>
        <AgencyFields
          id="agency"
          form={form}
          fields={fields}
          agencies={list.data ?? []}
          districts={kecamatan.data ?? []}
          onChange={(f) => setForm({ ...form, ...f })}
        />
        <button type="submit" class="button primary" disabled={busy}>
          {t('agencies_admin.create')}
        </button>
      </form>
    </section>
  );
}
