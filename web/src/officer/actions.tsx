// The actions the workflow allows on a case for this officer — exactly the
// server's `allowed_actions` — each with the input it needs. Every action
// carries If-Match with the version the officer saw; a 412 reloads the case.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type FieldProblem } from '../api';
import { label, t } from '../i18n';
import { MAX_PHOTOS, PhotoField } from '../citizen/photos';
import { CategorySelect } from '../category_select';
import { REJECT_REASONS, type Agency, type Attachment, type CaseView, type Category, type Principal } from '../types';
import { ErrorBox, Field, fieldError } from '../ui';
import { unitsUnder } from '../catalogue';

interface Input {
  text: string;
  reason: string;
  agency_code: string;
  supporting: string[];
  assignee: string;
  into: string;
  override_reason: string;
  attachments: Attachment[];
  category: string;
}

// What each action sends besides its name.
const NEEDS: Record<string, (keyof Input)[]> = {
  verify: [],
  reject: ['reason', 'text'],
  request_info: ['text'],
  provide_info: ['text'],
  dispose: ['agency_code', 'supporting', 'text'],
  forward: ['agency_code', 'reason'],
  request_input: ['agency_code', 'text'],
  provide_input: ['text'],
  assign: ['assignee'],
  start: [],
  resolve: ['text', 'attachments'],
  close: [],
  reopen: ['reason'],
  note: ['text'],
  public_update: ['text', 'attachments'],
  merge: ['into'],
  categorize: ['category', 'reason'],
};

// What an officer typed into an open action form, kept in sessionStorage for
// the tab: a session that expires meanwhile sends them to sign in again, and
// the form comes back with their text afterwards.
interface Draft {
  action: string;
  input: Partial<Input>;
}

const draftKey = (code: string) => `sigap.action.${code}`;

function loadDraft(code: string): Draft | null {
  try {
    const text = sessionStorage.getItem(draftKey(code));
    return text ? (JSON.parse(text) as Draft) : null;
  } catch {
    return null;
  }
}

function saveDraft(code: string, draft: Draft) {
  try {
    sessionStorage.setItem(draftKey(code), JSON.stringify(draft));
  } catch {
    // A full or disabled storage only loses the safety net.
  }
}

function clearDraft(code: string) {
  sessionStorage.removeItem(draftKey(code));
}

// The roles that act for one agency (Principal.agency_code).
const AGENCY_ROLES = ['agency_officer', 'agency_head'];

const REQUIRED_TEXT = ['request_info', 'provide_info', 'resolve', 'note', 'public_update', 'request_input', 'provide_input'];

function AgencySelect(props: {
  id: string;
  label?: string;
  hint?: string;
  value: string;
  agencies: Agency[];
  exclude?: string;
  onChange: (code: string) => void;
  error?: string;
}) {
  return (
    <Field
      id={props.id}
      label={props.label ?? label('input', props.id.replace(/^act-/, ''))}
      hint={props.hint}
      error={props.error}
    >
      <select id={props.id} value={props.value} required onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{t('submit.choose')}</option>
        {props.agencies
          .filter((a) => a.code !== props.exclude)
          .map((a) => (
            <option key={a.code} value={a.code}>
              {a.name}
            </option>
          ))}
      </select>
    </Field>
  );
}

// The lead agency proposed for this case, if any: by the routing rules
// (place), else by the text classifier (issue 8).
export function proposal(view: CaseView): string | undefined {
  return (
    view.routing?.proposed_disposition?.agency_code ||
    view.routing?.text_suggestion?.agency_code ||
    undefined
  );
}

// The category model's proposal (issue 8), ready to confirm, unless the
// case has it already.
function categoryProposal(view: CaseView): string {
  const code = view.routing?.text_suggestion?.category?.category_code ?? '';
  return code !== view.category ? code : '';
}

