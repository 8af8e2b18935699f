// The submission form: kind, service, text, photos and PDF documents, place
// (map pin, "use my location", or the kecamatan/kelurahan lists), optional
// contact, anonymous and confidential. The draft lives in localStorage; sending goes through
// the outbox (same Idempotency-Key on every retry).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { NetworkError, type FieldProblem } from '../api';
import { categories, districts, services, villages } from '../catalogue';
import { CategorySelect } from '../category_select';
import { formatTime, locale } from '../format';
import { label, t, tn } from '../i18n';
import type { PickedPlace } from '../map/map';
import { MapView } from '../map/map_view';
import { navigate, useLocation } from '../router';
import { CASE_KINDS, type CaseKind, type Service, type ServiceAttribute } from '../types';
import { ErrorBox, errorText, Field, fieldError, PageTitle, useAsync } from '../ui';
import { NearbyBox } from './nearby';
import { MAX_PHOTOS, PhotoField } from './photos';
import {
  answerField,
  answerId,
  answersBody,
  missingAnswers,
  ServiceQuestions,
  splitQuestion,
} from './questions';
import {
  acknowledge,
  cancelPending,
  clearDraft,
  enqueue,
  flush,
  loadDraft,
  pending,
  saveDraft,
  useOutbox,
  type Fields,
  type Pending,
} from './outbox';

// The server's limit of a description.
const DESCRIPTION_MAX = 5000;

const EMPTY: Fields = {
  kind: 'complaint',
  service_code: '',
  category: '',
  title: '',
  description: '',
  lat: null,
  lng: null,
  district_code: '',
  region_code: '',
  address: '',
  name: '',
  phone: '',
  email: '',
  anonymous: false,
  confidential: false,
  answers: {},
};

function bodyOf(f: Fields, questions: ServiceAttribute[] | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {
    kind: f.kind,
    title: f.title.trim(),
    description: f.description.trim(),
    anonymous: f.anonymous,
    confidential: f.confidential,
  };
  if (f.service_code) body.service_code = f.service_code;
  else if (f.category.trim()) body.category = f.category.trim();
  const location: Record<string, unknown> = {};
  if (f.lat !== null && f.lng !== null) {
    location.lat = f.lat;
    location.lng = f.lng;
  }
  if (f.region_code) location.region_code = f.region_code;
  if (f.address.trim()) location.address = f.address.trim();
  if (Object.keys(location).length > 0) body.location = location;
  const reporter: Record<string, string> = {};
  if (f.name.trim()) reporter.name = f.name.trim();
  if (f.phone.trim()) reporter.phone = f.phone.trim();
  if (f.email.trim()) reporter.email = f.email.trim();
  if (Object.keys(reporter).length > 0) body.reporter = reporter;
  if (f.service_code) {
    const answers = answersBody(questions, f.answers);
    if (Object.keys(answers).length > 0) body.attributes = answers;
  }
  if (f.photos && f.photos.length > 0) body.attachments = f.photos;
  return body;
}

// The checks the server makes too, so the citizen hears of them offline.
function localProblems(f: Fields, questions: ServiceAttribute[] | undefined): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!f.title.trim()) out.push({ field: 'title', code: 'required', message: '' });
  if (!f.description.trim()) out.push({ field: 'description', code: 'required', message: '' });
  if (f.service_code) out.push(...missingAnswers(questions, f.answers));
  if (f.kind === 'request' && !f.service_code) {
    out.push({ field: 'service_code', code: 'required_for_request', message: '' });
  }
  const digits = f.phone.replace(/\D/g, '').length;
  if (f.phone.trim() && (digits < 8 || digits > 15 || /[^\d+\s-]/.test(f.phone))) {
    out.push({ field: 'reporter.phone', code: 'invalid_phone', message: '' });
  }
  if (f.email.trim() && !/^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/.test(f.email.trim())) {
    out.push({ field: 'reporter.email', code: 'invalid_email', message: '' });
  }
  return out;
}

