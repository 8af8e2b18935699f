// The tracking page: status, deadline, the public timeline with the agency's
// responses; with the reporter secret, the reporter's own actions
// (provide requested information, with photos and PDF documents as on the
// report form, reopen within the window, close).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { agencies, agencyName } from '../catalogue';
import { formatCode, formatDateTime } from '../format';
import { label, t, tn } from '../i18n';
import { Link } from '../router';
import { eventAttachments, TimelineList } from '../timeline';
import type { Attachment, CaseEvent, CaseView, Timeline } from '../types';
import { DeadlineBadge, ErrorBox, errorText, Field, Loading, PageTitle, StatusBadge, useAsync } from '../ui';
import { MAX_PHOTOS, PhotoField } from './photos';
import { DeviceCases } from './device_cases';
import { RatingBox } from './rating';
import { normalizeCode, saveCase, savedCases, secretFor, useCodeForm } from './receipts';
import { AttachmentList } from '../attachments';

// The tracking code form: an empty code or one of the wrong length is said
// at once, without asking the server.
export function CodeForm({ initial = '' }: { initial?: string }) {
  const { code, setCode, problem, submit } = useCodeForm('track-code', initial);
  return (
    <form class="card" noValidate onSubmit={submit}>
      <Field id="track-code" label={t('track.code_label')} hint={t('track.code_hint')} error={problem || undefined} alert>
        <input
          id="track-code"
          value={code}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? 'track-code-hint track-code-error' : 'track-code-hint'}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
      </Field>
      <button type="submit" class="button primary">
        {t('action.track')}
      </button>
    </form>
  );
}

export function TrackForm() {
  return (
    <section>
      <PageTitle>{t('track.form_title')}</PageTitle>
      <CodeForm />
      <DeviceCases />
    </section>
  );
}

interface Loaded {
  view: CaseView;
  timeline: Timeline | null;
  etag: string;
}

async function load(code: string, secret: string): Promise<Loaded> {
  const headers: Record<string, string> = secret ? { 'X-Reporter-Secret': secret } : {};
  const path = `/api/v1/cases/${encodeURIComponent(code)}`;
  const view = await api<CaseView>(path, { headers });
  if (!secret) return { view: view.data, timeline: null, etag: view.headers.get('ETag') ?? '' };
  const timeline = await api<Timeline>(`${path}/timeline`, { headers });
  return { view: view.data, timeline: timeline.data, etag: timeline.headers.get('ETag') ?? '' };
}

