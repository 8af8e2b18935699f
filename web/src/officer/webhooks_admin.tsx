// Webhooks for the Pemda's administrators (/petugas/admin/webhook): the
// systems told about case events by signed POSTs (notify::Dispatcher), add
// one (its secret is shown this once), remove one.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { formatDateTime } from '../format';
import { label, t, tn } from '../i18n';
import { AdminTable, ErrorBox, Field, fieldError, Loading, Notice, PageTitle, useAsync } from '../ui';
import { AdminNav, useUnauthenticated } from './admin';
import { ConfirmedButton, ShownOnce } from './admin_parts';

interface Webhook {
  id: number;
  url: string;
  events: string[];
  created_at: string;
}

// The case event kinds offered as checkboxes, in the order of a case's life
// (domain/lifecycle.h). Every kind but internal notes is sent; a webhook
// with none goes to all of them.
const EVENTS = [
  'submitted',
  'verified',
  'rejected',
  'info_requested',
  'info_provided',
  'disposed',
  'forwarded',
  'assigned',
  'started',
  'public_update',
  'resolved',
  'closed',
  'reopened',
  'merged',
  'escalated',
] as const;

export function WebhooksAdmin({ onUnauthenticated }: { onUnauthenticated: () => void }) {
  const [tick, setTick] = useState(0);
  const list = useAsync(() => api<{ items: Webhook[] }>('/api/v1/webhooks', { officer: true }).then((a) => a.data.items), [tick]);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [created, setCreated] = useState<(Webhook & { secret: string }) | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  useUnauthenticated(error ?? list.error, onUnauthenticated);

  const create = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNotice('');
    setCreated(null);
    try {
      // The boxes in the order offered, whatever the order of the clicks.
      const chosen = EVENTS.filter((e) => events.includes(e));
      const answer = await api<Webhook & { secret: string }>('/api/v1/webhooks', {
        method: 'POST',
        body: { url: url.trim(), events: chosen },
        officer: true,
      });
      setCreated(answer.data);
      setUrl('');
      setEvents([]);
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (w: Webhook) => {
    setError(null);
    setNotice('');
    try {
      await api(`/api/v1/webhooks/${w.id}`, { method: 'DELETE', officer: true });
      if (created?.id === w.id) setCreated(null);
      setNotice(t('webhooks.deleted', { url: w.url }));
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  const toggle = (kind: string, on: boolean) =>
    setEvents((list) => (on ? [...list, kind] : list.filter((k) => k !== kind)));

  const fields = error instanceof ApiError ? error.fields : [];
  // "events[3]": the box of the kind sent third.
  const eventsProblem = fields.find((f) => f.field === 'events' || f.field.startsWith('events['));
  const eventsError = eventsProblem ? label('field_error', eventsProblem.code, eventsProblem.message) : undefined;

  return (
    <section>
      <AdminNav current="webhooks" />
      <PageTitle>{t('webhooks.title')}</PageTitle>
      <p class="lead">{t('webhooks.lead')}</p>
      <Notice text={notice} />
      {created && (
        <ShownOnce
          id="webhook-secret"
          title={t('webhooks.created_title', { url: created.url })}
          once={t('webhooks.once')}
          label={t('webhooks.secret_label')}
          value={created.secret}
          help={t('webhooks.verify_help')}
          what={t('webhooks.secret_short')}
          dismiss={t('webhooks.dismiss')}
          onDismiss={() => setCreated(null)}
        />
      )}
      {error !== null && !fieldError(fields, 'url') && !eventsError && <ErrorBox error={error} />}
      {list.loading && <Loading />}
      {list.error !== undefined && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.data && list.data.length === 0 && <p class="muted">{t('webhooks.empty')}</p>}
      {list.data && list.data.length > 0 && (
        <AdminTable
          label={t('webhooks.title')}
          caption={tn('webhooks.caption', list.data.length)}
          columns={[t('webhooks.url'), t('webhooks.events'), t('webhooks.created'), t('admin.actions')]}
          testid="webhooks"
        >
          {list.data.map((w) => (
            <tr key={w.id} data-webhook={w.id}>
              <td>
                <code class="long-text">{w.url}</code>
              </td>
              <td>{w.events.length === 0 ? t('webhooks.all_events') : w.events.map((e) => label('event', e)).join(', ')}</td>
              <td>{formatDateTime(w.created_at)}</td>
              <td>
                <ConfirmedButton
                  label={t('webhooks.delete')}
                  ariaLabel={t('webhooks.delete_named', { url: w.url })}
                  action="delete"
                  question={t('webhooks.delete_confirm', { url: w.url })}
                  yes={t('webhooks.delete_yes')}
                  onConfirm={() => remove(w)}
                />
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      <form class="card" onSubmit={create} aria-labelledby="new-webhook-title">
        <h2 id="new-webhook-title">{t('webhooks.new')}</h2>
        <Field id="wh-url" label={t('webhooks.url')} hint={t('webhooks.url_hint')} error={fieldError(fields, 'url')}>
          <input
            id="wh-url"
            type="url"
            value={url}
            required
            maxLength={2000}
            autocomplete="off"
            placeholder="https://"
            aria-describedby={fieldError(fields, 'url') ? 'wh-url-hint wh-url-error' : 'wh-url-hint'}
            aria-invalid={fieldError(fields, 'url') ? true : undefined}
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
        </Field>
        <fieldset class={eventsError ? 'field plain has-error' : 'field plain'} aria-describedby="wh-events-hint">
          <legend class="field-legend">{t('webhooks.events')}</legend>
          <p class="hint" id="wh-events-hint">
            {t('webhooks.events_hint')}
          </p>
          <div class="check-columns">
            {EVENTS.map((kind) => (
              <div class="choice" key={kind}>
                <input
                  type="checkbox"
                  id={`wh-event-${kind}`}
                  value={kind}
                  checked={events.includes(kind)}
                  onChange={(e) => toggle(kind, e.currentTarget.checked)}
                />
                <label for={`wh-event-${kind}`}>
                  {label('event', kind)} <code class="muted">{kind}</code>
                </label>
              </div>
            ))}
          </div>
          {eventsError && <p class="field-error">{eventsError}</p>}
        </fieldset>
        <p class="muted" aria-live="polite" data-testid="webhook-events-summary">
          {events.length === 0 ? t('webhooks.none_checked') : tn('webhooks.n_checked', events.length)}
        </p>
        <button type="submit" class="button primary" disabled={busy}>
          {t('webhooks.create')}
        </button>
      </form>
    </section>
  );
}
