// Bulk actions on the queue: the same action on every selected case, one
// request each through the case workflow (so every case keeps its own
// checks and event), each with If-Match of the version the queue showed: a
// case changed meanwhile is reported, not overwritten. What failed is
// listed with its reason; what succeeded is counted.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { agencyName } from '../catalogue';
import { formatCode } from '../format';
import { label, t, tn } from '../i18n';
import type { Agency, CaseSummary, CaseView, Principal } from '../types';
import { errorText, useAsync } from '../ui';
import { proposal } from './actions';

type BulkAction = 'verify' | 'dispose' | 'assign' | 'start';
const ACTIONS: BulkAction[] = ['verify', 'dispose', 'assign', 'start'];

export interface Outcome {
  done: number;
  failed: { code: string; reason: string }[];
}

// Why one case failed, for people: the field's own words instead of its
// key, the case's status instead of the API's hint to developers.
export function failureText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 409 && typeof e.body.current_status === 'string') {
      return t('bulk.not_allowed', { status: label('status', e.body.current_status) });
    }
    if (e.status === 422 && e.fields.length > 0) {
      return e.fields
        .map((f) => {
          if (f.field === 'override_reason' && f.code === 'required') return t('bulk.override_missing');
          const problem = label('field_error', f.code, f.message);
          const name = label('input', f.field, '');
          return name ? `${name}: ${problem}` : problem;
        })
        .join('; ');
    }
  }
  return errorText(e);
}

// The lead agency proposed for each case (routing rules, else the text
// classifier), read from the case itself: the queue's rows do not carry it.
// A case that cannot be read counts as having none.
async function proposals(cases: CaseSummary[]): Promise<Record<string, string>> {
  const pairs = await Promise.all(
    cases.map((c) =>
      api<CaseView>(`/api/v1/cases/${encodeURIComponent(c.tracking_code)}`, { officer: true }).then(
        (a) => [c.tracking_code, proposal(a.data) ?? ''] as const,
        () => [c.tracking_code, ''] as const,
      ),
    ),
  );
  return Object.fromEntries(pairs);
}

export function BulkBar(props: {
  selected: CaseSummary[];
  principal: Principal;
  agencies: Agency[];
  onDone: (outcome: Outcome) => void;
}) {
  const [action, setAction] = useState<BulkAction>('verify');
  const [agency, setAgency] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const [busy, setBusy] = useState(false);
  // Disposing elsewhere than a case's proposal needs a reason (kept with the
  // disposition), as on the case page: the bar asks for it when needed.
  const disposing = action === 'dispose';
  const proposed = useAsync(
    () => (disposing ? proposals(props.selected) : Promise.resolve({} as Record<string, string>)),
    [disposing, props.selected.map((c) => c.tracking_code).join(',')],
  );
  const differing = disposing && agency
    ? props.selected.filter((c) => {
        const p = proposed.data?.[c.tracking_code];
        return !!p && p !== agency;
      })
    : [];
  const proposedNames = [...new Set(differing.map((c) => proposed.data![c.tracking_code]))]
    .map((code) => agencyName(props.agencies, code))
    .join(', ');

  const run = async (event: Event) => {
    event.preventDefault();
    if (action === 'dispose' && !agency) return;
    setBusy(true);
    const result: Outcome = { done: 0, failed: [] };
    for (const c of props.selected) {
      const body: Record<string, unknown> = { action };
      if (action === 'dispose') body.agency_code = agency;
      if (action === 'dispose' && overrideReason.trim()) body.override_reason = overrideReason.trim();
      if (action === 'assign') body.assignee = props.principal.username;
      try {
        await api(`/api/v1/cases/${encodeURIComponent(c.tracking_code)}/events`, {
          method: 'POST',
          body,
          officer: true,
          headers: { 'If-Match': `"${c.version}"` },
        });
        result.done += 1;
      } catch (e) {
        result.failed.push({ code: c.tracking_code, reason: failureText(e) });
      }
    }
    setBusy(false);
    props.onDone(result);
  };

  return (
    <form class="card bulk-bar" onSubmit={run} aria-label={t('bulk.label')}>
      <p role="status">{tn('bulk.selected', props.selected.length)}</p>
      <div class="filter">
        <label for="bulk-action">{t('bulk.action')}</label>
        <select id="bulk-action" value={action} onChange={(e) => setAction(e.currentTarget.value as BulkAction)}>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {t(`bulk.${a}`)}
            </option>
          ))}
        </select>
      </div>
      {action === 'dispose' && (
        <div class="filter">
          <label for="bulk-agency">{t('input.agency_code')}</label>
          <select id="bulk-agency" value={agency} required onChange={(e) => setAgency(e.currentTarget.value)}>
            <option value="">{t('submit.choose')}</option>
            {props.agencies.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {differing.length > 0 && (
        <div class="filter bulk-override">
          <label for="bulk-override_reason">{t('input.override_reason')}</label>
          <p class="hint" id="bulk-override_reason-hint">
            {tn('bulk.override_hint', differing.length, { agencies: proposedNames })}
          </p>
          <textarea
            id="bulk-override_reason"
            rows={2}
            required
            aria-describedby="bulk-override_reason-hint"
            value={overrideReason}
            onInput={(e) => setOverrideReason(e.currentTarget.value)}
          />
        </div>
      )}
      <div class="filter-actions">
        <button
          type="submit"
          class="button primary"
          disabled={busy || props.selected.length === 0 || (disposing && proposed.loading)}
        >
          {busy ? t('bulk.running') : tn('bulk.run', props.selected.length)}
        </button>
      </div>
    </form>
  );
}

// What the last bulk run did; it stays while the queue reloads.
export function BulkOutcome({ outcome }: { outcome: Outcome }) {
  return (
    <div class={outcome.failed.length > 0 ? 'notice notice-warning' : 'notice'} role="alert" data-testid="bulk-outcome">
      <p>{t('bulk.outcome', { done: outcome.done, failed: outcome.failed.length })}</p>
      {outcome.failed.length > 0 && (
        <ul>
          {outcome.failed.map((f) => (
            <li key={f.code}>
              <span class="code">{formatCode(f.code)}</span>: {f.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