// A wait in words: "40 detik", "3 menit", "2 jam".
function waitText(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return tn('wait.seconds', seconds);
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return tn('wait.minutes', minutes);
  return tn('wait.hours', Math.ceil(minutes / 60));
}

// The server answered but did not take the report (busy, maintenance, too
// many submissions): said as such rather than as a lost connection, in the
// server's own words too, with when Sigap tries again.
function ServerBusy({ server, retryAt }: { server: NonNullable<Pending['server']>; retryAt?: number }) {
  const { status, detail } = server;
  return (
    <>
      <p data-testid="server-busy">
        {status === 429 ? t('submit.server_limited') : t('submit.server_busy', { status })}
      </p>
      {detail && <p data-testid="server-detail">{t('submit.server_detail', { detail })}</p>}
      {retryAt !== undefined && (
        <p data-testid="retry-at">
          {t('submit.retry_at', { time: formatTime(retryAt), wait: waitText(retryAt - Date.now()) })}
        </p>
      )}
    </>
  );
}

function PendingBox() {
  const state = useOutbox();
  const entry = pending();
  if (!entry && state.status !== 'sending') return null;
  const sending = state.status === 'sending';
  return (
    <div class="notice notice-warning" role="status" aria-live="polite">
      <p>
        <strong>{sending ? t('submit.sending') : t('submit.waiting_title')}</strong>
      </p>
      {!sending && entry?.server && <ServerBusy server={entry.server} retryAt={entry.retry_at} />}
      {!sending && !entry?.server && <p>{t('submit.waiting_body')}</p>}
      {!sending && (
        <div class="row">
          <button type="button" class="button primary" onClick={() => void flush()}>
            {t('submit.retry_now')}
          </button>
          <button type="button" class="button secondary" onClick={cancelPending}>
            {t('submit.edit_again')}
          </button>
        </div>
      )}
    </div>
  );
}

// A list of places that did not load: what happened, and a retry.
function ListFailed(props: { testid: string; text: string; error: unknown; onRetry: () => void }) {
  return (
    <div class="notice notice-error" role="alert" data-testid={props.testid}>
      <p>
        {props.text}{' '}
        {props.error instanceof NetworkError && !navigator.onLine ? t('submit.list_offline') : errorText(props.error)}
      </p>
      <button type="button" class="button secondary" onClick={props.onRetry}>
        {t('action.retry')}
      </button>
    </div>
  );
}

