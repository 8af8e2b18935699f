// The service catalogue for the Pemda's administrators (/petugas/admin/layanan):
// list services, create one with its first Standar Pelayanan, publish a new
// version of a standard with a change note, view a standard's history, retire
// or reactivate a service.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type FieldProblem } from '../api';
import { agencies, agencyName } from '../catalogue';
import { formatDateTime } from '../format';
import { label, t, tn, type Key } from '../i18n';
import type { Service, Standard } from '../types';
import { AdminTable, ErrorBox, Field, fieldError, Loading, Notice, PageTitle, useAsync } from '../ui';
import { AdminNav } from './admin';
import { ActorName } from '../timeline';

const KINDS = ['complaint', 'request', 'aspiration', 'information'] as const;
const PUBLISHED = ['cost', 'product', 'complaint_channel'] as const;
const INTERNAL = [
  'legal_basis',
  'facilities',
  'staff_competence',
  'internal_supervision',
  'staffing',
  'guarantee',
  'security_assurance',
  'performance_evaluation',
] as const;

type Internal = Record<(typeof INTERNAL)[number], string>;
interface FullStandard extends Standard {
  internal: Internal;
  changed_by?: string;
  changed_by_name?: string;  // the officer's full name, when they have one
  change_note?: string;
}
interface AdminService extends Omit<Service, 'standard'> {
  standard: FullStandard;
}

// The standard as the form edits it: lists one item a line, questions as JSON.
interface StandardForm {
  requirements: string;
  procedure: string;
  completion_days: string;
  cost: string;
  product: string;
  complaint_channel: string;
  internal: Internal;
  attributes: string;
  change_note: string;
}

function emptyForm(): StandardForm {
  const internal = Object.fromEntries(INTERNAL.map((k) => [k, ''])) as Internal;
  return { requirements: '', procedure: '', completion_days: '', cost: '', product: '', complaint_channel: '', internal, attributes: '[]', change_note: '' };
}