// The verifier confirms the proposed disposition in one step, or opens the
// disposition form to choose another agency (with a reason).
function ProposalBox(props: {
  view: CaseView;
  etag: string;
  agencies: Agency[];
  onDone: (message: string) => void;
  onStale: (message: string) => void;
  onOverride: () => void;
}) {
  const code = proposal(props.view)!;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const name = props.agencies.find((a) => a.code === code)?.name ?? code;
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/v1/cases/${encodeURIComponent(props.view.tracking_code)}/events`, {
        method: 'POST',
        body: { action: 'dispose', agency_code: code },
        officer: true,
        headers: { 'If-Match': props.etag },
      });
      props.onDone(t('actions.done', { action: label('action', 'dispose') }));
    } catch (e) {
      if (e instanceof ApiError && (e.status === 412 || e.status === 409)) {
        return props.onStale(t('actions.stale'));
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const byRule = props.view.routing?.proposed_disposition;
  const byText = props.view.routing?.text_suggestion;
  const percent = Math.round(
    100 * (byText?.top.find((a) => a.agency_code === code)?.probability ?? 0),
  );
  return (
    <div class="notice notice-proposal proposal" data-testid="proposal">
      <p>
        <strong>{t('proposal.title')}</strong>{' '}
        {byRule ? t('proposal.body', { agency: name }) : t('proposal.text_body', { agency: name, percent })}
      </p>
      <p class="hint">
        {byRule
          ? t('proposal.rule', { rule: byRule.rule })
          : t('proposal.text_hint', { model: byText?.model.slice(0, 15) ?? '', words: byText?.words.join(', ') ?? '' })}
      </p>
      {error !== null && <ErrorBox error={error} />}
      <div class="row">
        <button type="button" class="button primary" disabled={busy} data-proposal="confirm" onClick={() => void confirm()}>
          {t('proposal.confirm')}
        </button>
        <button type="button" class="button secondary" data-proposal="override" onClick={props.onOverride}>
          {t('proposal.override')}
        </button>
      </div>
    </div>
  );
}

function ActionForm(props: {
  action: string;
  agency?: string;
  view: CaseView;
  etag: string;
  agencies: Agency[];
  categories: Category[];
  principal: Principal;
  // `forwardedTo`: the agency's name, when the case was forwarded away.
  onDone: (message: string, forwardedTo?: string) => void;
  onStale: (message: string) => void;
  onCancel: () => void;
  onUnauthenticated: () => void;
}) {
  const { action, view } = props;
  const needs = NEEDS[action] ?? ['text'];
  const kept = loadDraft(view.tracking_code);
  const [input, setInput] = useState<Input>(() => ({
    text: '',
    reason: '',
    agency_code:
      action === 'dispose' ? (props.agency ?? proposal(view) ?? view.agency_code) : '',
    supporting: [],
    assignee: action === 'assign' ? props.principal.username : '',
    into: '',
    override_reason: '',
    attachments: [],
    category: action === 'categorize' ? categoryProposal(view) : '',
    ...(kept?.action === action ? kept.input : {}),
  }));
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const first = form.current?.querySelector<HTMLElement>('select, textarea, input, button[type=submit]');
    first?.focus();
  }, []);

  const set = (patch: Partial<Input>) =>
    setInput((i) => {
      const next = { ...i, ...patch };
      // Photos are uploaded already and named by hash: kept too.
      saveDraft(view.tracking_code, { action, input: next });
      return next;
    });
  const send = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setProblems([]);
    const body: Record<string, unknown> = { action };
    for (const key of needs) {
      const value = input[key];
      if (Array.isArray(value) ? value.length > 0 : value.trim() !== '') body[key] = value;
    }
    if (action === 'reject' && input.reason === 'duplicate' && input.into.trim()) body.into = input.into.trim();
    if (overrides) body.override_reason = input.override_reason.trim();
    try {
      await api(`/api/v1/cases/${encodeURIComponent(view.tracking_code)}/events`, {
        method: 'POST',
        body,
        officer: true,
        headers: { 'If-Match': props.etag },
      });
      clearDraft(view.tracking_code);
      if (action === 'forward') {
        // The case has left this agency: say where it went (the page may
        // not be readable any more, a confidential case).
        const to = props.agencies.find((a) => a.code === input.agency_code)?.name ?? input.agency_code;
        return props.onDone(t('case.forwarded_away', { agency: to }), to);
      }
      props.onDone(t('actions.done', { action: label('action', action) }));
    } catch (e) {
      // Signed out meanwhile (the session expired): sign in again; the
      // typed text waits in sessionStorage.
      if (e instanceof ApiError && e.status === 401) return props.onUnauthenticated();
      if (e instanceof ApiError && e.status === 412) return props.onStale(t('actions.stale'));
      if (e instanceof ApiError && e.status === 409) return props.onStale(t('actions.conflict'));
      if (e instanceof ApiError && e.status === 422) setProblems(e.fields);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const err = (name: string) => fieldError(problems, name);
  const proposed = proposal(view);
  const overrides = action === 'dispose' && !!proposed && input.agency_code !== proposed;
  const textLabel = label('input_text', action, t('input.text'));
  const fields: ComponentChildren[] = [];
  if (needs.includes('reason') && action === 'reject') {
    fields.push(
      <fieldset key="reason">
        <legend>{t('input.reject_reason')}</legend>
        {REJECT_REASONS.map((r) => (
          <div class="choice" key={r}>
            <input
              type="radio"
              id={`act-reason-${r}`}
              name="reject-reason"
              value={r}
              checked={input.reason === r}
              onChange={() => set({ reason: r })}
            />
            <label for={`act-reason-${r}`}>{label('reject_reason', r)}</label>
          </div>
        ))}
        {err('reason') && <p class="field-error">{err('reason')}</p>}
      </fieldset>,
    );
    if (input.reason === 'duplicate') {
      fields.push(
        <Field key="into" id="act-into" label={t('input.into')} error={err('into')}>
          <input id="act-into" value={input.into} onInput={(e) => set({ into: e.currentTarget.value })} />
        </Field>,
      );
    }
  }
  if (needs.includes('agency_code')) {
    fields.push(
      <AgencySelect
        key="agency"
        id="act-agency_code"
        // Asking for input names the agency asked, never a new lead.
        label={action === 'request_input' ? t('input.input_agency') : undefined}
        hint={
          action === 'request_input'
            ? t('input.input_agency_hint', {
                agency: props.agencies.find((a) => a.code === view.agency_code)?.name ?? view.agency_code,
                forward: label('action', 'forward'),
              })
            : undefined
        }
        value={input.agency_code}
        agencies={props.agencies}
        exclude={action === 'forward' || action === 'request_input' ? view.agency_code : undefined}
        onChange={(code) =>
          set({ agency_code: code, supporting: input.supporting.filter((s) => s !== code) })
        }
        error={err('agency_code')}
      />,
    );
  }
  if (overrides) {
    // Routing by place: leaving the proposal needs a reason, kept with the
    // disposition (it trains the classifier later).
    fields.push(
      <Field
        key="override"
        id="act-override_reason"
        label={t('input.override_reason')}
        hint={t('input.override_reason_hint', {
          agency: props.agencies.find((a) => a.code === proposed)?.name ?? proposed ?? '',
        })}
        error={err('override_reason')}
      >
        <textarea
          id="act-override_reason"
          rows={3}
          required
          value={input.override_reason}
          onInput={(e) => set({ override_reason: e.currentTarget.value })}
        />
      </Field>,
    );
  }
  if (needs.includes('supporting')) {
    fields.push(
      <fieldset key="supporting" class="supporting">
        <legend>{t('input.supporting')}</legend>
        <p class="hint">{t('input.supporting_hint')}</p>
        <div class="check-grid">
          {props.agencies
            .filter((a) => a.code !== input.agency_code)
            .map((a) => (
              <div class="choice" key={a.code}>
                <input
                  type="checkbox"
                  id={`act-support-${a.code}`}
                  checked={input.supporting.includes(a.code)}
                  onChange={(e) =>
                    set({
                      supporting: e.currentTarget.checked
                        ? [...input.supporting, a.code]
                        : input.supporting.filter((s) => s !== a.code),
                    })
                  }
                />
                <label for={`act-support-${a.code}`}>{a.name}</label>
              </div>
            ))}
        </div>
        {err('supporting') && <p class="field-error">{err('supporting')}</p>}
      </fieldset>,
    );
  }
  if (needs.includes('category')) {
    fields.push(
      <CategorySelect
        key="category"
        id="act-category"
        label={t('input.category')}
        required
        value={input.category}
        current={view.category}
        categories={props.categories}
        onChange={(category) => set({ category })}
        error={err('category')}
      />,
    );
  }
  if (action === 'forward') {
    // The supporting agencies other than the new lead: a confidential case
    // leaves them behind (its new lead chooses its own), an open one keeps
    // them. Either way they are told by e-mail; the form says so first.
    const supporters = (view.handling?.supporting ?? [])
      .map((s) => s.agency_code)
      .filter((code) => code !== input.agency_code)
      .map((code) => props.agencies.find((a) => a.code === code)?.name ?? code);
    if (supporters.length > 0) {
      const agencies = supporters.join(', ');
      fields.push(
        view.confidential ? (
          <p key="support" class="notice notice-warning" data-testid="forward-support" role="note">
            {t('forward.support_ends', { agencies })}
          </p>
        ) : (
          <p key="support" class="notice notice-info" data-testid="forward-support" role="note">
            {t('forward.support_stays', { agencies })}
          </p>
        ),
      );
    }
  }
  if (needs.includes('reason') && action !== 'reject') {
    fields.push(
      <Field key="reason" id="act-reason" label={label('input_reason', action, t('input.reason'))} error={err('reason')}>
        <textarea id="act-reason" rows={3} required={action !== 'categorize'} value={input.reason} onInput={(e) => set({ reason: e.currentTarget.value })} />
      </Field>,
    );
  }
  if (needs.includes('assignee')) {
    fields.push(
      <Field key="assignee" id="act-assignee" label={t('input.assignee')} hint={t('input.assignee_hint')} error={err('assignee')}>
        <input id="act-assignee" value={input.assignee} required onInput={(e) => set({ assignee: e.currentTarget.value })} />
      </Field>,
    );
  }
  if (needs.includes('into')) {
    fields.push(
      <Field key="into" id="act-into" label={t('input.into')} error={err('into')}>
        <input id="act-into" value={input.into} required onInput={(e) => set({ into: e.currentTarget.value })} />
      </Field>,
    );
  }
  if (needs.includes('text')) {
    fields.push(
      <Field
        key="text"
        id="act-text"
        label={textLabel}
        hint={label('input_hint', action, '')}
        error={err('text')}
      >
        <textarea
          id="act-text"
          rows={4}
          required={REQUIRED_TEXT.includes(action)}
          value={input.text}
          onInput={(e) => set({ text: e.currentTarget.value })}
        />
      </Field>,
    );
  }

  if (needs.includes('attachments')) {
    fields.push(
      <PhotoField
        key="attachments"
        id="act-photos"
        legend={t('input.photos')}
        hint={t('input.photos_hint', { n: MAX_PHOTOS })}
        photos={input.attachments}
        onChange={(attachments) => set({ attachments })}
      />,
    );
  }
  return (
    <form
      ref={form}
      class="card action-form"
      onSubmit={send}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onCancel();
      }}
      aria-labelledby="action-form-title"
    >
      <h3 id="action-form-title">{label('action', action)}</h3>
      <p class="hint">{label('action_help', action, '')}</p>
      {fields}
      {error !== null && problems.length === 0 && <ErrorBox error={error} />}
      <div class="row">
        <button type="submit" class="button primary" disabled={busy}>
          {t('actions.confirm', { action: label('action', action) })}
        </button>
        <button type="button" class="button secondary" onClick={props.onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}

export function ActionPanel(props: {
  view: CaseView;
  allowed: string[];
  etag: string;
  agencies: Agency[];
  categories: Category[];
  principal: Principal;
  onChanged: (message: string, forwardedTo?: string) => void;
  onUnauthenticated: () => void;
}) {
  // A form left open when the session expired opens again with its text.
  const [open, setOpen] = useState<string | null>(() => {
    const kept = loadDraft(props.view.tracking_code);
    return kept && props.allowed.includes(kept.action) ? kept.action : null;
  });
  // "Choose another agency" opens the disposition form without the
  // proposal preselected.
  const [override, setOverride] = useState(false);
  const buttons = useRef<Record<string, HTMLButtonElement | null>>({});
  const close = () => {
    const which = open;
    clearDraft(props.view.tracking_code);
    setOpen(null);
    if (which) requestAnimationFrame(() => buttons.current[which]?.focus());
  };
  // An action the case no longer allows (another officer moved it) closes;
  // its draft stays for when it is allowed again.
  useEffect(() => {
    if (open && !props.allowed.includes(open)) setOpen(null);
  }, [open, props.allowed.join(',')]);
  if (props.allowed.length === 0) {
    // An agency's officer on a case another agency leads (forwarded away, or
    // never theirs): the reason is the case's place, not its status.
    const p = props.principal;
    const lead = props.view.agency_code;
    const elsewhere =
      AGENCY_ROLES.includes(p.role) &&
      !!p.agency_code &&
      !!lead &&
      lead !== p.agency_code &&
      !props.view.handling?.supporting.some((s) => s.agency_code === p.agency_code);
    // A head reading the case of a unit under its agency: the unit's
    // officers act on it, the head follows it (GET /api/v1/cases lists it).
    const units = p.role === 'agency_head' && p.agency_code ? unitsUnder(props.agencies, p.agency_code) : [];
    const unit = !elsewhere
      ? undefined
      : units.includes(lead)
        ? lead
        : props.view.handling?.supporting.find((s) => units.includes(s.agency_code))?.agency_code;
    const nameOf = (code: string) => props.agencies.find((a) => a.code === code)?.name ?? code;
    return (
      <p class="muted" data-testid="actions-none">
        {unit
          ? t('actions.unit_reads', { agency: nameOf(unit) })
          : elsewhere
            ? t('actions.led_elsewhere', { agency: nameOf(lead) })
            : t('actions.none')}
      </p>
    );
  }
  const showProposal = props.allowed.includes('dispose') && !!proposal(props.view) && open === null;
  return (
    <div class="actions">
      {showProposal && (
        <ProposalBox
          view={props.view}
          etag={props.etag}
          agencies={props.agencies}
          onDone={props.onChanged}
          onStale={props.onChanged}
          onOverride={() => {
            setOverride(true);
            setOpen('dispose');
          }}
        />
      )}
      <div class="action-buttons" role="group" aria-label={t('actions.title')}>
        {props.allowed.map((a) => (
          <button
            key={a}
            type="button"
            ref={(el) => {
              buttons.current[a] = el;
            }}
            class={open === a ? 'button primary' : 'button secondary'}
            aria-expanded={open === a}
            data-action={a}
            onClick={() => {
              setOverride(false);
              if (open === a) clearDraft(props.view.tracking_code);
              setOpen(open === a ? null : a);
            }}
          >
            {label('action', a)}
          </button>
        ))}
      </div>
      {open && (
        <ActionForm
          key={open}
          action={open}
          agency={open === 'dispose' && override ? '' : undefined}
          view={props.view}
          etag={props.etag}
          agencies={props.agencies}
          categories={props.categories}
          principal={props.principal}
          onUnauthenticated={props.onUnauthenticated}
          onCancel={close}
          onDone={(m, forwardedTo) => {
            setOpen(null);
            props.onChanged(m, forwardedTo);
          }}
          onStale={(m) => {
            // Someone else changed the case meanwhile: the form closes while
            // the officer reads the new state, and what they typed stays (the
            // draft), there again when they reopen the action.
            setOpen(null);
            props.onChanged(m);
          }}
        />
      )}
    </div>
  );
}