function PlaceFields(props: {
  fields: Fields;
  update: (patch: Partial<Fields>) => void;
}) {
  const { fields, update } = props;
  const districtList = useAsync(() => districts(), []);
  const villageList = useAsync(
    () => (fields.district_code ? villages(fields.district_code) : Promise.resolve([])),
    [fields.district_code],
  );
  const [focus, setFocus] = useState('');
  const [locating, setLocating] = useState<'' | 'busy' | 'denied' | 'outside'>('');

  // Offline the lists cannot load: that is said beside them, with a button
  // to try again, and they load by themselves once the phone is back online.
  const districtsFailed = districtList.error !== undefined;
  const villagesFailed = villageList.error !== undefined;
  useEffect(() => {
    if (!districtsFailed && !villagesFailed) return;
    const retry = () => {
      if (districtsFailed) districtList.reload();
      if (villagesFailed) villageList.reload();
    };
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [districtsFailed, villagesFailed]);

  const apply = (place: PickedPlace) => {
    update({
      lat: place.lat,
      lng: place.lng,
      region_code: place.region_code,
      district_code: place.region_code ? place.district_code : '',
    });
    setLocating(place.region_code ? '' : 'outside');
  };

  const useMyLocation = () => {
    if (!navigator.geolocation) return setLocating('denied');
    setLocating('busy');
    navigator.geolocation.getCurrentPosition(
      async (position) => {
        const { placeAt } = await import('../map/map');
        const place = await placeAt(position.coords.latitude, position.coords.longitude);
        apply(place);
        if (place.region_code) setFocus(place.region_code);
      },
      () => setLocating('denied'),
      { enableHighAccuracy: true, timeout: 15000 },
    );
  };

  const villageName = villageList.data?.find((v) => v.code === fields.region_code)?.name;
  const districtName = districtList.data?.find((d) => d.code === fields.district_code)?.name;

  return (
    <fieldset class="card">
      <legend>{t('submit.place_legend')}</legend>
      <p class="hint" id="place-hint">
        {t('submit.place_hint')}
      </p>
      <MapView
        label={t('submit.map_label')}
        pin={fields.lat !== null && fields.lng !== null ? { lat: fields.lat, lng: fields.lng } : null}
        region={fields.region_code}
        focus={focus}
        onPick={apply}
      />
      <div class="row">
        <button type="button" class="button secondary" onClick={useMyLocation}>
          {t('submit.use_location')}
        </button>
        {fields.lat !== null && (
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              update({ lat: null, lng: null });
              // The button goes with the pin: the focus goes on to the
              // lists, the keyboard's way to a place.
              requestAnimationFrame(() => document.getElementById('district')?.focus());
            }}
          >
            {t('submit.clear_pin')}
          </button>
        )}
      </div>
      <p role="status" class="place-status">
        {locating === 'busy' && t('submit.locating')}
        {locating === 'denied' && t('submit.location_denied')}
        {locating === 'outside' && t('submit.location_outside')}
        {locating === '' && fields.lat !== null &&
          (villageName
            ? t('submit.pin_in', { village: villageName, district: districtName ?? '' })
            : t('submit.pin_set'))}
      </p>
      <Field id="district" label={t('submit.district')}>
        <select
          id="district"
          value={fields.district_code}
          onChange={(e) => {
            // A pin outside the Pemda cannot stand beside a chosen kecamatan.
            const outside = locating === 'outside';
            update({
              district_code: e.currentTarget.value,
              region_code: '',
              ...(outside ? { lat: null, lng: null } : {}),
            });
            setLocating('');
          }}
        >
          <option value="">{t('submit.choose')}</option>
          {(districtList.data ?? []).map((d) => (
            <option key={d.code} value={d.code}>
              {d.name}
            </option>
          ))}
        </select>
      </Field>
      {districtsFailed && (
        <ListFailed
          testid="districts-failed"
          text={t('submit.districts_failed')}
          error={districtList.error}
          onRetry={districtList.reload}
        />
      )}
      <Field id="village" label={t('submit.village')}>
        <select
          id="village"
          value={fields.region_code}
          disabled={!fields.district_code}
          onChange={(e) => {
            const code = e.currentTarget.value;
            // A pin elsewhere would contradict the chosen kelurahan.
            update({ region_code: code, lat: null, lng: null });
            setFocus(code);
            setLocating('');
          }}
        >
          <option value="">{t('submit.choose')}</option>
          {(villageList.data ?? []).map((v) => (
            <option key={v.code} value={v.code}>
              {v.name}
            </option>
          ))}
        </select>
      </Field>
      {villagesFailed && (
        <ListFailed
          testid="villages-failed"
          text={t('submit.villages_failed')}
          error={villageList.error}
          onRetry={villageList.reload}
        />
      )}
      <Field id="address" label={t('submit.address')} hint={t('submit.address_hint')}>
        <input
          id="address"
          value={fields.address}
          maxLength={500}
          onInput={(e) => update({ address: e.currentTarget.value })}
        />
      </Field>
    </fieldset>
  );
}