function ReporterAction(props: {
  action: 'provide_info' | 'reopen' | 'close';
  code: string;
  secret: string;
  etag: string;
  reopenUntil?: string;
  question?: string;
  // provide_info on a case rejected as incomplete: completing it, not
  // answering a question.
  rejected?: boolean;
  onDone: () => void;
  // Told when the server took the action (after onDone).
  onSent: (action: 'provide_info' | 'reopen' | 'close') => void;
}) {
  // What is typed is kept in this tab until it is sent: a failed answer or
  // a reload does not lose it.
  const draftKey = `sigap.reply.${props.code}.${props.action}`;
  const [text, setTextState] = useState(() => {
    try {
      return sessionStorage.getItem(draftKey) ?? '';
    } catch {
      return '';
    }
  });
  const setText = (value: string) => {
    setTextState(value);
    try {
      if (value) sessionStorage.setItem(draftKey, value);
      else sessionStorage.removeItem(draftKey);
    } catch {
      // Storage refused (private mode): the text stays in the form.
    }
  };
  // The information asked for may be a photo or a document: uploaded as on
  // the report form (photos shrunk first), named by the answer.
  const [files, setFiles] = useState<Attachment[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const field = props.action === 'reopen' ? 'reason' : 'text';
  const withFiles = props.action === 'provide_info';
  const send = async (event: Event) => {
    event.preventDefault();
    if (uploading) return;
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { action: props.action };
      if (props.action !== 'close') body[field] = text.trim();
      if (withFiles && files.length > 0) {
        body.attachments = files.map(({ name, sha256, upload_token }) => ({ name, sha256, upload_token }));
      }
      await api(`/api/v1/cases/${encodeURIComponent(props.code)}/events`, {
        method: 'POST',
        body,
        headers: { 'X-Reporter-Secret': props.secret, 'If-Match': props.etag },
      });
      setText('');
      setFiles([]);
      props.onDone();
      props.onSent(props.action);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && (e.status === 412 || e.status === 409)) props.onDone();
    } finally {
      setBusy(false);
    }
  };
  const id = `reporter-${props.action}`;
  return (
    <form class="card" onSubmit={send}>
      <h3>{props.rejected ? t('track.complete_title') : label('reporter_action', props.action)}</h3>
      <p class="hint">
        {props.rejected ? t('track.complete_help') : label('reporter_action_help', props.action)}
        {props.action === 'reopen' && props.reopenUntil &&
          ' ' + t('track.reopen_until', { date: formatDateTime(props.reopenUntil) })}
      </p>
      {props.question && (
        <blockquote class="question">
          <p class="response-label">{props.rejected ? t('track.rejection_note') : t('track.question')}</p>
          <p class="pre">{props.question}</p>
        </blockquote>
      )}
      {props.rejected && (
        <p class="hint">
          {t('track.complete_or_new')} <Link href="/lapor">{t('track.new_report')}</Link>
        </p>
      )}
      {props.action !== 'close' && (
        <Field id={id} label={label('reporter_action_field', props.action)}>
          <textarea id={id} rows={4} value={text} required onInput={(e) => setText(e.currentTarget.value)} />
        </Field>
      )}
      {withFiles && (
        <PhotoField
          documents
          id={`${id}-files`}
          hint={t('track.files_hint', { n: MAX_PHOTOS })}
          photos={files}
          onChange={setFiles}
          onBusy={setUploading}
        />
      )}
      {error !== null && <ErrorBox error={error} focus testid={`${id}-error`} />}
      <button
        type="submit"
        class="button primary"
        disabled={busy || uploading || (props.action !== 'close' && !text.trim())}
      >
        {label('reporter_action', props.action)}
      </button>
    </form>
  );
}

// One answer of the agency: what kind, when, its words and files.
function Response({ event, code, secret }: { event: CaseEvent; code: string; secret: string }) {
  return (
    <div class="response">
      <p class="muted">
        {label('event', event.kind)} · {formatDateTime(event.at)}
      </p>
      <p class="pre">{String(event.payload?.text ?? '')}</p>
      {eventAttachments(event).length > 0 && (
        <AttachmentList code={code} attachments={eventAttachments(event)} secret={secret} />
      )}
    </div>
  );
}

