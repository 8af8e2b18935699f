// Routing by text for the Pemda's administrators (/petugas/admin/klasifikasi,
// issue 8): the policy (propose only or dispose confident cases by itself,
// the target precision its threshold is chosen for, the minimum confidence,
// when to retrain) with who changed it and why; the model classifying now;
// the kept models with a one-click rollback; and "train now"; the same
// for the category model (proposes a case's category, trained on request).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { t, tn } from '../i18n';
import { AdminTable, ErrorBox, Loading, Notice, PageTitle, useAsync } from '../ui';
import { AdminNav } from './admin';
import { locale } from '../format';
import { ActorName } from '../timeline';

interface Settings {
  id: number;
  auto_dispose: boolean;
  target_precision: number;
  min_confidence: number;
  retrain_min_new: number;
  reason: string;
  changed_by: string | null;
  changed_by_name?: string;  // the officer's full name, when they have one (so the other *_name)
  changed_at: string | null;
}

interface ActiveModel {
  version: string;
  source: 'database' | 'file';
  kind: string;
  labels: number;
  auto_threshold: number | null;
  target_precision: number;
  min_confidence: number;
  auto_ready: boolean;
}

interface KeptModel {
  id: number;
  version: string;
  examples: number;
  holdout_top1: number | null;
  active: boolean;
  created_by: string;
  created_by_name?: string;
  created_at: string;
}

interface TrainingRun {
  trigger: string;
  target: 'agency' | 'category';
  requested_by: string;
  requested_by_name?: string;
  started_at: string;
  finished_at: string | null;
  error: string | null;
  report: {
    version: string;
    promoted: boolean;
    examples: number;
    held_out: number;
    candidate_top1: number | null;
    previous_top1: number | null;
  } | null;
}

interface Overview {
  settings: Settings;
  history: Settings[];
  active: ActiveModel | null;
  models: KeptModel[];
  category_models: KeptModel[];
  has_categories: boolean;
  training: { queued: boolean; running: boolean; last: TrainingRun | null };
}

function when(iso: string): string {
  return new Date(iso).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
}

function percent(v: number | null): string {
  return v === null ? '—' : `${(v * 100).toFixed(1)}%`;
}

// A labelled number input with an optional hint; range is [min, max, step].
function NumberField(props: {
  id: string;
  label: string;
  hint?: string;
  range: [number, number, number];
  value: string;
  onInput: (value: string) => void;
  children?: ComponentChildren;  // the field's error, if any
}) {
  const [min, max, step] = props.range;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="number"
        min={min}
        max={max}
        step={step}
        value={props.value}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.children}
    </div>
  );
}

function SettingsForm({ current, onSaved }: { current: Settings; onSaved: (o: Overview) => void }) {
  const [autoDispose, setAutoDispose] = useState(current.auto_dispose);
  const [target, setTarget] = useState(String(Math.round(current.target_precision * 1000) / 10));
  const [minimum, setMinimum] = useState(String(Math.round(current.min_confidence * 1000) / 10));
  const [retrain, setRetrain] = useState(String(current.retrain_min_new));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const fieldError = (name: string) =>
    error instanceof ApiError ? error.fields.find((f) => f.field === name) : undefined;
  const save = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const answer = await api<Overview>('/api/v1/routing/text/settings', {
        method: 'PUT',
        officer: true,
        body: {
          auto_dispose: autoDispose,
          target_precision: Number(target) / 100,
          min_confidence: Number(minimum) / 100,
          retrain_min_new: Number(retrain),
          reason,
        },
      });
      setReason('');
      onSaved(answer.data);
    } catch (e) {
      setError(e);
    }
  };
  const problem = (name: string) => {
    const f = fieldError(name);
    return f ? (
      <p class="field-error" id={`tr-${name}-error`}>
        {t('textrouting.invalid')}
      </p>
    ) : null;
  };
  return (
    <form class="card" onSubmit={save} aria-labelledby="tr-policy-title" data-testid="text-routing-policy">
      <h2 id="tr-policy-title">{t('textrouting.policy_title')}</h2>
      {error !== null && <ErrorBox error={error} />}
      <fieldset class="field plain">
        <legend class="field-legend">{t('textrouting.mode')}</legend>
        <div class="choice">
          <input
            type="radio"
            id="tr-mode-propose"
            name="tr-mode"
            value="propose"
            checked={!autoDispose}
            onChange={() => setAutoDispose(false)}
          />
          <label for="tr-mode-propose">{t('textrouting.mode_propose')}</label>
        </div>
        <div class="choice">
          <input
            type="radio"
            id="tr-mode-auto"
            name="tr-mode"
            value="auto"
            checked={autoDispose}
            onChange={() => setAutoDispose(true)}
          />
          <label for="tr-mode-auto">{t('textrouting.mode_auto')}</label>
        </div>
      </fieldset>
      <NumberField
        id="tr-target"
        label={t('textrouting.target')}
        hint={t('textrouting.target_hint')}
        range={[50, 99.9, 0.1]}
        value={target}
        onInput={setTarget}
      >
        {problem('target_precision')}
      </NumberField>
      <NumberField id="tr-minimum" label={t('textrouting.minimum')} range={[0, 95, 1]} value={minimum} onInput={setMinimum}>
        {problem('min_confidence')}
      </NumberField>
      <NumberField
        id="tr-retrain"
        label={t('textrouting.retrain')}
        hint={t('textrouting.retrain_hint')}
        range={[0, 100000, 1]}
        value={retrain}
        onInput={setRetrain}
      >
        {problem('retrain_min_new')}
      </NumberField>
      <div class="field">
        <label for="tr-reason">{t('textrouting.reason')}</label>
        <input
          id="tr-reason"
          type="text"
          maxLength={500}
          required
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
        {problem('reason')}
      </div>
      <div class="row-actions">
        <button type="submit" class="button primary">
          {t('textrouting.save')}
        </button>
      </div>
    </form>
  );
}