// The fields of the problems an edit of `patch` answers, so that a message
// goes (from the field and the summary) as soon as its field is changed:
// a problem names "title", "reporter.phone", "location.region_code",
// "attribute[CODE]" ... ("location" stands for all of its own).
function editedFields(patch: Partial<Fields>, before: Fields): string[] {
  const names: string[] = [];
  for (const key of Object.keys(patch) as (keyof Fields)[]) {
    switch (key) {
      case 'name':
      case 'phone':
      case 'email':
        names.push(`reporter.${key}`);
        break;
      case 'lat':
      case 'lng':
      case 'district_code':
      case 'region_code':
      case 'address':
        names.push('location');
        break;
      case 'photos':
        names.push('attachments');
        break;
      case 'answers':
        for (const [code, values] of Object.entries(patch.answers ?? {})) {
          if (values !== before.answers?.[code]) names.push(answerField(code));
        }
        break;
      case 'kind':
        // A request needs a service, another kind does not.
        names.push('kind', 'service_code');
        break;
      case 'service_code':
        // Another service asks other questions.
        names.push('service_code', 'category', 'attribute', 'attributes');
        break;
      default:
        names.push(key);
    }
  }
  return names;
}

function isAnswered(problem: FieldProblem, edited: string[]): boolean {
  return edited.some(
    (name) => problem.field === name || problem.field.startsWith(`${name}.`) || problem.field.startsWith(`${name}[`),
  );
}

// A problem of an attached file ("attachments[0].upload_token"): which
// file, and what to do about it. An upload the server no longer knows
// (it keeps unnamed uploads for a day) is said as such: remove the file
// and attach it again.
function attachmentProblem(p: FieldProblem): { index: number; text: string; mark: string } | null {
  const m = /^attachments\[(\d+)\]\.(\w+)$/.exec(p.field);
  if (!m) return null;
  const expired = m[2] === 'upload_token' || (m[2] === 'sha256' && p.code === 'unknown');
  return {
    index: Number(m[1]),
    text: expired ? t('photos.expired') : t('photos.problem', { reason: label('field_error', p.code, p.message) }),
    // Beside the file itself.
    mark: expired ? t('photos.expired_mark') : label('field_error', p.code, p.message),
  };
}

// What a problem says, after its field's name.
function problemText(p: FieldProblem): string {
  return attachmentProblem(p)?.text ?? label('field_error', p.code, p.message);
}

// Whether a saved draft holds anything the citizen typed or chose (the kind
// alone is not worth a notice).
function hasContent(draft: Partial<Fields> | null): boolean {
  if (!draft) return false;
  const texts = [draft.title, draft.description, draft.category, draft.address, draft.name, draft.phone, draft.email];
  return (
    texts.some((v) => typeof v === 'string' && v.trim() !== '') ||
    !!draft.anonymous ||
    !!draft.confidential ||
    typeof draft.lat === 'number' ||
    !!draft.region_code ||
    (draft.photos?.length ?? 0) > 0 ||
    Object.values(draft.answers ?? {}).some((v) => v.some((x) => x.trim() !== ''))
  );
}

