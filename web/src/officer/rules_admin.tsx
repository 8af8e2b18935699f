// Policy rules for the Pemda's administrators (/petugas/admin/aturan, issue
// 10): each rule with its status and basis, its history (versions and who
// enabled or disabled what when), enable and disable, a dry run over the
// past days that writes nothing, and a new rule or version pasted as JSON.
// Leaders read the same rules (/petugas/aturan, `readOnly`): the rules act
// on cases and address capacity proposals to them, but only administrators
// change or try them.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, FieldProblem } from '../api';
import { agencies, agencyName } from '../catalogue';
import type { Agency } from '../types';
import { label, t, tn } from '../i18n';
import { AdminTable, ErrorBox, fieldProblemText, Loading, Notice, PageTitle, useAsync } from '../ui';
import { AdminNav } from './admin';
import { formatNumber, locale } from '../format';
import { ActorName, actorText } from '../timeline';

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
  versions: {
    version: number;
    name: string;
    basis: string;
    definition?: unknown;
    created_by: string;
    // The officers' full names, when they have one (as the other `*_name`).
    created_by_name?: string;
    created_at: string;
  }[];
  audit: { version: number; action: string; actor: string; actor_name?: string; at: string }[];
}

interface KillSwitch {
  on: boolean;
  by: string | null;
  by_name?: string;
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

// The fields of a refused rule, each once, with what the server said of it
// (its limit included: "-60 to 60, not 0").
function FieldList({ fields }: { fields: FieldProblem[] }) {
  if (fields.length === 0) return null;
  const seen = new Set<string>();
  const once = fields.filter((f) => {
    const key = `${f.field}\u0000${f.code}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return (
    <ul class="field-problems" data-testid="rule-errors">
      {once.map((f) => (
        <li key={`${f.field}|${f.code}|${f.message}`}>
          <code>{f.field || t('rules.field_document')}</code>: {fieldProblemText(f)}
        </li>
      ))}
    </ul>
  );
}

// --- A rule's definition in words ------------------------------------------

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// A member the words below do not know, as the JSON says it.
const raw = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

// A value a condition compares a case's `field` with, in the console's words.
function conditionValue(field: string, value: unknown): string {
  if (typeof value === 'boolean') return t(value ? 'rules.yes' : 'rules.no');
  if (typeof value === 'number') return formatNumber(value);
  const text = raw(value);
  switch (field) {
    case 'kind':
      return label('kind', text);
    case 'status':
      return label('status', text);
    case 'channel':
      return label('channel', text);
    case 'deadline_state':
      return label('deadline', text);
    case 'alert_kind':
      return label('alerts.detector', ALERT_KINDS[text] ?? text);
    case 'text':
      return `“${text}”`;
    default:
      return text;
  }
}

function conditionText(c: unknown): string {
  if (!isObject(c)) return raw(c);
  const field = typeof c.field === 'string' ? c.field : '';
  const op = typeof c.op === 'string' ? c.op : 'eq';
  const values = Array.isArray(c.values) ? c.values : 'value' in c ? [c.value] : [];
  return t('rules.condition', {
    field: label('rules.field', field),
    op: label('rules.op', op),
    value: values.map((v) => conditionValue(field, v)).join(', '),
  });
}

// Officers' full names by username (the administrator's list of the
// Pemda's accounts), those set only; empty for those who may not list them.
type OfficerNames = Map<string, string>;

// Who a message of a rule reaches: "Mega Puspitasari (verifikator)", "Kepala DPU", ...
function audienceText(to: string, list: Agency[], officers: OfficerNames): string {
  const [kind, rest] = to.includes(':') ? [to.slice(0, to.indexOf(':')), to.slice(to.indexOf(':') + 1)] : [to, ''];
  switch (kind) {
    case 'agency':
      return rest ? t('escalation.to_agency', { agency: agencyName(list, rest) }) : to;
    case 'agency_head':
      return rest ? t('escalation.to_agency_head', { agency: agencyName(list, rest) }) : label('escalation_audience', to);
    case 'webhook':
      return t('escalation.to_webhook', { id: rest });
    case 'user':
      return actorText(to, officers.get(rest));
    default:
      return label('escalation_audience', to);
  }
}

function actionText(a: unknown, list: Agency[], officers: OfficerNames): string {
  if (!isObject(a)) return raw(a);
  const type = typeof a.type === 'string' ? a.type : '';
  const text = (k: string) => (a[k] === undefined || a[k] === null ? '' : raw(a[k]));
  const number = (k: string) => (typeof a[k] === 'number' ? formatNumber(a[k] as number) : text(k));
  const agency = agencyName(list, text('agency'));
  let words: string;
  switch (type) {
    case 'raise_priority':
      words = t('rules.do.raise_priority', { level: label('priority', text('level')) });
      break;
    case 'escalate':
    case 'notify':
      words = t(type === 'escalate' ? 'rules.do.escalate' : 'rules.do.notify', { to: audienceText(text('to'), list, officers) });
      break;
    case 'add_supporting_agency':
      words = t('rules.do.add_supporting_agency', { agency });
      break;
    case 'open_temporary_service':
      words = t('rules.do.open_temporary_service', {
        code: text('code'),
        name: text('name'),
        agency,
        completion: number('completion_days'),
        open: number('days_open'),
      });
      break;
    case 'adjust_deadline': {
      const days = typeof a.days === 'number' ? a.days : 0;
      words = t(days < 0 ? 'rules.do.shorten_deadline' : 'rules.do.extend_deadline', {
        stage: label('stage', text('stage')),
        days: formatNumber(Math.abs(days)),
      });
      break;
    }
    case 'propose_capacity':
      words = t('rules.do.propose_capacity', { officers: number('officers'), agency });
      break;
    default: {
      // An action this version has no words for: its members as they are.
      const { type: _, ...rest } = a;
      words = `${label('rules.action', type)} ${raw(rest)}`;
    }
  }
  return a.note ? `${words} — ${t('rules.do.note', { note: text('note') })}` : words;
}

// Trigger, scope, conditions and actions of one version of a rule, so that
// an administrator reads what it does before enabling it.
function RuleDefinition({
  definition,
  agencyList,
  officers,
}: {
  definition: unknown;
  agencyList: Agency[];
  officers: OfficerNames;
}) {
  if (!isObject(definition)) {
    return <p class="muted">{t('rules.no_definition')}</p>;
  }
  const trigger = isObject(definition.trigger) ? (definition.trigger as Record<string, string>) : null;
  const scope = isObject(definition.scope) ? Object.entries(definition.scope).filter(([, v]) => v !== '' && v != null) : [];
  const conditions = Array.isArray(definition.conditions) ? definition.conditions : [];
  const actions = Array.isArray(definition.actions) ? definition.actions : [];
  const limit = definition.rate_limit_per_hour;
  return (
    <dl class="facts rule-definition" data-testid="rule-definition">
      <dt>{t('rules.trigger_title')}</dt>
      <dd>{triggerText(trigger)}</dd>
      <dt>{t('rules.scope')}</dt>
      <dd>
        {scope.length === 0
          ? t('rules.scope_all')
          : scope
              .map(([k, v]) =>
                `${label('rules.field', k)}: ${k === 'agency' ? agencyName(agencyList, raw(v)) : conditionValue(k, v)}`,
              )
              .join('; ')}
      </dd>
      <dt>{t('rules.conditions')}</dt>
      <dd>
        {conditions.length === 0 ? (
          t('rules.conditions_none')
        ) : (
          <ul data-testid="rule-conditions">
            {conditions.map((c, i) => (
              <li key={i}>{conditionText(c)}</li>
            ))}
          </ul>
        )}
      </dd>
      <dt>{t('rules.actions')}</dt>
      <dd>
        {actions.length === 0 ? (
          t('common.none')
        ) : (
          <ol data-testid="rule-actions">
            {actions.map((a, i) => (
              <li key={i}>{actionText(a, agencyList, officers)}</li>
            ))}
          </ol>
        )}
      </dd>
      {typeof limit === 'number' && (
        <>
          <dt>{t('rules.rate_limit')}</dt>
          <dd>{tn('rules.rate_limit_value', limit, { n: formatNumber(limit) })}</dd>
        </>
      )}
    </dl>
  );
}

function DryRunResult({ run }: { run: DryRun }) {
  // Below the table: brought into view when a new result comes.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
    heading.current?.scrollIntoView?.({ block: 'start' });
  }, [run]);
  return (
    <section class="card" data-testid="rule-dry-run" aria-labelledby="dry-run-title">
      <h2 id="dry-run-title" tabIndex={-1} ref={heading}>{t('rules.dry_run_title', { name: run.rule.name, version: run.rule.version })}</h2>
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

function RuleHistory({
  rule,
  agencyList,
  officers,
  show,
}: {
  rule: RuleDetail;
  agencyList: Agency[];
  officers: OfficerNames;
  show: boolean;
}) {
  // Shown below the table and the dry run: brought into view when opened
  // from the table (`show`; after a save the form keeps the view).
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!show) return;
    heading.current?.focus({ preventScroll: true });
    heading.current?.scrollIntoView?.({ block: 'start' });
  }, [rule, show]);
  const older = rule.versions.filter((v) => v.version !== rule.version);
  return (
    <section class="card" data-testid="rule-history" aria-labelledby="rule-history-title">
      <h2 id="rule-history-title" tabIndex={-1} ref={heading}>
        {t('rules.history_title', { name: rule.name })}
      </h2>
      <p>
        <strong>{t('rules.basis')}:</strong> {rule.basis}
      </p>
      <section data-testid="rule-current" data-version={rule.version} aria-labelledby="rule-current-title">
        <h3 id="rule-current-title">
          {t('rules.current_version', { version: rule.version })}{' '}
          <span class="muted">({rule.enabled ? t('rules.enabled') : t('rules.disabled')})</span>
        </h3>
        <RuleDefinition definition={rule.definition} agencyList={agencyList} officers={officers} />
      </section>
      <h3>{t('rules.versions')}</h3>
      <ul class="rule-versions">
        {rule.versions.map((v) => (
          <li key={v.version} data-testid="rule-version" data-version={v.version}>
            v{v.version} · {v.name} · <ActorName actor={v.created_by} name={v.created_by_name} /> · {when(v.created_at)}
            {v.version === rule.version ? (
              <span class="muted"> · {t('rules.version_is_current')}</span>
            ) : (
              <>
                {v.basis !== rule.basis && (
                  <p>
                    <strong>{t('rules.basis')}:</strong> {v.basis}
                  </p>
                )}
                {'definition' in v && <RuleDefinition definition={v.definition} agencyList={agencyList} officers={officers} />}
              </>
            )}
          </li>
        ))}
      </ul>
      {older.length === 0 && <p class="muted">{t('rules.no_older_versions')}</p>}
      <h3>{t('rules.audit')}</h3>
      <ul data-testid="rule-audit">
        {rule.audit.map((a, i) => (
          <li key={i}>
            {when(a.at)} · <ActorName actor={a.actor} name={a.actor_name} /> · {label('rules.audit_action', a.action)} v{a.version}
          </li>
        ))}
      </ul>
    </section>
  );
}

const NO_NAMES: OfficerNames = new Map();

export function RulesAdmin({ onUnauthenticated, readOnly = false }: { onUnauthenticated: () => void; readOnly?: boolean }) {
  const [tick, setTick] = useState(0);
  const listing = useAsync(
    () => api<{ items: RuleSummary[]; kill_switch: KillSwitch }>('/api/v1/rules', { officer: true }).then((a) => a.data),
    [tick],
  );
  const rules = { ...listing, data: listing.data?.items };
  const killSwitch = listing.data?.kill_switch;
  const [history, setHistory] = useState<RuleDetail | null>(null);
  // Whether the history was opened from the table (and so is brought into view).
  const [historyShown, setHistoryShown] = useState(false);
  const [dryRun, setDryRun] = useState<DryRun | null>(null);
  const [text, setText] = useState(EXAMPLE);
  const [days, setDays] = useState(90);
  const [error, setError] = useState<unknown>(null);
  // An error of the form (saving, or a dry run of the draft), shown beside it.
  const [formError, setFormError] = useState<{ error: unknown; fields: FieldProblem[] } | null>(null);
  const agencyList = useAsync(() => agencies(), []);
  // The officers a rule notifies ("user:NAME"), by their full names: an
  // administrator lists the accounts; a leader may not, and reads usernames.
  // Without the list (a failed read) the usernames are shown as well.
  const officers = useAsync<OfficerNames>(
    () =>
      readOnly
        ? Promise.resolve(NO_NAMES)
        : api<{ items: { username: string; full_name: string }[] }>('/api/v1/users', { officer: true }).then(
            (a) => new Map(a.data.items.filter((u) => u.full_name).map((u) => [u.username, u.full_name])),
            () => NO_NAMES,
          ),
    [readOnly],
  );
  const [notice, setNotice] = useState('');
  // Where the notice shows: above the table, or beside the form it answers.
  const [noticeInForm, setNoticeInForm] = useState(false);
  const [confirmKill, setConfirmKill] = useState(false);
  useEffect(() => {
    const e = error ?? formError?.error ?? rules.error;
    if (e instanceof ApiError && e.status === 401) onUnauthenticated();
  }, [error, formError, rules.error]);

  // `inForm`: the request is the form's; its error shows beside the form,
  // with the fields at fault (`field` renames them: a draft's dry run names
  // them under "rule.", which the pasted JSON does not have).
  const act = async (request: () => Promise<void>, inForm = false, field = (f: string) => f) => {
    setError(null);
    setFormError(null);
    setNotice('');
    setNoticeInForm(false);
    try {
      await request();
    } catch (e) {
      if (!inForm) setError(e);
      else setFormError({ error: e, fields: e instanceof ApiError ? e.fields.map((f) => ({ ...f, field: field(f.field) })) : [] });
    }
  };
  const toggle = (r: RuleSummary) =>
    act(async () => {
      const answer = await api<RuleDetail>(`/api/v1/rules/${r.id}/${r.enabled ? 'disable' : 'enable'}`, {
        method: 'POST',
        officer: true,
      });
      setNotice(t(answer.data.enabled ? 'rules.enabled_notice' : 'rules.disabled_notice', { name: r.name }));
      if (history?.id === r.id) {
        setHistoryShown(false);
        setHistory(answer.data);
      }
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
    act(async () => {
      setHistory((await api<RuleDetail>(`/api/v1/rules/${r.id}`, { officer: true })).data);
      setHistoryShown(true);
    });
  const tryRule = (body: Record<string, unknown>) =>
    act(
      async () => {
        setDryRun(null);
        const answer = await api<DryRun>('/api/v1/rules/try', {
          method: 'POST',
          body: { ...body, since_days: days },
          officer: true,
        });
        setDryRun(answer.data);
      },
      'rule' in body,
      (f) => (f === 'rule' ? '' : f.replace(/^rule\./, '')),
    );
  const parsed = (): Record<string, unknown> | null => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      setError(null);
      setNotice('');
      setFormError({ error: new ApiError(422, t('rules.not_json'), t('rules.not_json'), [], {}), fields: [] });
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
      setNoticeInForm(true);
      setHistoryShown(false);
      setHistory(answer.data);
      setTick((n) => n + 1);
    }, true);
  };

  return (
    <section>
      {!readOnly && <AdminNav current="rules" />}
      <PageTitle>{t('rules.title')}</PageTitle>
      <p>{t(readOnly ? 'rules.lead_read_only' : 'rules.lead')}</p>
      {!noticeInForm && <Notice text={notice} />}
      {error !== null && (
        <ErrorBox error={error} focus>
          <FieldList fields={error instanceof ApiError ? error.fields : []} />
        </ErrorBox>
      )}
      {killSwitch && (
        <section
          class={killSwitch.on ? 'card notice notice-warning' : 'card'}
          data-testid="kill-switch"
          aria-labelledby="kill-switch-title"
        >
          <h2 id="kill-switch-title">{t('rules.kill_title')}</h2>
          <p data-testid="kill-switch-state">
            {killSwitch.on
              ? t('rules.kill_is_on', { by: killSwitch.by ? actorText(killSwitch.by, killSwitch.by_name) : '', at: killSwitch.at ? when(killSwitch.at) : '' })
              : (rules.data ?? []).some((r) => r.enabled)
                ? t('rules.kill_is_off')
                : t('rules.kill_none_enabled')}
          </p>
          {readOnly ? null : killSwitch.on ? (
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
          caption={tn('rules.caption', rules.data.length)}
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
                {!readOnly && (
                  <button type="button" class="button secondary small" onClick={() => toggle(r)}>
                    {r.enabled ? t('rules.disable') : t('rules.enable')}
                  </button>
                )}
                <button type="button" class="button secondary small" onClick={() => showHistory(r)}>
                  {t('rules.history')}
                </button>
                {!readOnly && (
                  <button type="button" class="button secondary small" onClick={() => tryRule({ id: r.id })}>
                    {t('rules.try')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      {history && readOnly && <RuleHistory rule={history} agencyList={agencyList.data ?? []} officers={officers.data ?? NO_NAMES} show={historyShown} />}
      {!readOnly && (
        <>
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
          {history && <RuleHistory rule={history} agencyList={agencyList.data ?? []} officers={officers.data ?? NO_NAMES} show={historyShown} />}
          <form class="card" onSubmit={save} aria-labelledby="new-rule-title">
            <h2 id="new-rule-title">{t('rules.new_title')}</h2>
            <p class="muted">{t('rules.new_lead')}</p>
            <label for="rule-json">{t('rules.json_label')}</label>
            <textarea
              id="rule-json"
              rows={12}
              spellcheck={false}
              value={text}
              aria-invalid={formError ? 'true' : undefined}
              aria-describedby={formError ? 'rule-form-error' : undefined}
              onInput={(e) => setText(e.currentTarget.value)}
            />
            {noticeInForm && <Notice text={notice} />}
            {formError && (
              <div id="rule-form-error">
                <ErrorBox error={formError.error} focus testid="rule-form-error">
                  <FieldList fields={formError.fields} />
                </ErrorBox>
              </div>
            )}
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
        </>
      )}
    </section>
  );
}
