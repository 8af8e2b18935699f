// A case's events as a list: what happened, when, by whom, and the text.
// Every value is rendered as text (Preact escapes it); nothing from a case
// ever reaches innerHTML.
import { AttachmentList } from './attachments';
import { formatCode, formatDateTime } from './format';
import { Link } from './router';
import { label, t, tn } from './i18n';
import type { Attachment, CaseEvent } from './types';

function str(payload: Record<string, unknown> | null | undefined, key: string): string {
  const v = payload?.[key];
  return typeof v === 'string' ? v : '';
}

// The files an event names: uploaded ones ({name, sha256, ...}), or names
// alone (files kept elsewhere, older events).
export function eventAttachments(e: CaseEvent): Attachment[] {
  const list = e.payload?.attachments;
  if (!Array.isArray(list)) return [];
  return list.map((a) =>
    typeof a === 'string'
      ? { name: a, content_type: '', size_bytes: 0, sha256: '' }
      : { content_type: '', size_bytes: 0, sha256: '', ...(a as Partial<Attachment>), name: String((a as Attachment).name ?? '') },
  );
}

// Who an escalation went to (the `to` of its payload), in words: an
// account's name, an agency's officers or head by the agency's name, the
// verifiers, the Inspektorat, the reporter, a webhook.
function audienceLabel(to: string, agencyName: (code: string) => string): string {
  const colon = to.indexOf(':');
  const kind = colon < 0 ? to : to.slice(0, colon);
  const rest = colon < 0 ? '' : to.slice(colon + 1);
  if (kind === 'user' && rest) return rest;
  if (kind === 'agency' && rest) return t('escalation.to_agency', { agency: agencyName(rest) });
  if (kind === 'agency_head' && rest) return t('escalation.to_agency_head', { agency: agencyName(rest) });
  if (kind === 'webhook' && rest) return t('escalation.to_webhook', { id: rest });
  if (!rest) return label('escalation_audience', kind, to);
  return to;
}

// An escalation line: the step of the chain ("due_soon:handler",
// "overdue:agency_head", "overdue+3:inspectorate") or the policy rule
// ("policy:7") that raised it, and who was told. The step that warns ahead
// of the deadline tells; the later ones pass the case up.
function escalationSummary(p: Record<string, unknown>, agencyName: (code: string) => string): string {
  const rule = str(p, 'rule');
  const to = str(p, 'to');
  const when = rule.split(':')[0];
  const late = /^overdue\+(\d+)$/.exec(when);
  const step =
    when === 'due_soon'
      ? t('escalation.due_soon')
      : when === 'overdue'
        ? t('escalation.overdue')
        : late
          ? tn('escalation.overdue_days', Number(late[1]))
          : when === 'policy'
            ? t('escalation.policy')
            : '';
  if (!step) return label('event', 'escalated');
  if (!to) return step;
  const key = when === 'due_soon' ? 'escalation.told' : 'escalation.passed';
  return t(key, { step, audience: audienceLabel(to, agencyName) });
}

function summary(
  e: CaseEvent,
  categoryName: (code: string) => string,
  agencyName: (code: string) => string,
): string {
  const p = e.payload ?? {};
  // The agency's name, as the rest of the page shows it, not its code.
  const agency = str(p, 'agency_name') || (str(p, 'agency_code') ? agencyName(str(p, 'agency_code')) : '');
  switch (e.kind) {
    case 'disposed':
    case 'forwarded':
    case 'input_requested':
      return agency ? t(`event_to.${e.kind}` as 'event_to.disposed', { agency }) : label('event', e.kind);
    case 'rejected':
      return t('event_to.rejected', { reason: label('reject_reason', str(p, 'reason')) });
    case 'merged':
      return str(p, 'into') ? t('event_to.merged', { code: str(p, 'into') }) : label('event', e.kind);
    case 'agency_added':
      return agency ? t('event_to.agency_added', { agency }) : label('event', e.kind);
    case 'input_provided':
      return agency ? t('event_to.input_provided', { agency }) : label('event', e.kind);
    case 'notified':
      return str(p, 'to')
        ? t('event_to.notified', { audience: audienceLabel(str(p, 'to'), agencyName) })
        : label('event', e.kind);
    case 'priority_raised':
      return t('event_to.priority_raised', { level: label('priority', p.level === 2 ? 'urgent' : 'high') });
    case 'categorized':
      return str(p, 'category')
        ? t('event_to.categorized', { category: categoryName(str(p, 'category')) })
        : label('event', e.kind);
    case 'deadline_counted':
      return str(p, 'due_at')
        ? t('event_to.deadline_counted', { date: formatDateTime(str(p, 'due_at')) })
        : label('event', e.kind);
    case 'escalated':
      return escalationSummary(p, agencyName);
    case 'assigned':
      return str(p, 'assignee')
        ? t('event_to.assigned', { user: str(p, 'assignee') })
        : label('event', e.kind);
    default:
      return label('event', e.kind);
  }
}