export function TrackPage({ code: given }: { code: string }) {
  const code = normalizeCode(given);
  const [secret, setSecret] = useState(() => secretFor(code));
  // What the reporter's last action did, said where the focus goes.
  const [sent, setSent] = useState({ text: '', n: 0 });
  const sentBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (sent.text) sentBox.current?.focus();
  }, [sent]);
  const [secretInput, setSecretInput] = useState('');
  const data = useAsync(() => load(code, secret), [code, secret]);
  const agencyList = useAsync(() => agencies(), []);

  const confidential =
    data.error instanceof ApiError && (data.error.status === 403 || data.error.status === 401);
  const wrongSecret = data.error instanceof ApiError && secret !== '' && data.error.status === 403;
  const notFound = data.error instanceof ApiError && data.error.status === 404;
  // The code's check character does not match: a character mistyped or two
  // neighbours swapped, not a code of no report.
  const mistyped =
    notFound && (data.error as ApiError).fields.some((f) => f.field === 'tracking_code' && f.code === 'mistyped');
  const secretForm = (wrong: boolean) => (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        setSecret(secretInput.trim().toUpperCase());
      }}
    >
      <Field id="secret" label={t('track.secret_label')} hint={t('track.secret_hint')}>
        <input
          id="secret"
          value={secretInput}
          autocomplete="off"
          spellcheck={false}
          aria-invalid={wrong ? 'true' : undefined}
          aria-describedby={wrong ? 'secret-hint secret-wrong' : 'secret-hint'}
          onInput={(e) => setSecretInput(e.currentTarget.value)}
        />
      </Field>
      <button type="submit" class="button secondary">
        {t('track.secret_submit')}
      </button>
    </form>
  );

  if (data.error !== undefined && !data.data) {
    return (
      <section>
        <PageTitle title={t('title.track', { code: formatCode(code) })}>{t('track.title', { code: formatCode(code) })}</PageTitle>
        {confidential ? (
          wrongSecret ? (
            <p class="notice notice-warning" role="alert" id="secret-wrong" data-testid="secret-wrong">
              {t('track.secret_wrong')}
            </p>
          ) : (
            <p class="notice notice-warning">{t('track.confidential')}</p>
          )
        ) : mistyped ? (
          <div class="notice notice-error" role="alert" data-testid="track-mistyped">
            <p>{t('track.mistyped')}</p>
            <p>{t('track.mistyped_help')}</p>
          </div>
        ) : notFound ? (
          <p class="notice notice-error" role="alert" data-testid="track-not-found">
            {t('track.not_found')}
          </p>
        ) : (
          <ErrorBox error={data.error} onRetry={data.reload} />
        )}
        {confidential && secretForm(wrongSecret)}
        {notFound && <CodeForm initial={formatCode(code)} />}
      </section>
    );
  }
  if (!data.data) return <Loading />;
  const { view, timeline, etag } = data.data;
  // The server answers a wrong secret with the public view: no reporter actions.
  const secretAccepted = timeline !== null && Array.isArray(timeline.allowed_actions);
  if (secretAccepted && !savedCases().some((c) => c.tracking_code === view.tracking_code)) {
    saveCase({ tracking_code: view.tracking_code, reporter_secret: secret, title: view.title, created_at: view.created_at });
  }
  const events = timeline?.events ?? view.timeline;
  const allowed = (timeline?.allowed_actions ?? []).filter(
    (a): a is 'provide_info' | 'reopen' | 'close' => a === 'provide_info' || a === 'reopen' || a === 'close',
  );
  const deadline = timeline?.deadline ?? view.deadline;
  const isResponse = (e: CaseEvent) => (e.kind === 'resolved' || e.kind === 'public_update') && !!e.payload?.text;
  // A reopen sets the agency's answers before it aside: they are the case's
  // history, no longer its answer.
  const reopenedAt = events.reduce((last, e, i) => (e.kind === 'reopened' ? i : last), -1);
  const reopened = reopenedAt >= 0 ? events[reopenedAt] : undefined;
  const responses = events.filter((e, i) => i > reopenedAt && isResponse(e));
  const earlier = events.filter((e, i) => i <= reopenedAt && isResponse(e));
  const resolvedCount = events.filter((e) => e.kind === 'resolved').length;
  const settled = view.status === 'resolved' || view.status === 'closed';
  const names = agencyList.data ?? [];
  // The agency handling the case once it was disposed, through the wait for
  // the information it asked for; a received case's agency is only the
  // routing's proposal, not shown as handling it.
  const handlingAgency =
    view.agency_code !== '' &&
    (['disposed', 'in_progress', 'resolved', 'closed'].includes(view.status) ||
      events.some((e) => e.kind === 'disposed' || e.kind === 'forwarded'));

  return (
    <article class="track">
      <PageTitle title={t('title.track', { code: formatCode(view.tracking_code) })}>{view.title}</PageTitle>
      <p class="muted">
        {t('track.code_is')} <span class="code">{formatCode(view.tracking_code)}</span>
      </p>
      <dl class="facts">
        <dt>{t('case.status')}</dt>
        <dd>
          <StatusBadge status={view.status} />
        </dd>
        <dt>{t('case.kind')}</dt>
        <dd>{label('kind', view.kind)}</dd>
        {view.service && (
          <>
            <dt>{t('case.service')}</dt>
            <dd lang="id">{view.service.name}</dd>
          </>
        )}
        {handlingAgency && (
          <>
            <dt>{t('case.agency')}</dt>
            <dd>{agencyName(names, view.agency_code)}</dd>
          </>
        )}
        <dt>{t('case.created')}</dt>
        <dd>{formatDateTime(view.created_at)}</dd>
        {deadline.state !== 'none' && (
          <>
            <dt>{t('case.deadline')}</dt>
            <dd>
              <DeadlineBadge deadline={deadline} />{' '}
              {deadline.due_at && deadline.state !== 'paused' && (
                <span>
                  {label('stage', deadline.stage ?? '')}: {formatDateTime(deadline.due_at)}
                </span>
              )}
              {deadline.state === 'paused' && <span>{t('deadline.paused_help')}</span>}
              {deadline.state === 'awaiting_calendar' && <span>{t('deadline.awaiting_calendar_help')}</span>}
            </dd>
          </>
        )}
        {view.reject_reason && (
          <>
            <dt>{t('case.reject_reason')}</dt>
            <dd>{label('reject_reason', view.reject_reason)}</dd>
          </>
        )}
      </dl>
      <section class="card">
        <h2>{t('track.description')}</h2>
        <p class="pre" data-testid="case-description">
          {view.description}
        </p>
        {secret && view.attachments && view.attachments.length > 0 && (
          <AttachmentList code={view.tracking_code} attachments={view.attachments} secret={secret} />
        )}
      </section>
      {reopened && !settled && (
        <p class="notice notice-info" data-testid="reopened-notice">
          {t('track.reopened_notice', { date: formatDateTime(reopened.at) })}
        </p>
      )}
      {responses.length > 0 && (
        <section class="card responses" aria-labelledby="responses-title">
          <h2 id="responses-title">{t('track.responses')}</h2>
          {[...responses].reverse().map((e, i) => (
            <Response key={i} event={e} code={view.tracking_code} secret={secret} />
          ))}
        </section>
      )}
      <div role="status" tabIndex={-1} ref={sentBox} data-testid="reporter-action-done">
        {sent.text && <p class="notice notice-info">{sent.text}</p>}
      </div>
      {allowed.length > 0 && (
        <section aria-labelledby="reporter-actions">
          <h2 id="reporter-actions">{t('track.your_actions')}</h2>
          {allowed.map((a) => (
            <ReporterAction
              key={a}
              action={a}
              code={view.tracking_code}
              secret={secret}
              etag={etag}
              reopenUntil={deadline.reopen_until}
              rejected={a === 'provide_info' && view.status === 'rejected'}
              question={
                a === 'provide_info'
                  ? String(
                      [...events]
                        .reverse()
                        .find((e) => e.kind === (view.status === 'rejected' ? 'rejected' : 'info_requested'))
                        ?.payload?.text ?? '',
                    )
                  : undefined
              }
              onDone={data.reload}
              onSent={(action) => setSent((s) => ({ text: label('reporter_action_done', action), n: s.n + 1 }))}
            />
          ))}
        </section>
      )}
      {secretAccepted && settled && (
        // One rating per answer: an answer given after a reopen is rated anew.
        <RatingBox key={resolvedCount} code={view.tracking_code} secret={secret} rating={view.rating} />
      )}
      {earlier.length > 0 && (
        <section class="card responses earlier" aria-labelledby="earlier-title" data-testid="earlier-responses">
          <h2 id="earlier-title">{t('track.earlier_responses')}</h2>
          <p class="hint">{t('track.earlier_help')}</p>
          {[...earlier].reverse().map((e, i) => (
            <Response key={i} event={e} code={view.tracking_code} secret={secret} />
          ))}
          {(view.earlier_ratings ?? []).map((r) => (
            <p key={r.resolution} data-testid="earlier-rating">
              {tn('track.earlier_rating', r.stars, { stars: r.stars, date: formatDateTime(r.rated_at) })}
            </p>
          ))}
        </section>
      )}
      <section class="card">
        <h2>{t('track.timeline')}</h2>
        <TimelineList
          events={events}
          officer={false}
          agencyName={(c) => agencyName(names, c)}
          code={view.tracking_code}
          secret={secret}
        />
      </section>
      {secret && !secretAccepted && (
        <p class="notice notice-warning" role="alert" id="secret-wrong" data-testid="secret-wrong">
          {t('track.secret_wrong')}
        </p>
      )}
      {(!secret || !secretAccepted) && secretForm(!!secret && !secretAccepted)}
      {data.error !== undefined && <p class="notice notice-error">{errorText(data.error)}</p>}
    </article>
  );
}
