// Policy rules for the Pemda's administrators (/petugas/admin/aturan, issue
// 10): each rule with its status and basis, its history (versions and who
// enabled or disabled what when), enable and disable, a dry run over the
// past days that writes nothing, and a new rule or version pasted as JSON.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, FieldProblem } from '../api';
import { label, t } from '../i18n';
import { AdminTable, ErrorBox, Loading, Notice, PageTitle, useAsync } from '../ui';
import { AdminNav } from './admin';
import { locale } from '../format';
import { actorLabel } from '../timeline';

interface RuleSummary {
  id: number;
  name: string;
  version: number;
  enabled: boolean;
  basis: string;
  trigger: Record<string, string> | null;
  updated_at: string;
}

interface RuleDetail extends RuleSummary {
  definition: unknown;
  versions: { version: number; name: string; basis: string; created_by: string; created_at: string }[];
  audit: { version: number; action: string; actor: string; at: string }[];
}

interface KillSwitch {
  on: boolean;
  by: string | null;
  at: string | null;
}

interface DryRun {
  rule: { id: number; name: string; version: number };
  since: string;
  events: number;
  decisions: number;
  cases: number;
  by_action: Record<string, number>;
  deadline_changes: number;
  deadline_examples: { case_id: number; stage: string; days: number }[];
  loops_prevented: number;
  rate_limited: number;
  refused_actions: number;
}

const EXAMPLE = `{
  "name": "",
  "basis": "",
  "trigger": {"event": "submitted"},
  "conditions": [{"field": "vulnerable", "op": "eq", "value": true}],
  "actions": [{"type": "raise_priority", "level": "urgent"}]
}`;

function when(iso: string): string {
  return new Date(iso).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
}

// The detectors' short names in rules (src/app/policy_runner.cc AlertKind).
const ALERT_KINDS: Record<string, string> = {
  cluster: 'local_cluster',
  shift: 'city_shift',
  topic: 'emerging_topic',
  rating: 'falling_rating',
  backlog: 'growing_backlog',
};

// A trigger's value with the words the rest of the console uses for it.
function triggerValue(kind: string, value: string): string {
  switch (kind) {
    case 'event':
      return label('event', value);
    case 'deadline':
      return label('deadline', value);
    case 'alert':
      return label('alerts.detector', ALERT_KINDS[value] ?? value);
    case 'schedule':
      return label('rules.schedule', value);
    default:
      return value;
  }
}

function triggerText(trigger: Record<string, string> | null): string {
  if (!trigger) return t('common.none');
  const [kind, value] = Object.entries(trigger)[0] ?? ['', ''];
  return `${label('rules.trigger', kind)}: ${triggerValue(kind, value)}`;
}

function FieldList({ fields }: { fields: FieldProblem[] }) {
  if (fields.length === 0) return null;
  return (
    <ul class="field-problems" data-testid="rule-errors">
      {fields.map((f) => (
        <li key={f.field + f.code}>
          <code>{f.field || t('rules.field_document')}</code>: {label('field_error', f.code, f.message)}
        </li>
      ))}
    </ul>
  );
}