function ActiveCard({ active, settings }: { active: ActiveModel | null; settings: Settings }) {
  return (
    <section class="card" aria-labelledby="tr-active-title" data-testid="text-routing-active">
      <h2 id="tr-active-title">{t('textrouting.active_title')}</h2>
      {!active ? (
        <p class="muted">{t('textrouting.no_model')}</p>
      ) : (
        <>
          <dl class="facts">
            <dt>{t('textrouting.version')}</dt>
            <dd>
              <code>{active.version}</code> ({t(`textrouting.source.${active.source}`)})
            </dd>
            <dt>{t('textrouting.labels')}</dt>
            <dd>{active.labels}</dd>
            <dt>{t('textrouting.threshold')}</dt>
            <dd data-testid="text-routing-threshold">
              {active.auto_threshold === null
                ? t('textrouting.threshold_none')
                : t('textrouting.threshold_value', {
                    p: percent(active.auto_threshold),
                    target: percent(active.target_precision),
                  })}
            </dd>
          </dl>
          {settings.auto_dispose && !active.auto_ready && (
            <p class="notice notice-warning" role="status">
              {t('textrouting.not_ready')}
            </p>
          )}
        </>
      )}
    </section>
  );
}

// The kept models of one target, newest first, with a one-click rollback.
function ModelTable(props: { models: KeptModel[]; testid: string; onActivate: (m: KeptModel) => void }) {
  return (
    <AdminTable
      label={t('textrouting.models_title')}
      caption={tn('textrouting.models_caption', props.models.length)}
      columns={[
        t('textrouting.version'),
        t('textrouting.created'),
        t('textrouting.examples'),
        t('textrouting.holdout'),
        t('admin.actions'),
      ]}
      testid={props.testid}
    >
      {props.models.map((m) => (
        <tr key={m.id} data-model={m.version}>
          <td>
            <code>{m.version}</code>
            {m.active && <strong> · {t('textrouting.active')}</strong>}
          </td>
          <td>
            {when(m.created_at)} · <ActorName actor={m.created_by} name={m.created_by_name} />
          </td>
          <td>{m.examples}</td>
          <td>{percent(m.holdout_top1)}</td>
          <td class="row-actions">
            {!m.active && (
              <button type="button" class="button secondary small" onClick={() => props.onActivate(m)}>
                {t('textrouting.activate')}
              </button>
            )}
          </td>
        </tr>
      ))}
    </AdminTable>
  );
}