// "Digabung ke laporan <link>", "Ditolak: sama dengan laporan <link>": the
// sentence around a link to the other case, the officer's case page for
// officers and the tracking page for the citizen.
type CaseLinkKey = 'event_to.merged' | 'event_to.merged_in' | 'event_to.rejected_duplicate';

function CaseLinkSummary(props: { textKey: CaseLinkKey; code: string; officer: boolean }) {
  const [before, after = ''] = t(props.textKey, { code: '\u0000' }).split('\u0000');
  const href = props.officer ? `/petugas/kasus/${props.code}` : `/lacak/${props.code}`;
  return (
    <>
      {before}
      <Link href={href} data-case-link={props.code}>
        {formatCode(props.code)}
      </Link>
      {after}
    </>
  );
}

// A deadline moved (deadline_adjusted): the stage's old and new dates, the
// reopening window's when that moved too, and why, in words. The working
// calendar's change writes reason "calendar"; a policy rule writes none
// but its rule_id (its note is shown apart, to officers).
function DeadlineMoves(props: { payload: Record<string, unknown> }) {
  const p = props.payload;
  const moves: { stage: string; before: string; after: string }[] = [];
  // A rule moving the reopening window names it as its stage.
  if (str(p, 'due_before') && str(p, 'due_at')) {
    moves.push({ stage: str(p, 'stage'), before: str(p, 'due_before'), after: str(p, 'due_at') });
  }
  if (str(p, 'reopen_before') && str(p, 'reopen_until')) {
    moves.push({ stage: 'reopen_window', before: str(p, 'reopen_before'), after: str(p, 'reopen_until') });
  }
  const reason = str(p, 'reason');
  const why = reason
    ? label('deadline_reason', reason)
    : p.rule_id !== undefined
      ? t('deadline_reason.policy')
      : '';
  return (
    <>
      {moves.map((m, i) => (
        <p class="muted" data-testid="deadline-moved" key={i}>
          {t('event.deadline_moved', {
            stage: label('stage', m.stage, t('case.deadline')),
            before: formatDateTime(m.before),
            after: formatDateTime(m.after),
          })}
        </p>
      ))}
      {why && (
        <p class="event-reason" data-testid="deadline-reason">
          {t('event.reason', { reason: why })}
        </p>
      )}
    </>
  );
}

// A policy rule's note, "otomatis: aturan NAME vV, dasar: BASIS" as the
// server writes it (adapt::AutomaticNote), in the reader's language; any
// other note as it is.
function ruleNote(note: string): string {
  const m = /^otomatis: aturan (.*) v(\d+), dasar: ([\s\S]*)$/.exec(note);
  return m ? t('event.rule_note', { name: m[1], version: m[2], basis: m[3] }) : note;
}

// Who did something, for people: "admin" for "user:admin", a role's label
// for the citizen or the system, an API key's name, an import (from a named
// older system with "import:<source>").
export function actorLabel(actor: string): string {
  if (actor === 'citizen' || actor === 'system' || actor === 'officer') return label('actor', actor);
  if (actor === 'import') return t('actor.import_plain');
  if (actor.startsWith('apikey:')) return t('actor.api', { name: actor.slice('apikey:'.length) });
  if (actor.startsWith('import:')) return t('actor.import', { source: actor.slice('import:'.length) });
  return actor.replace(/^user:/, '');
}

// Who did something, on officers' screens: the officer's full name when the
// API gave one (the `*_name` beside an actor) followed by the username, as
// text everyone reads (a hover title is out of reach of a keyboard, a touch
// screen and most screen readers: WCAG 1.3.1, 2.1.1); else as actorLabel.
// Never on the citizen's screens (the API does not give the public or the
// reporter a name).
export function actorText(actor: string, name?: string | null): string {
  return name ? `${name} (${actorLabel(actor)})` : actorLabel(actor);
}