function DryRunResult({ run }: { run: DryRun }) {
  return (
    <section class="card" data-testid="rule-dry-run" aria-labelledby="dry-run-title">
      <h2 id="dry-run-title">{t('rules.dry_run_title', { name: run.rule.name, version: run.rule.version })}</h2>
      <p class="muted">{t('rules.dry_run_lead', { since: when(run.since) })}</p>
      <dl class="facts">
        <dt>{t('rules.dry_events')}</dt>
        <dd data-testid="dry-events">{run.events}</dd>
        <dt>{t('rules.dry_decisions')}</dt>
        <dd data-testid="dry-decisions">{run.decisions}</dd>
        <dt>{t('rules.dry_cases')}</dt>
        <dd>{run.cases}</dd>
        <dt>{t('rules.dry_deadlines')}</dt>
        <dd>{run.deadline_changes}</dd>
        <dt>{t('rules.dry_guards')}</dt>
        <dd>
          {t('rules.dry_guards_value', {
            loops: run.loops_prevented,
            limited: run.rate_limited,
            refused: run.refused_actions,
          })}
        </dd>
      </dl>
      {Object.keys(run.by_action).length > 0 && (
        <ul>
          {Object.entries(run.by_action).map(([action, n]) => (
            <li key={action}>
              {label('rules.action', action)}: {n}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RuleHistory({ rule }: { rule: RuleDetail }) {
  return (
    <section class="card" data-testid="rule-history" aria-labelledby="rule-history-title">
      <h2 id="rule-history-title">{t('rules.history_title', { name: rule.name })}</h2>
      <p>
        <strong>{t('rules.basis')}:</strong> {rule.basis}
      </p>
      <h3>{t('rules.versions')}</h3>
      <ul>
        {rule.versions.map((v) => (
          <li key={v.version}>
            v{v.version} · {v.name} · {actorLabel(v.created_by)} · {when(v.created_at)}
          </li>
        ))}
      </ul>
      <h3>{t('rules.audit')}</h3>
      <ul data-testid="rule-audit">
        {rule.audit.map((a, i) => (
          <li key={i}>
            {when(a.at)} · {actorLabel(a.actor)} · {label('rules.audit_action', a.action)} v{a.version}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function RulesAdmin({ onUnauthenticated }: { onUnauthenticated: () => void }) {
  const [tick, setTick] = useState(0);
  const listing = useAsync(
    () => api<{ items: RuleSummary[]; kill_switch: KillSwitch }>('/api/v1/rules', { officer: true }).then((a) => a.data),
    [tick],
  );
  const rules = { ...listing, data: listing.data?.items };
  const killSwitch = listing.data?.kill_switch;
  const [history, setHistory] = useState<RuleDetail | null>(null);
  const [dryRun, setDryRun] = useState<DryRun | null>(null);
  const [text, setText] = useState(EXAMPLE);
  const [days, setDays] = useState(90);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [confirmKill, setConfirmKill] = useState(false);
  useEffect(() => {
    const e = error ?? rules.error;
    if (e instanceof ApiError && e.status === 401) onUnauthenticated();
  }, [error, rules.error]);

  const act = async (request: () => Promise<void>) => {
    setError(null);
    setNotice('');
    try {
      await request();
    } catch (e) {
      setError(e);
    }
  };
  const toggle = (r: RuleSummary) =>
    act(async () => {
      const answer = await api<RuleDetail>(`/api/v1/rules/${r.id}/${r.enabled ? 'disable' : 'enable'}`, {
        method: 'POST',
        officer: true,
      });
      setNotice(t(answer.data.enabled ? 'rules.enabled_notice' : 'rules.disabled_notice', { name: r.name }));
      if (history?.id === r.id) setHistory(answer.data);
      setTick((n) => n + 1);
    });
  const setKillSwitch = (on: boolean) =>
    act(async () => {
      await api<KillSwitch>('/api/v1/rules/kill-switch', { method: 'POST', body: { on }, officer: true });
      setConfirmKill(false);
      setNotice(t(on ? 'rules.kill_on_notice' : 'rules.kill_off_notice'));
      setTick((n) => n + 1);
    });
  const showHistory = (r: RuleSummary) =>
    act(async () => setHistory((await api<RuleDetail>(`/api/v1/rules/${r.id}`, { officer: true })).data));
  const tryRule = (body: Record<string, unknown>) =>
    act(async () => {
      setDryRun(null);
      const answer = await api<DryRun>('/api/v1/rules/try', {
        method: 'POST',
        body: { ...body, since_days: days },
        officer: true,
      });
      setDryRun(answer.data);
    });
  const parsed = (): Record<string, unknown> | null => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      setError(null);
      setNotice('');
      setError(new ApiError(422, t('rules.not_json'), t('rules.not_json'), [], {}));
      return null;
    }
  };
  const save = (event: Event) => {
    event.preventDefault();
    const rule = parsed();
    if (!rule) return;
    void act(async () => {
      const answer = await api<RuleDetail>('/api/v1/rules', { method: 'POST', body: rule, officer: true });
      setNotice(t('rules.saved_notice', { name: answer.data.name, version: answer.data.version }));
      setHistory(answer.data);
      setTick((n) => n + 1);
    });
  };
  const fields = error instanceof ApiError ? error.fields : [];

  return (
    <section>
      <AdminNav current="rules" />
      <PageTitle>{t('rules.title')}</PageTitle>
      <p>{t('rules.lead')}</p>
      <Notice text={notice} />
      {error !== null && <ErrorBox error={error} />}
      <FieldList fields={fields} />
      {killSwitch && (
        <section
          class={killSwitch.on ? 'card notice notice-warning' : 'card'}
          data-testid="kill-switch"
          aria-labelledby="kill-switch-title"
        >
          <h2 id="kill-switch-title">{t('rules.kill_title')}</h2>
          <p data-testid="kill-switch-state">
            {killSwitch.on
              ? t('rules.kill_is_on', { by: killSwitch.by ? actorLabel(killSwitch.by) : '', at: killSwitch.at ? when(killSwitch.at) : '' })
              : (rules.data ?? []).some((r) => r.enabled)
                ? t('rules.kill_is_off')
                : t('rules.kill_none_enabled')}
          </p>
          {killSwitch.on ? (
            <button type="button" class="button primary" onClick={() => setKillSwitch(false)}>
              {t('rules.kill_turn_off')}
            </button>
          ) : confirmKill ? (
            <p class="row-actions" role="group" aria-label={t('rules.kill_confirm')}>
              <span>{t('rules.kill_confirm')}</span>{' '}
              <button type="button" class="button primary" onClick={() => setKillSwitch(true)}>
                {t('rules.kill_confirm_yes')}
              </button>
              <button type="button" class="button secondary" onClick={() => setConfirmKill(false)}>
                {t('action.cancel')}
              </button>
            </p>
          ) : (
            <button type="button" class="button secondary" onClick={() => setConfirmKill(true)}>
              {t('rules.kill_turn_on')}
            </button>
          )}
        </section>
      )}
      {rules.loading && <Loading />}
      {rules.error !== undefined && <ErrorBox error={rules.error} onRetry={rules.reload} />}
      {rules.data && rules.data.length === 0 && <p class="muted">{t('rules.none')}</p>}
      {rules.data && rules.data.length > 0 && (
        <AdminTable
          label={t('rules.title')}
          caption={t('rules.caption', { n: rules.data.length })}
          columns={[t('rules.name'), t('rules.status'), t('rules.trigger_title'), t('rules.basis'), t('admin.actions')]}
        >
          {rules.data.map((r) => (
            <tr key={r.id} data-rule={r.name}>
              <td>
                {r.name} <span class="muted">v{r.version}</span>
              </td>
              <td data-testid="rule-status">{r.enabled ? t('rules.enabled') : t('rules.disabled')}</td>
              <td>{triggerText(r.trigger)}</td>
              <td>{r.basis}</td>
              <td class="row-actions">
                <button type="button" class="button secondary small" onClick={() => toggle(r)}>
                  {r.enabled ? t('rules.disable') : t('rules.enable')}
                </button>
                <button type="button" class="button secondary small" onClick={() => showHistory(r)}>
                  {t('rules.history')}
                </button>
                <button type="button" class="button secondary small" onClick={() => tryRule({ id: r.id })}>
                  {t('rules.try')}
                </button>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      <p>
        <label for="rule-days">{t('rules.days')}</label>{' '}
        <input
          id="rule-days"
          type="number"
          min={1}
          max={3660}
          value={days}
          onInput={(e) => setDays(Number(e.currentTarget.value) || 90)}
        />
      </p>
      {dryRun && <DryRunResult run={dryRun} />}
      {history && <RuleHistory rule={history} />}
      <form class="card" onSubmit={save} aria-labelledby="new-rule-title">
        <h2 id="new-rule-title">{t('rules.new_title')}</h2>
        <p class="muted">{t('rules.new_lead')}</p>
        <label for="rule-json">{t('rules.json_label')}</label>
        <textarea
          id="rule-json"
          rows={12}
          spellcheck={false}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <div class="row-actions">
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              const rule = parsed();
              if (rule) void tryRule({ rule });
            }}
          >
            {t('rules.try_draft')}
          </button>
          <button type="submit" class="button primary">
            {t('rules.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