export function TextRoutingAdmin({ onUnauthenticated }: { onUnauthenticated: () => void }) {
  const [tick, setTick] = useState(0);
  const overview = useAsync(
    () => api<Overview>('/api/v1/routing/text', { officer: true }).then((a) => a.data),
    [tick],
  );
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  useEffect(() => {
    if (overview.data) setData(overview.data);
  }, [overview.data]);
  useEffect(() => {
    const e = error ?? overview.error;
    if (e instanceof ApiError && e.status === 401) onUnauthenticated();
  }, [error, overview.error]);
  // While a training is queued or running, look again every few seconds.
  const busy = !!data && (data.training.queued || data.training.running);
  useEffect(() => {
    if (!busy) return;
    const timer = window.setTimeout(() => setTick((n) => n + 1), 3000);
    return () => window.clearTimeout(timer);
  }, [busy, data]);

  const act = async (request: () => Promise<Overview>, message: string) => {
    setError(null);
    setNotice('');
    try {
      setData(await request());
      setNotice(message);
    } catch (e) {
      setError(e);
    }
  };
  const train = (target: 'agency' | 'category') =>
    act(
      async () =>
        (await api<Overview>('/api/v1/routing/text/train', { method: 'POST', officer: true, body: { target } }))
          .data,
      t('textrouting.train_queued'),
    );
  const activate = (m: KeptModel) =>
    act(
      async () =>
        (await api<Overview>(`/api/v1/routing/text/models/${m.id}/activate`, { method: 'POST', officer: true }))
          .data,
      t('textrouting.activated', { version: m.version }),
    );
  const last = data?.training.last;

  return (
    <section>
      <AdminNav current="text" />
      <PageTitle>{t('textrouting.title')}</PageTitle>
      <p>{t('textrouting.lead')}</p>
      <Notice text={notice} />
      {error !== null && <ErrorBox error={error} />}
      {!data && overview.loading && <Loading />}
      {!data && overview.error !== undefined && <ErrorBox error={overview.error} onRetry={overview.reload} />}
      {data && (
        <>
          <ActiveCard active={data.active} settings={data.settings} />
          <SettingsForm
            key={data.settings.id}
            current={data.settings}
            onSaved={(o) => {
              setData(o);
              setNotice(t('textrouting.saved'));
            }}
          />
          <section class="card" aria-labelledby="tr-training-title" data-testid="text-routing-training">
            <h2 id="tr-training-title">{t('textrouting.training_title')}</h2>
            <p data-testid="text-routing-training-state">
              {data.training.running
                ? t('textrouting.training_running')
                : data.training.queued
                  ? t('textrouting.training_queued')
                  : last && last.error
                    ? t('textrouting.training_failed', { at: when(last.started_at), error: last.error })
                    : last && last.report
                      ? t(last.report.promoted ? 'textrouting.training_promoted' : 'textrouting.training_kept', {
                          target: t(`textrouting.target.${last.target}`),
                          version: last.report.version,
                          examples: last.report.examples,
                          top1: percent(last.report.candidate_top1),
                        })
                      : t('textrouting.training_none')}
            </p>
            <button type="button" class="button secondary" disabled={busy} onClick={() => train('agency')}>
              {t('textrouting.train')}
            </button>
          </section>
          <ModelTable models={data.models} testid="text-routing-models" onActivate={activate} />
          <section class="card" aria-labelledby="tr-category-title" data-testid="text-routing-category">
            <h2 id="tr-category-title">{t('textrouting.category_models_title')}</h2>
            {!data.has_categories ? (
              <p class="muted">{t('textrouting.category_no_taxonomy')}</p>
            ) : (
              <>
                {data.category_models.length === 0 && <p class="muted">{t('textrouting.category_none')}</p>}
                <button type="button" class="button secondary" disabled={busy} onClick={() => train('category')}>
                  {t('textrouting.category_train')}
                </button>
              </>
            )}
          </section>
          {data.category_models.length > 0 && (
            <ModelTable models={data.category_models} testid="text-routing-category-models" onActivate={activate} />
          )}
          <section class="card" aria-labelledby="tr-history-title">
            <h2 id="tr-history-title">{t('textrouting.history_title')}</h2>
            {data.history.length === 0 ? (
              <p class="muted">{t('textrouting.history_none')}</p>
            ) : (
              <ul data-testid="text-routing-history">
                {data.history.map((h) => (
                  <li key={h.id}>
                    {h.changed_at ? when(h.changed_at) : ''} · {h.changed_by ? <ActorName actor={h.changed_by} name={h.changed_by_name} /> : '—'} ·{' '}
                    {h.auto_dispose ? t('textrouting.mode_auto_short') : t('textrouting.mode_propose_short')} ·{' '}
                    {percent(h.target_precision)} · {h.reason}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </section>
  );
}
