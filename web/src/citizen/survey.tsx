// The public satisfaction survey (SKM, PermenPAN-RB 14/2017): the 9
// elements with their official answers, optional demographics and a
// suggestion. Anonymous; reached from the home page and, linked to the
// case, from the tracking page of a resolved case (/survei?kasus=CODE),
// which offers only the surveys of the unit (and service) that handled it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { agencies, agencyName, services } from '../catalogue';
import { formatCode, formatDayRange, formatMonth, locale } from '../format';
import { currentLanguage, label, t } from '../i18n';
import { Link, useLocation } from '../router';
import type { Agency, Service } from '../types';
import { ErrorBox, Field, fieldProblemText, Loading, PageTitle, useAsync } from '../ui';
import { secretFor } from './receipts';

interface SurveyElement {
  code: string;
  name: string;
  name_en: string;
  answers: string[];
  answers_en?: string[];
}

export interface Survey {
  id: number;
  unit_code: string;
  unit_name: string;
  service_code: string;
  period: string;
  starts_on: string;
  ends_on: string;
  open: boolean;
  elements: SurveyElement[];
}

const DEMOGRAPHICS = ['jenis_kelamin', 'usia', 'pendidikan', 'pekerjaan'] as const;
const CHOICES: Record<(typeof DEMOGRAPHICS)[number], string[]> = {
  jenis_kelamin: ['L', 'P'],
  usia: ['<20', '20-29', '30-39', '40-49', '50+'],
  pendidikan: ['SD', 'SMP', 'SMA', 'D3', 'S1', 'S2+'],
  pekerjaan: ['PNS', 'TNI/POLRI', 'Swasta', 'Wirausaha', 'Pelajar', 'Lainnya'],
};

// A demographic answer as shown: the words of the UI language; the value
// sent stays the questionnaire's own (PermenPAN-RB 14/2017).
function choiceLabel(question: (typeof DEMOGRAPHICS)[number], value: string): string {
  if (question === 'jenis_kelamin') return t(value === 'L' ? 'survey.male' : 'survey.female');
  if (question === 'pendidikan' || question === 'pekerjaan') {
    return t(`survey.${question}.${value}` as 'survey.pekerjaan.Lainnya');
  }
  return value;
}

// The case a survey is reached from, as its public view tells (the unit
// that handled it and its service).
interface HandledCase {
  agency_code: string;
  service: { code: string; name: string } | null;
}

const ROMAN = ['', 'I', 'II', 'III', 'IV'];

// A survey's period as people say it: "Tahun 2026", "Desember 2026",
// "Triwulan IV 2026", "Semester II 2026" (in English "Year 2026",
// "December 2026", "Q4 2026", "H2 2026"); a label of the Pemda's own with
// its dates.
export function periodLabel(s: Pick<Survey, 'period' | 'starts_on' | 'ends_on'>): string {
  const p = s.period;
  if (/^\d{4}$/.test(p)) return t('survey.period_year', { year: p });
  if (/^\d{4}-\d{2}$/.test(p)) return formatMonth(p, 'long');
  const part = /^(\d{4})-([QS])([1-4])$/i.exec(p);
  if (part) {
    const n = Number(part[3]);
    const key = part[2].toUpperCase() === 'Q' ? 'survey.period_quarter' : 'survey.period_half';
    return t(key, { year: part[1], n, roman: ROMAN[n] });
  }
  return s.starts_on && s.ends_on ? `${p} (${formatDayRange(s.starts_on, s.ends_on)})` : p;
}