function toForm(s: FullStandard): StandardForm {
  return {
    requirements: s.requirements.join('\n'),
    procedure: s.procedure.join('\n'),
    completion_days: String(s.completion_days),
    cost: s.cost,
    product: s.product,
    complaint_channel: s.complaint_channel,
    internal: { ...s.internal },
    attributes: JSON.stringify(s.attributes ?? [], null, 2),
    change_note: '',
  };
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

// The JSON body of a standard; throws a field problem when the questions are not JSON.
function toBody(f: StandardForm) {
  let attributes: unknown;
  try {
    attributes = JSON.parse(f.attributes || '[]');
  } catch {
    throw new ApiError(422, '', t('services_admin.attributes_invalid'), [{ field: 'attributes', code: 'invalid_json', message: '' }], {});
  }
  return {
    requirements: lines(f.requirements),
    procedure: lines(f.procedure),
    completion_days: Number.parseInt(f.completion_days, 10) || 0,
    cost: f.cost,
    product: f.product,
    complaint_channel: f.complaint_channel,
    internal: f.internal,
    attributes,
    change_note: f.change_note,
  };
}

// The 14 components (and the questions) of one standard. `prefix` is how the
// server names its fields ("standard." when creating a service).
function StandardFields(props: { id: string; form: StandardForm; onChange: (f: StandardForm) => void; fields: FieldProblem[]; prefix: string; noteRequired: boolean }) {
  const { id, form, onChange, fields, prefix } = props;
  const err = (name: string) => fieldError(fields, prefix + name) ?? fields.find((f) => f.field.startsWith(`${prefix}${name}[`))?.message;
  const text = (name: string, key: Key, value: string, set: (v: string) => void, rows = 2) => {
    const htmlId = `${id}-${name.replace('.', '-')}`;
    return (
      <Field id={htmlId} label={t(key)} error={err(name)}>
        <textarea id={htmlId} rows={rows} value={value} onInput={(e) => set(e.currentTarget.value)} />
      </Field>
    );
  };
  return (
    <>
      <h3>{t('services_admin.published_components')}</h3>
      {text('requirements', 'services_admin.requirements', form.requirements, (v) => onChange({ ...form, requirements: v }), 3)}
      {text('procedure', 'services_admin.procedure', form.procedure, (v) => onChange({ ...form, procedure: v }), 3)}
      <Field id={`${id}-completion_days`} label={t('services_admin.completion_days')} hint={t('services_admin.completion_days_hint')} error={err('completion_days')}>
        <input id={`${id}-completion_days`} type="number" min={1} max={60} required value={form.completion_days} onInput={(e) => onChange({ ...form, completion_days: e.currentTarget.value })} />
      </Field>
      {PUBLISHED.map((name) => text(name, `services_admin.${name}` as Key, form[name], (v) => onChange({ ...form, [name]: v })))}
      <h3>{t('services_admin.internal_components')}</h3>
      {INTERNAL.map((name) =>
        text(`internal.${name}`, `services_admin.${name}` as Key, form.internal[name], (v) => onChange({ ...form, internal: { ...form.internal, [name]: v } })),
      )}
      {text('attributes', 'services_admin.attributes', form.attributes, (v) => onChange({ ...form, attributes: v }), 4)}
      <Field id={`${id}-change_note`} label={t('services_admin.change_note')} hint={t('services_admin.change_note_hint')} error={err('change_note')}>
        <input id={`${id}-change_note`} value={form.change_note} required={props.noteRequired} onInput={(e) => onChange({ ...form, change_note: e.currentTarget.value })} />
      </Field>
    </>
  );
}

// Publishes a new version of one service's standard; shows its history.
function StandardEditor({ service, onDone }: { service: AdminService; onDone: (message: string) => void }) {
  const code = encodeURIComponent(service.code);
  const [form, setForm] = useState(() => toForm(service.standard));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const history = useAsync(() => api<{ items: FullStandard[] }>(`/api/v1/services/${code}/standards`, { officer: true }).then((a) => a.data.items), [code, tick]);
  useEffect(() => setForm(toForm(service.standard)), [service.code]);
  const publish = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api<FullStandard>(`/api/v1/services/${code}/standard`, { method: 'PUT', body: toBody(form), officer: true });
      setTick((n) => n + 1);
      setForm({ ...form, change_note: '' });
      onDone(t('services_admin.version_published', { service: service.name, version: answer.data.version }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <div class="card" id="standard-editor">
      <h2>{t('services_admin.edit_title', { service: service.name, version: service.standard.version })}</h2>
      {error !== null && <ErrorBox error={error} />}
      <form onSubmit={publish}>
        <StandardFields id="edit" form={form} onChange={setForm} fields={fields} prefix="" noteRequired />
        <button type="submit" class="button primary" disabled={busy}>
          {t('services_admin.publish')}
        </button>
      </form>
      <h3>{t('services_admin.history')}</h3>
      {history.loading && <Loading />}
      {history.data && (
        <ol class="standard-history" reversed>
          {history.data.map((s) => (
            <li key={s.version} data-version={s.version}>
              <strong>{t('services_admin.version', { version: s.version })}</strong> · {formatDateTime(s.effective_from)} ·{' '}
              {tn('services_admin.days', s.completion_days)} · {s.changed_by ? <ActorName actor={s.changed_by} name={s.changed_by_name} /> : '—'}
              <br />
              <span class="muted">{s.change_note || '—'}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function ServicesAdmin({ onUnauthenticated }: { onUnauthenticated: () => void }) {
  const [tick, setTick] = useState(0);
  const list = useAsync(() => api<{ items: AdminService[] }>('/api/v1/services?all=true', { officer: true }).then((a) => a.data.items), [tick]);
  const agencyList = useAsync(() => agencies(), []);
  const [editing, setEditing] = useState('');
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const blank = { code: '', name: '', agency_code: '', group: '', description: '', keywords: '', kinds: ['complaint'] as string[] };
  const [svc, setSvc] = useState(blank);
  const [standard, setStandard] = useState(emptyForm);
  useEffect(() => {
    if (list.error instanceof ApiError && list.error.status === 401) onUnauthenticated();
  }, [list.error]);

  const done = (message: string) => {
    setNotice(message);
    setTick((n) => n + 1);
  };
  const setActive = async (s: AdminService, active: boolean) => {
    setError(null);
    setNotice('');
    try {
      await api(`/api/v1/services/${encodeURIComponent(s.code)}`, { method: 'PATCH', body: { active }, officer: true });
      done(t(active ? 'services_admin.reactivated' : 'services_admin.retired_done', { service: s.name }));
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
      const body = { ...svc, code: svc.code.trim().toUpperCase(), keywords: svc.keywords.split(',').map((k) => k.trim()).filter((k) => k !== ''), standard: toBody(standard) };
      await api('/api/v1/services', { method: 'POST', body, officer: true });
      done(t('services_admin.created', { service: svc.name }));
      setSvc(blank);
      setStandard(emptyForm());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const fields = error instanceof ApiError ? error.fields : [];
  const set = (key: 'code' | 'name' | 'agency_code' | 'group' | 'description' | 'keywords') => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
    setSvc({ ...svc, [key]: e.currentTarget.value });
  const toggleKind = (kind: string) =>
    setSvc({ ...svc, kinds: svc.kinds.includes(kind) ? svc.kinds.filter((k) => k !== kind) : [...svc.kinds, kind] });
  const current = list.data?.find((s) => s.code === editing);

  return (
    <section>
      <AdminNav current="services" />
      <PageTitle>{t('services_admin.title')}</PageTitle>
      <p class="lead">{t('services_admin.lead')}</p>
      <Notice text={notice} />
      {error !== null && <ErrorBox error={error} />}
      {list.loading && <Loading />}
      {list.data && (
        <AdminTable
          label={t('services_admin.title')}
          caption={tn('services_admin.caption', list.data.length)}
          columns={[
            t('services_admin.code'),
            t('services_admin.name'),
            t('admin.agency'),
            t('services_admin.group'),
            t('services_admin.standard'),
            t('admin.status'),
            t('admin.actions'),
          ]}
        >
          {list.data.map((s) => (
            <tr key={s.code} data-service={s.code}>
              <td>{s.code}</td>
              <td>{s.name}</td>
              <td>{agencyName(agencyList.data ?? [], s.agency_code)}</td>
              <td>{s.group}</td>
              <td>
                {t('services_admin.version', { version: s.standard.version })} · {tn('services_admin.days', s.standard.completion_days)}
              </td>
              <td>{s.active ? t('admin.active') : t('services_admin.retired')}</td>
              <td class="row-actions">
                <button type="button" class="button secondary small" onClick={() => setEditing(s.code)}>
                  {t('services_admin.edit_standard')}
                </button>
                <button type="button" class="button secondary small" onClick={() => setActive(s, !s.active)}>
                  {s.active ? t('services_admin.retire') : t('services_admin.reactivate')}
                </button>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      {current && <StandardEditor service={current} onDone={done} />}
      <form class="card" onSubmit={create} aria-labelledby="new-service-title">
        <h2 id="new-service-title">{t('services_admin.new_service')}</h2>
        <Field id="svc-code" label={t('services_admin.code')} hint={t('services_admin.code_hint')} error={fieldError(fields, 'code')}>
          <input id="svc-code" value={svc.code} required autocomplete="off" onInput={set('code')} />
        </Field>
        <Field id="svc-name" label={t('services_admin.name')} error={fieldError(fields, 'name')}>
          <input id="svc-name" value={svc.name} required onInput={set('name')} />
        </Field>
        <Field id="svc-agency" label={t('admin.agency')} error={fieldError(fields, 'agency_code')}>
          <select id="svc-agency" value={svc.agency_code} required onChange={set('agency_code')}>
            <option value="">{t('admin.choose_agency')}</option>
            {(agencyList.data ?? []).map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="svc-group" label={t('services_admin.group')} error={fieldError(fields, 'group')}>
          <input id="svc-group" value={svc.group} required onInput={set('group')} />
        </Field>
        <Field id="svc-description" label={t('services_admin.description')} error={fieldError(fields, 'description')}>
          <input id="svc-description" value={svc.description} onInput={set('description')} />
        </Field>
        <Field id="svc-keywords" label={t('services_admin.keywords')} hint={t('services_admin.keywords_hint')} error={fieldError(fields, 'keywords')}>
          <input id="svc-keywords" value={svc.keywords} onInput={set('keywords')} />
        </Field>
        <fieldset class={fieldError(fields, 'kinds') ? 'field has-error' : 'field'}>
          <legend>{t('services_admin.kinds')}</legend>
          {KINDS.map((k) => (
            <label key={k} class="checkbox">
              <input type="checkbox" name="svc-kinds" value={k} checked={svc.kinds.includes(k)} onChange={() => toggleKind(k)} /> {label('kind', k)}
            </label>
          ))}
          {fieldError(fields, 'kinds') && <p class="field-error">{fieldError(fields, 'kinds')}</p>}
        </fieldset>
        <StandardFields id="new" form={standard} onChange={setStandard} fields={fields} prefix="standard." noteRequired={false} />
        <button type="submit" class="button primary" disabled={busy}>
          {t('services_admin.create')}
        </button>
      </form>
    </section>
  );
}
