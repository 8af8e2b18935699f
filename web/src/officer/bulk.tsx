// Bulk actions on the queue: the same action on every selected case, one
// request each through the case workflow (so every case keeps its own
// checks and event), each with If-Match of the version the queue showed: a
// case changed meanwhile is reported, not overwritten. What failed is
// listed with its reason; what succeeded is counted.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { formatCode } from '../format';
import { t } from '../i18n';
import type { Agency, CaseSummary, Principal } from '../types';
import { errorText } from '../ui';

type BulkAction = 'verify' | 'dispose' | 'assign' | 'start';
const ACTIONS: BulkAction[] = ['verify', 'dispose', 'assign', 'start'];

export interface Outcome {
  done: number;
  failed: { code: string; reason: string }[];
}

export function BulkBar(props: {
  selected: CaseSummary[];
  principal: Principal;
  agencies: Agency[];
  onDone: (outcome: Outcome) => void;
}) {
  const [action, setAction] = useState<BulkAction>('verify');
  const [agency, setAgency] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (event: Event) => {
    event.preventDefault();
    if (action === 'dispose' && !agency) return;
    setBusy(true);
    const result: Outcome = { done: 0, failed: [] };
    for (const c of props.selected) {
      const body: Record<string, unknown> = { action };
      if (action === 'dispose') body.agency_code = agency;
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
        result.failed.push({ code: c.tracking_code, reason: errorText(e) });
      }
    }
    setBusy(false);
    props.onDone(result);
  };

  return (
    <form class="card bulk-bar" onSubmit={run} aria-label={t('bulk.label')}>
      <p role="status">{t('bulk.selected', { n: props.selected.length })}</p>
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
      <div class="filter-actions">
        <button type="submit" class="button primary" disabled={busy || props.selected.length === 0}>
          {busy ? t('bulk.running') : t('bulk.run', { n: props.selected.length })}
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