// What tells the surveys apart in the chooser: unit (unless all are of
// one), service (or all the unit's services) and period; two that still
// read the same get their dates, then their number.
function optionLabels(items: Survey[], serviceList: Service[]): Map<number, string> {
  const serviceName = (code: string) => serviceList.find((x) => x.code === code)?.name ?? code;
  const oneUnit = items.every((s) => s.unit_code === items[0].unit_code);
  const base = (s: Survey) =>
    oneUnit
      ? t('survey.option_in_unit', {
          service: s.service_code ? serviceName(s.service_code) : t('survey.all_services_in_unit'),
          period: periodLabel(s),
        })
      : t('survey.option', {
          unit: s.unit_name || s.unit_code,
          service: s.service_code ? serviceName(s.service_code) : t('survey.all_services'),
          period: periodLabel(s),
        });
  let labels = items.map((s) => ({ s, text: base(s) }));
  const count = (text: string) => labels.filter((l) => l.text === text).length;
  labels = labels.map((l) =>
    count(l.text) > 1 && !/\(/.test(periodLabel(l.s))
      ? { ...l, text: `${l.text} (${formatDayRange(l.s.starts_on, l.s.ends_on)})` }
      : l,
  );
  labels = labels.map((l) => (count(l.text) > 1 ? { ...l, text: `${l.text} · ${t('survey.number', { id: l.s.id })}` } : l));
  return new Map(labels.map((l) => [l.s.id, l.text]));
}

// The surveys that rate what handled the case: its unit's, for all its
// services or for the case's own; the most specific first (its service,
// then the shortest period).
function surveysForCase(items: Survey[], handled: HandledCase): Survey[] {
  const span = (s: Survey) => (s.ends_on && s.starts_on ? Date.parse(s.ends_on) - Date.parse(s.starts_on) : Infinity);
  return items
    .filter((s) => s.unit_code === handled.agency_code && (!s.service_code || s.service_code === handled.service?.code))
    .sort((a, b) => Number(!a.service_code) - Number(!b.service_code) || span(a) - span(b));
}

// The server's 422 when the case was handled by another unit than the
// survey's (its field text is for developers).
function otherUnit(error: unknown): boolean {
  return error instanceof ApiError && error.status === 422 && error.fields.some((f) => f.field === 'case_code' && f.code === 'other_unit');
}

// The server's limit of a suggestion.
const SARAN_MAX = 2000;

// The id of an element's first answer (where a link to the element goes).
const answerId = (code: string, n: number) => `survey-${code}-${n}`;

function SurveyForm({
  survey,
  caseCode,
  serviceName,
  handledBy,
}: {
  survey: Survey;
  caseCode: string;
  serviceName: string;
  handledBy: string;
}) {
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [info, setInfo] = useState<Record<string, string>>({});
  const [saran, setSaran] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  // Sending was tried with elements unanswered: they are listed above the
  // button (and the list takes the focus) until answered.
  const [tried, setTried] = useState(0);
  const missingBox = useRef<HTMLDivElement>(null);
  const thanks = useRef<HTMLParagraphElement>(null);
  const english = currentLanguage() === 'en';
  const missing = survey.elements.filter((e) => !answers[e.code]);
  const elementName = (e: SurveyElement) => (english ? e.name_en : e.name);
  useEffect(() => {
    if (tried) missingBox.current?.focus();
  }, [tried]);
  useEffect(() => {
    if (done) thanks.current?.focus();
  }, [done]);
  // The server's field problems (a 422), by the form's own names.
  const problems = error instanceof ApiError && !otherUnit(error) ? error.fields : [];
  const problemOf = (field: string) => problems.find((f) => f.field === field);
  const elementProblem = (code: string) => problemOf(`answers.${code}`) ?? problemOf(`answers[${code}]`);
  const fieldName = (field: string): { name: string; href?: string } => {
    const element = survey.elements.find((e) => field === `answers.${e.code}` || field === `answers[${e.code}]`);
    if (element) return { name: elementName(element), href: `#${answerId(element.code, 1)}` };
    if (field === 'answers') return { name: t('survey.answers'), href: `#${answerId(survey.elements[0]?.code ?? '', 1)}` };
    if (field === 'saran') return { name: t('survey.saran'), href: '#survey-saran' };
    const demographic = DEMOGRAPHICS.find((d) => d === field);
    if (demographic) return { name: t(`survey.${demographic}` as 'survey.usia'), href: `#survey-${demographic}` };
    return { name: label('field', field) };
  };
  const problemText = (field: string) => {
    const found = problemOf(field);
    return found ? fieldProblemText(found) : undefined;
  };
  // Sent with the case (its reporter secret kept in this browser): the
  // answer is stored linked to the case so that it counts once, so the
  // form does not call itself anonymous then.
  const linked = caseCode !== '' && secretFor(caseCode) !== '';

  const send = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    if (missing.length > 0) {
      setTried((n) => n + 1);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { answers, channel: 'web', saran: saran.trim(), ...info };
      if (linked) {
        body.case_code = caseCode;
        body.reporter_secret = secretFor(caseCode);
      }
      await api(`/api/v1/surveys/${survey.id}/responses`, { method: 'POST', body });
      setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <p class="notice notice-info" role="status" data-testid="survey-thanks" tabIndex={-1} ref={thanks}>
        {linked ? t('survey.thanks_case', { code: formatCode(caseCode) }) : t('survey.thanks')}
      </p>
    );
  }
  return (
    <form class="card survey-form" onSubmit={send} noValidate>
      <p class="survey-unit" data-testid="survey-unit">
        {t('survey.unit', { unit: survey.unit_name || survey.unit_code, period: periodLabel(survey) })}
        {survey.service_code && (
          <>
            <br />
            {t('survey.service', { service: serviceName })}
          </>
        )}
      </p>
      <p class="hint" data-testid="survey-intro">
        {linked ? t('survey.intro_case', { code: formatCode(caseCode) }) : t('survey.intro')}
      </p>
      <p class="hint" id="survey-required-hint">
        {t('survey.all_required_hint', { n: survey.elements.length })}
      </p>
      {survey.elements.map((e, i) => {
        const unanswered = tried > 0 && !answers[e.code];
        const refused = elementProblem(e.code);
        const invalid = unanswered || !!refused;
        return (
          <fieldset key={e.code} class={invalid ? 'survey-element has-error' : 'survey-element'}>
            <legend>
              {i + 1}. {elementName(e)}
            </legend>
            <div class="survey-answers">
              {(english && e.answers_en ? e.answers_en : e.answers).map((text, a) => (
                <label key={a} class="option">
                  <input
                    type="radio"
                    id={answerId(e.code, a + 1)}
                    name={e.code}
                    value={a + 1}
                    required
                    aria-invalid={invalid ? 'true' : undefined}
                    aria-describedby={invalid ? `survey-${e.code}-error` : undefined}
                    checked={answers[e.code] === a + 1}
                    onChange={() => setAnswers({ ...answers, [e.code]: a + 1 })}
                  />
                  <span>{text}</span>
                </label>
              ))}
            </div>
            {invalid && (
              <p class="field-error" id={`survey-${e.code}-error`}>
                {refused ? fieldProblemText(refused) : t('survey.missing_item')}
              </p>
            )}
          </fieldset>
        );
      })}
      <fieldset>
        <legend>{t('survey.about_you')}</legend>
        {DEMOGRAPHICS.map((d) => (
          <Field key={d} id={`survey-${d}`} label={t(`survey.${d}` as 'survey.usia')} error={problemText(d)}>
            <select
              id={`survey-${d}`}
              value={info[d] ?? ''}
              onChange={(ev) => setInfo({ ...info, [d]: ev.currentTarget.value })}
            >
              <option value="">{t('survey.prefer_not')}</option>
              {CHOICES[d].map((c) => (
                <option key={c} value={c}>
                  {choiceLabel(d, c)}
                </option>
              ))}
            </select>
          </Field>
        ))}
      </fieldset>
      <Field
        id="survey-saran"
        label={t('survey.saran')}
        hint={t('survey.saran_count', {
          n: saran.length.toLocaleString(locale()),
          max: SARAN_MAX.toLocaleString(locale()),
        })}
        error={problemText('saran')}
      >
        <textarea
          id="survey-saran"
          rows={3}
          value={saran}
          maxLength={SARAN_MAX}
          onInput={(ev) => setSaran(ev.currentTarget.value)}
        />
      </Field>
      {tried > 0 && missing.length > 0 && (
        <div class="notice notice-error" role="alert" tabIndex={-1} ref={missingBox} data-testid="survey-missing">
          <p>{t('survey.missing_title')}</p>
          <ul>
            {missing.map((e) => (
              <li key={e.code}>
                <a href={`#${answerId(e.code, 1)}`}>
                  {survey.elements.indexOf(e) + 1}. {elementName(e)}: {t('survey.missing_item')}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {error !== null &&
        (otherUnit(error) ? (
          <div class="notice notice-error" role="alert" data-testid="survey-other-unit">
            <p>
              {handledBy && handledBy !== (survey.unit_name || survey.unit_code)
                ? t('survey.other_unit_named', {
                    code: formatCode(caseCode),
                    agency: handledBy,
                    unit: survey.unit_name || survey.unit_code,
                  })
                : t('survey.other_unit', { code: formatCode(caseCode), unit: survey.unit_name || survey.unit_code })}
            </p>
          </div>
        ) : (
          <ErrorBox error={error} focus testid="survey-error" text={problems.length > 0 ? t('survey.fix_errors') : undefined}>
            {problems.length > 0 && (
              <ul>
                {problems.map((f) => {
                  const target = fieldName(f.field);
                  const text = `${target.name}: ${fieldProblemText(f)}`;
                  return <li key={f.field}>{target.href ? <a href={target.href}>{text}</a> : text}</li>;
                })}
              </ul>
            )}
          </ErrorBox>
        ))}
      <button type="submit" class="button primary" disabled={busy} aria-describedby="survey-required-hint">
        {t('survey.send')}
      </button>
    </form>
  );
}

// The case's public view, with the secret this browser keeps (a
// confidential case shows only to its reporter); null when it cannot be
// read (the survey list is then not narrowed, and the server decides).
async function loadCase(code: string): Promise<HandledCase | null> {
  const secret = secretFor(code);
  try {
    const answer = await api<HandledCase>(`/api/v1/cases/${encodeURIComponent(code)}`, {
      headers: secret ? { 'X-Reporter-Secret': secret } : {},
    });
    return answer.data;
  } catch {
    return null;
  }
}

export function SurveyPage() {
  const { query } = useLocation();
  const caseCode = query.get('kasus') ?? '';
  const list = useAsync(
    () =>
      Promise.all([
        api<{ items: Survey[] }>('/api/v1/surveys').then((a) => a.data.items),
        // Names only: without them the chooser shows codes.
        services().catch((): Service[] => []),
        agencies().catch((): Agency[] => []),
        caseCode ? loadCase(caseCode) : Promise.resolve(null),
      ]),
    [caseCode],
  );
  const [chosen, setChosen] = useState<number | null>(null);
  const [all, serviceList, agencyList, handled] = list.data ?? [[], [], [], null];
  // Narrowed to the unit that handled the case, once it has one.
  const narrowed = handled !== null && handled.agency_code !== '';
  const items = narrowed ? surveysForCase(all, handled) : all;
  const preselected = narrowed ? items[0] : items.length === 1 ? items[0] : undefined;
  const survey = items.find((s) => s.id === chosen) ?? preselected;
  const labels = optionLabels(items, serviceList);
  const handledBy = handled?.agency_code ? agencyName(agencyList, handled.agency_code) : '';
  // A case not disposed to any unit yet cannot rate one: the survey is then
  // sent without it.
  const linkedCase = caseCode && (handled === null || handled.agency_code === survey?.unit_code) ? caseCode : '';
  const serviceName = (code: string) => serviceList.find((x) => x.code === code)?.name ?? code;
  return (
    <section>
      <PageTitle>{t('survey.title')}</PageTitle>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.data && narrowed && items.length > 0 && (
        <p class="hint" data-testid="survey-for-case">
          {handled.service
            ? t('survey.for_case_service', { code: formatCode(caseCode), agency: handledBy, service: handled.service.name })
            : t('survey.for_case', { code: formatCode(caseCode), agency: handledBy })}
        </p>
      )}
      {list.data && narrowed && items.length === 0 && all.length > 0 && (
        <p class="notice notice-info" data-testid="survey-none-for-case">
          {t('survey.none_for_case', { code: formatCode(caseCode), agency: handledBy })}
        </p>
      )}
      {list.data && all.length === 0 && <p>{t('survey.none_open')}</p>}
      {items.length > 1 && (
        <Field id="survey-unit" label={t('survey.choose_unit')}>
          <select
            id="survey-unit"
            value={survey?.id ?? ''}
            onChange={(e) => setChosen(Number(e.currentTarget.value) || null)}
          >
            {!preselected && <option value="">—</option>}
            {items.map((s) => (
              <option key={s.id} value={s.id}>
                {labels.get(s.id)}
              </option>
            ))}
          </select>
        </Field>
      )}
      {survey && (
        <SurveyForm
          key={survey.id}
          survey={survey}
          caseCode={linkedCase}
          serviceName={serviceName(survey.service_code)}
          handledBy={handledBy}
        />
      )}
      {narrowed && all.length > items.length && (
        <p>
          <Link href="/survei">{t('survey.all_surveys')}</Link>
        </p>
      )}
      <p>
        <Link href="/">{t('nav.home')}</Link>
      </p>
    </section>
  );
}
