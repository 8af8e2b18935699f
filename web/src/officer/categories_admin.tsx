// The category taxonomy for the Pemda's administrators (/petugas/admin/kategori,
// issue 8): the tree of main categories and their sub-categories, add one,
// rename or move one, retire or reactivate one. Retired categories stay for
// the cases that have them but are no longer offered.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { categoryGroups } from '../catalogue';
import { t, tn } from '../i18n';
import type { Category } from '../types';
import { ErrorBox, Field, fieldError, Loading, Notice, PageTitle, useAsync } from '../ui';
import { AdminNav } from './admin';

// Renames a category and, for a sub-category, moves it under another main one.
function EditForm(props: { category: Category; mains: Category[]; onDone: (message: string) => void; onCancel: () => void }) {
  const { category } = props;
  const [name, setName] = useState(category.name);
  const [parent, setParent] = useState(category.parent_code);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { name };
      if (category.parent_code !== '') body.parent_code = parent;
      await api(`/api/v1/categories/${encodeURIComponent(category.code)}`, { method: 'PATCH', body, officer: true });
      props.onDone(t('categories_admin.saved', { category: name }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <form class="inline-form" onSubmit={save} data-edit={category.code}>
      <Field id={`cat-name-${category.code}`} label={t('categories_admin.name')} error={fieldError(fields, 'name')}>
        <input id={`cat-name-${category.code}`} value={name} required maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      {category.parent_code !== '' && (
        <Field id={`cat-parent-${category.code}`} label={t('categories_admin.parent')} error={fieldError(fields, 'parent_code')}>
          <select id={`cat-parent-${category.code}`} value={parent} onChange={(e) => setParent(e.currentTarget.value)}>
            {props.mains.map((m) => (
              <option key={m.code} value={m.code}>
                {m.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      {error !== null && fields.length === 0 && <ErrorBox error={error} />}
      <div class="row">
        <button type="submit" class="button primary small" disabled={busy}>
          {t('categories_admin.save')}
        </button>
        <button type="button" class="button secondary small" onClick={props.onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}

function Row(props: {
  category: Category;
  mains: Category[];
  editing: boolean;
  onEdit: () => void;
  onActive: (active: boolean) => void;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { category } = props;
  return (
    <div class={category.active ? 'category-row' : 'category-row retired'} data-category={category.code}>
      <span class="category-name">{category.name}</span> <code class="muted">{category.code}</code>{' '}
      {!category.active && <span class="badge">{t('categories_admin.retired')}</span>}
      <span class="row-actions">
        <button type="button" class="button secondary small" data-do="edit" onClick={props.onEdit}>
          {t('categories_admin.edit')}
        </button>
        <button type="button" class="button secondary small" data-do={category.active ? 'retire' : 'reactivate'} onClick={() => props.onActive(!category.active)}>
          {category.active ? t('categories_admin.retire') : t('categories_admin.reactivate')}
        </button>
      </span>
      {props.editing && <EditForm category={category} mains={props.mains} onDone={props.onDone} onCancel={props.onCancel} />}
    </div>
  );
}

export function CategoriesAdmin({ onUnauthenticated }: { onUnauthenticated: () => void }) {
  const [tick, setTick] = useState(0);
  const list = useAsync(() => api<{ items: Category[] }>('/api/v1/categories?all=1', { officer: true }).then((a) => a.data.items), [tick]);
  const [editing, setEditing] = useState('');
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState({ name: '', parent_code: '', code: '' });
  // The main categories folded open, kept across reloads of the list.
  const [opened, setOpened] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (list.error instanceof ApiError && list.error.status === 401) onUnauthenticated();
  }, [list.error]);

  const done = (message: string) => {
    setEditing('');
    setNotice(message);
    setTick((n) => n + 1);
  };
  const setActive = async (c: Category, active: boolean) => {
    setError(null);
    setNotice('');
    try {
      await api(`/api/v1/categories/${encodeURIComponent(c.code)}`, { method: 'PATCH', body: { active }, officer: true });
      done(t(active ? 'categories_admin.reactivated' : 'categories_admin.retired_done', { category: c.name }));
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
      const body: Record<string, unknown> = { name: form.name.trim(), parent_code: form.parent_code };
      if (form.code.trim()) body.code = form.code.trim().toUpperCase();
      await api('/api/v1/categories', { method: 'POST', body, officer: true });
      done(t('categories_admin.created', { category: form.name.trim() }));
      setForm({ name: '', parent_code: form.parent_code, code: '' });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const fields = error instanceof ApiError ? error.fields : [];
  const groups = categoryGroups(list.data ?? []);
  const mains = groups.map((g) => g.main);
  const row = (c: Category) => (
    <Row
      category={c}
      mains={mains}
      editing={editing === c.code}
      onEdit={() => setEditing(editing === c.code ? '' : c.code)}
      onActive={(active) => void setActive(c, active)}
      onDone={done}
      onCancel={() => setEditing('')}
    />
  );

  return (
    <section>
      <AdminNav current="categories" />
      <PageTitle>{t('categories_admin.title')}</PageTitle>
      <p class="lead">{t('categories_admin.lead')}</p>
      <Notice text={notice} />
      {error !== null && fields.length === 0 && <ErrorBox error={error} />}
      {list.loading && <Loading />}
      {list.data && list.data.length === 0 && <p class="muted">{t('categories_admin.empty')}</p>}
      {list.data && list.data.length > 0 && (
        <>
          <p class="muted">{t('categories_admin.caption', { main: mains.length, n: list.data.length })}</p>
          <ul class="category-tree" aria-label={t('categories_admin.title')}>
            {groups.map(({ main, subs }) => (
              <li key={main.code}>
                <details
                  open={opened.has(main.code)}
                  data-main={main.code}
                  onToggle={(e) => {
                    const open = e.currentTarget.open;
                    setOpened((o) => {
                      if (open === o.has(main.code)) return o;
                      const next = new Set(o);
                      if (open) next.add(main.code);
                      else next.delete(main.code);
                      return next;
                    });
                  }}
                >
                  <summary>
                    {main.name} <span class="muted">({tn('categories_admin.subs', subs.length)})</span>
                    {!main.active && <span class="badge">{t('categories_admin.retired')}</span>}
                  </summary>
                  {row(main)}
                  <ul>
                    {subs.map((s) => (
                      <li key={s.code}>{row(s)}</li>
                    ))}
                  </ul>
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
      <form class="card" onSubmit={create} aria-labelledby="new-category-title">
        <h2 id="new-category-title">{t('categories_admin.new')}</h2>
        <Field id="cat-new-parent" label={t('categories_admin.parent')} error={fieldError(fields, 'parent_code')}>
          <select id="cat-new-parent" value={form.parent_code} onChange={(e) => setForm({ ...form, parent_code: e.currentTarget.value })}>
            <option value="">{t('categories_admin.no_parent')}</option>
            {mains.map((m) => (
              <option key={m.code} value={m.code}>
                {m.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="cat-new-name" label={t('categories_admin.name')} error={fieldError(fields, 'name')}>
          <input id="cat-new-name" value={form.name} required maxLength={200} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        </Field>
        <Field id="cat-new-code" label={t('categories_admin.code')} hint={t('categories_admin.code_hint')} error={fieldError(fields, 'code')}>
          <input id="cat-new-code" value={form.code} autocomplete="off" maxLength={200} onInput={(e) => setForm({ ...form, code: e.currentTarget.value })} />
        </Field>
        <button type="submit" class="button primary" disabled={busy}>
          {t('categories_admin.create')}
        </button>
      </form>
    </section>
  );
}