export function ActorName(props: { actor: string; name?: string | null }) {
  if (!props.name) return <>{actorLabel(props.actor)}</>;
  return (
    <span class="actor-name" data-actor={props.actor}>
      {props.name} <span class="actor-username">({actorLabel(props.actor)})</span>
    </span>
  );
}

export function EventItem(props: {
  event: CaseEvent;
  officer: boolean;
  agencyName?: (code: string) => string;
  categoryName?: (code: string) => string;  // a category's name (issue 8)
  code?: string;  // the case's tracking code: its files are listed with links
  secret?: string;
}) {
  const { event, officer } = props;
  const name = props.agencyName ?? ((code: string) => code);
  const p = event.payload ?? {};
  const text = str(p, 'text');
  // A rejection's reason is its summary; a moved deadline says its own.
  const reason = event.kind === 'rejected' || event.kind === 'deadline_adjusted' ? '' : str(p, 'reason');
  const supporting = Array.isArray(p.supporting) ? (p.supporting as string[]) : [];
  const response = event.kind === 'resolved' || event.kind === 'public_update';
  const files = eventAttachments(event);
  // A merge names the other case on both sides, and a rejection as a
  // duplicate the case it duplicates, as a link to it.
  const other: { textKey: CaseLinkKey; code: string } | null =
    event.kind === 'merged' && str(p, 'into')
      ? { textKey: 'event_to.merged', code: str(p, 'into') }
      : event.kind === 'merged_in' && str(p, 'from')
        ? { textKey: 'event_to.merged_in', code: str(p, 'from') }
        : event.kind === 'rejected' && str(p, 'duplicate_of')
          ? { textKey: 'event_to.rejected_duplicate', code: str(p, 'duplicate_of') }
          : null;
  return (
    <li class={`event event-${event.kind}${officer && event.public === false ? ' internal' : ''}`}>
      <p class="event-head">
        <strong>
          {other ? (
            <CaseLinkSummary {...other} officer={officer} />
          ) : (
            summary(event, props.categoryName ?? ((code: string) => code), name)
          )}
        </strong>
        <span class="muted">
          {' · '}
          <time dateTime={event.at}>{formatDateTime(event.at)}</time>
          {' · '}
          {officer ? <ActorName actor={event.actor} name={event.actor_name} /> : actorLabel(event.actor)}
        </span>
      </p>
      {supporting.length > 0 && (
        <p class="muted">{t('event.supporting', { agencies: supporting.map(name).join(', ') })}</p>
      )}
      {reason && <p class="event-reason">{t('event.reason', { reason })}</p>}
      {event.kind === 'deadline_adjusted' && <DeadlineMoves payload={p} />}
      {event.kind === 'escalated' && str(p, 'stage') && str(p, 'due_at') && (
        <p class="muted" data-testid="escalation-due">
          {label('stage', str(p, 'stage'))}: {formatDateTime(str(p, 'due_at'))}
        </p>
      )}
      {officer && str(p, 'note') && (
        <p class="event-rule muted" data-testid="rule-note">
          {ruleNote(str(p, 'note'))}
        </p>
      )}
      {text && (
        <div class={response ? 'event-text response' : 'event-text'}>
          {response && <p class="response-label">{t('event.response_label')}</p>}
          <p class="pre">{text}</p>
        </div>
      )}
      {files.length > 0 && props.code && (
        <AttachmentList code={props.code} attachments={files} secret={props.secret} />
      )}
    </li>
  );
}

export function TimelineList(props: {
  events: CaseEvent[];
  officer: boolean;
  agencyName?: (code: string) => string;
  categoryName?: (code: string) => string;
  code?: string;
  secret?: string;
}) {
  const { events, officer } = props;
  if (events.length === 0) return <p class="muted">{t('timeline.empty')}</p>;
  return (
    <ol class="timeline">
      {[...events].reverse().map((e, i) => (
        <EventItem
          key={`${e.at}-${i}`}
          event={e}
          officer={officer}
          agencyName={props.agencyName}
          categoryName={props.categoryName}
          code={props.code}
          secret={props.secret}
        />
      ))}
    </ol>
  );
}