export function SubmitPage() {
  const { query } = useLocation();
  // What the address asks for (a service page's link): a kind and a service.
  const fromQuery = (base: Fields): Fields => {
    const next = { ...base };
    const service = query.get('layanan');
    const kind = query.get('jenis') as CaseKind | null;
    if (service) next.service_code = service;
    if (kind && CASE_KINDS.includes(kind)) next.kind = kind;
    return next;
  };
  // A draft left from an earlier visit (a report not sent, or refused) is
  // restored, and said so: it may carry contact details and the Anonim flag
  // meant for another report.
  const [restored, setRestored] = useState(() => pending() === null && hasContent(loadDraft()));
  const [fields, setFields] = useState<Fields>(() => fromQuery({ ...EMPTY, ...(loadDraft() ?? {}) }));
  // Remounts the parts that keep state of their own (map, photos) on a fresh start.
  const [generation, setGeneration] = useState(0);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  // How many characters of the last input went beyond the description's limit.
  const [cut, setCut] = useState(0);
  const summary = useRef<HTMLDivElement>(null);
  const outbox = useOutbox();
  const serviceList = useAsync(() => services(), []);
  // The Pemda's taxonomy (issue 8): a choice of its categories, else free text.
  const categoryList = useAsync(() => categories().catch(() => []), []);
  const locked = outbox.status === 'sending' || pending() !== null;

  useEffect(() => {
    if (outbox.status === 'sent') {
      const code = outbox.receipt.tracking_code;
      acknowledge();
      navigate(`/lapor/terkirim/${code}`, { replace: true });
    } else if (outbox.status === 'refused') {
      setProblems(outbox.error.fields.length > 0 ? outbox.error.fields : []);
      summary.current?.focus();
    }
  }, [outbox.status]);

  const update = (patch: Partial<Fields>) => {
    const edited = editedFields(patch, fields);
    setProblems((found) => {
      const left = found.filter((p) => !isAnswered(p, edited));
      return left.length === found.length ? found : left;
    });
    setFields((f) => {
      const next = { ...f, ...patch };
      saveDraft(next);
      return next;
    });
  };

  const offered = useMemo(
    () =>
      (serviceList.data ?? [])
        .filter((s) => s.kinds.includes(fields.kind) || s.code === fields.service_code)
        .sort((a, b) => a.group.localeCompare(b.group, 'id') || a.name.localeCompare(b.name, 'id')),
    [serviceList.data, fields.kind, fields.service_code],
  );

  const offeredGroups = useMemo(() => {
    const byGroup = new Map<string, Service[]>();
    for (const s of offered) byGroup.set(s.group, [...(byGroup.get(s.group) ?? []), s]);
    return [...byGroup.entries()];
  }, [offered]);
  const chosen = offered.find((s) => s.code === fields.service_code);

  const questions = (serviceList.data ?? []).find((s) => s.code === fields.service_code)?.standard
    .attributes;

  // A service the catalogue does not offer (a mistyped or retired code in the
  // address or the draft) would leave an invisible choice the server refuses.
  useEffect(() => {
    const list = serviceList.data;
    if (!list || !fields.service_code || locked) return;
    if (!list.some((s) => s.code === fields.service_code)) update({ service_code: '', answers: {} });
  }, [serviceList.data, fields.service_code]);

  const startAfresh = () => {
    clearDraft();
    acknowledge();
    setProblems([]);
    setFields(fromQuery({ ...EMPTY }));
    setRestored(false);
    setGeneration((n) => n + 1);
    requestAnimationFrame(() => document.getElementById('kind-complaint')?.focus());
  };

  const submit = (event: Event) => {
    event.preventDefault();
    acknowledge();
    const found = localProblems(fields, questions);
    setProblems(found);
    if (found.length > 0) {
      summary.current?.focus();
      return;
    }
    void enqueue(bodyOf(fields, questions), fields.title.trim());
  };

  // Where the summary's link of a problem goes, and what it is called: a
  // question by its own words.
  const problemTarget = (field: string) => {
    const question = questions?.find((q) => answerField(q.code) === field);
    if (question) {
      // A list of checkboxes: its first checkbox (a fieldset takes no focus).
      const first = question.datatype === 'multivaluelist' ? question.values[0]?.key : undefined;
      const href = first !== undefined ? `#${answerId(question.code)}-${first}` : `#${answerId(question.code)}`;
      return { href, name: splitQuestion(question.description).question };
    }
    if (field === 'attachments' || field.startsWith('attachments[') || field.startsWith('attachments.')) {
      // The file input, or (with no room for another file) the button
      // that removes the file at fault.
      const index = /^attachments\[(\d+)\]/.exec(field)?.[1] ?? '0';
      const href = (fields.photos?.length ?? 0) < MAX_PHOTOS ? '#photos' : `#photos-remove-${index}`;
      return { href, name: t('photos.field_name') };
    }
    return {
      href: `#${field.replace('reporter.', '').replace('location.', '')}`,
      name: label('field', field),
    };
  };

  const err = (name: string) => fieldError(problems, name);
  // The description's length is shown from 90 % of its limit on.
  const nearLimit = fields.description.length >= DESCRIPTION_MAX * 0.9;
  const photoProblems = problems.filter((p) => p.field === 'attachments' || p.field.startsWith('attachments'));
  const refused = outbox.status === 'refused' ? outbox.error : null;

  return (
    <section>
      <PageTitle>{t('submit.title')}</PageTitle>
      <p>{t('submit.lead')}</p>
      {restored && !locked && (
        <div class="notice notice-info" role="status" data-testid="draft-restored">
          <p>{t('submit.draft_restored')}</p>
          <button type="button" class="button secondary" onClick={startAfresh}>
            {t('submit.draft_discard')}
          </button>
        </div>
      )}
      <PendingBox />
      {/* The summary takes the focus; its role="alert" announces it (once:
          no live region around it). */}
      <div ref={summary} tabIndex={-1}>
        {problems.length > 0 && (
          <div class="notice notice-error" role="alert">
            <p>{t('submit.fix_errors')}</p>
            <ul>
              {problems.map((p) => {
                const target = problemTarget(p.field);
                return (
                  <li key={p.field}>
                    <a href={target.href}>
                      {target.name}: {problemText(p)}
                    </a>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
        {/* A refusal for its fields is said by them; once they are
            corrected, nothing is left to say. */}
        {refused && refused.fields.length === 0 && <ErrorBox error={refused} />}
      </div>
      <form onSubmit={submit} noValidate class="submit-form" key={generation}>
        <fieldset disabled={locked} class="plain">
          <fieldset class="card">
            <legend>{t('submit.kind_legend')}</legend>
            {CASE_KINDS.map((k) => (
              <div class="choice" key={k}>
                <input
                  type="radio"
                  name="kind"
                  id={`kind-${k}`}
                  value={k}
                  checked={fields.kind === k}
                  aria-describedby={`kind-${k}-help`}
                  onChange={() => update({ kind: k })}
                />
                <label for={`kind-${k}`}>{label('kind', k)}</label>
                <p class="hint" id={`kind-${k}-help`}>
                  {label('kind_help', k)}
                </p>
              </div>
            ))}
          </fieldset>

          <div class="card">
            <Field
              id="service_code"
              label={t('submit.service')}
              hint={t('submit.service_hint')}
              error={err('service_code')}
            >
              <select
                id="service_code"
                value={fields.service_code}
                onChange={(e) => update({ service_code: e.currentTarget.value })}
              >
                <option value="">{t('submit.service_unknown')}</option>
                {/* By group, each service by its own name: a narrow select
                    (200 % text on a phone) shows the start of the chosen
                    option, which must be what tells services apart. */}
                {offeredGroups.map(([group, items]) => (
                  <optgroup key={group} label={group} lang="id">
                    {items.map((s) => (
                      <option key={s.code} value={s.code} lang="id">
                        {s.name}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              {chosen && (
                <p class="chosen-service" data-testid="chosen-service">
                  {t('submit.service_chosen')}{' '}
                  <strong lang="id">{chosen.name}</strong> <span lang="id">({chosen.group})</span>
                </p>
              )}
            </Field>
            {!fields.service_code && (categoryList.data ?? []).length > 0 && (
              <CategorySelect
                id="category"
                label={t('submit.category')}
                hint={t('submit.category_choose_hint')}
                none={t('submit.category_none')}
                value={fields.category}
                categories={categoryList.data ?? []}
                onChange={(category) => update({ category })}
                error={err('category')}
              />
            )}
            {!fields.service_code && categoryList.data && categoryList.data.length === 0 && (
              <Field id="category" label={t('submit.category')} hint={t('submit.category_hint')} error={err('category')}>
                <input
                  id="category"
                  value={fields.category}
                  maxLength={200}
                  onInput={(e) => update({ category: e.currentTarget.value })}
                />
              </Field>
            )}
            <Field id="title" label={t('submit.subject')} error={err('title')}>
              <input
                id="title"
                value={fields.title}
                maxLength={200}
                required
                onInput={(e) => update({ title: e.currentTarget.value })}
              />
            </Field>
            <Field
              id="description"
              label={t('submit.description')}
              hint={t('submit.description_hint')}
              error={err('description')}
            >
              <textarea
                id="description"
                rows={6}
                value={fields.description}
                required
                aria-describedby={nearLimit ? 'description-count' : undefined}
                onInput={(e) => {
                  // Cut here rather than by maxlength, which cuts a pasted
                  // text without a word: what was cut is said.
                  const text = e.currentTarget.value;
                  if (text.length > DESCRIPTION_MAX) {
                    e.currentTarget.value = text.slice(0, DESCRIPTION_MAX);
                    setCut(text.length - DESCRIPTION_MAX);
                  } else {
                    setCut(0);
                  }
                  update({ description: text.slice(0, DESCRIPTION_MAX) });
                }}
              />
              {nearLimit && (
                <p class="hint" id="description-count" data-testid="description-count">
                  {t('submit.description_count', {
                    n: fields.description.length.toLocaleString(locale()),
                    max: DESCRIPTION_MAX.toLocaleString(locale()),
                  })}
                </p>
              )}
              <div role="status" data-testid="description-cut">
                {cut > 0 && (
                  <p class="field-error">
                    {t('submit.description_cut', {
                      max: DESCRIPTION_MAX.toLocaleString(locale()),
                      cut: cut.toLocaleString(locale()),
                    })}
                  </p>
                )}
              </div>
            </Field>
          </div>

          {fields.service_code && (
            <ServiceQuestions
              attributes={questions}
              answers={fields.answers ?? {}}
              problems={problems}
              onChange={(answers) => update({ answers })}
            />
          )}

          <PhotoField
            documents
            photos={fields.photos ?? []}
            onChange={(photos) => update({ photos })}
            error={photoProblems.length > 0 ? problemText(photoProblems[0]) : undefined}
            flagged={Object.fromEntries(
              photoProblems.flatMap((p) => {
                const found = attachmentProblem(p);
                return found ? [[found.index, found.mark]] : [];
              }),
            )}
          />

          <PlaceFields fields={fields} update={update} />

          <fieldset class="card">
            <legend>{t('submit.contact_legend')}</legend>
            <p class="hint">{t('submit.contact_hint')}</p>
            <Field id="name" label={t('submit.name')}>
              <input
                id="name"
                value={fields.name}
                maxLength={100}
                autocomplete="name"
                onInput={(e) => update({ name: e.currentTarget.value })}
              />
            </Field>
            <Field id="phone" label={t('submit.phone')} error={err('reporter.phone')}>
              <input
                id="phone"
                type="tel"
                value={fields.phone}
                autocomplete="tel"
                onInput={(e) => update({ phone: e.currentTarget.value })}
              />
            </Field>
            <Field id="email" label={t('submit.email')} error={err('reporter.email')}>
              <input
                id="email"
                type="email"
                value={fields.email}
                autocomplete="email"
                onInput={(e) => update({ email: e.currentTarget.value })}
              />
            </Field>
          </fieldset>

          <fieldset class="card">
            <legend>{t('submit.privacy_legend')}</legend>
            <div class="choice">
              <input
                type="checkbox"
                id="anonymous"
                checked={fields.anonymous}
                aria-describedby="anonymous-help"
                onChange={(e) => update({ anonymous: e.currentTarget.checked })}
              />
              <label for="anonymous">{t('submit.anonymous')}</label>
              <p class="hint" id="anonymous-help">
                {t('submit.anonymous_help')}
              </p>
            </div>
            <div class="choice">
              <input
                type="checkbox"
                id="confidential"
                checked={fields.confidential}
                aria-describedby="confidential-help"
                onChange={(e) => update({ confidential: e.currentTarget.checked })}
              />
              <label for="confidential">{t('submit.confidential')}</label>
              <p class="hint" id="confidential-help">
                {t('submit.confidential_help')}
              </p>
            </div>
          </fieldset>
          <NearbyBox fields={fields} />
          <p class="hint">{t('submit.draft_note')}</p>
          <button type="submit" class="button primary big">
            {t('submit.send')}
          </button>
        </fieldset>
      </form>
    </section>
  );
}
